// npm run schema:emit: writes schema/schema.graphql from the code. Commit the result;
// a test fails while the committed file differs from what the code serves.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config';
import { buildHubSchema, printHubSchema } from '../graphql/schema';

buildHubSchema()
  .then((schema) => {
    const file = path.join(projectRoot(), 'schema', 'schema.graphql');
    writeFileSync(file, printHubSchema(schema));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
