import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { securityText, SERVER_LINE_PREFIX } from '../../src/database/security-dump';

const root = path.join(__dirname, '..', '..');

/** The `-- PostgreSQL <major>` line of a security text. */
const serverLine = (text: string) => text.split('\n').find((line) => line.startsWith(`-- ${SERVER_LINE_PREFIX}`));
/** The objects a security text defines, and each table's row-level security state, without their bodies. */
const outline = (text: string) => text.split('\n').filter((line) => /^(CREATE|-- [a-z_]+: )/.test(line));

describe('the database schema (the test database has every migration applied)', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = createDataSource(process.env.HUB_TEST_DATABASE_URL!, 2);
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  it('enforces what schema/security.sql shows (run `npm run security:emit` and commit it when this fails)', async () => {
    const committed = readFileSync(path.join(root, 'schema', 'security.sql'), 'utf8');
    const current = await securityText(dataSource);
    if (serverLine(current) === serverLine(committed)) {
      expect(current).toBe(committed);
    } else {
      // A DATABASE_URL server of another major version prints the same definitions a little differently:
      // the same objects must still be there (the file is emitted from the embedded server).
      expect(outline(current)).toEqual(outline(committed));
    }
  });

  it('matches the entities: TypeORM has nothing to add after the migrations (generate a migration when this fails)', async () => {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });
});
