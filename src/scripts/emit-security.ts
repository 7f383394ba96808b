// npm run security:emit: writes schema/security.sql (row-level security, policies, views
// and functions as the database has them after every migration). Commit the result; a test
// fails while the committed file differs. Uses DATABASE_URL when set (a scratch database:
// the migrations are applied to it), else a throwaway embedded PostgreSQL.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { projectRoot } from '../config';
import { createDataSource } from '../database/data-source';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { securityText } from '../database/security-dump';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function main(): Promise<void> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ hubDataDir: '', port: await freePort(), persistent: false, database: 'hub_security', log: pino({ level: 'warn' }) });
  const dataSource = createDataSource(process.env.DATABASE_URL ?? embedded!.url, 2);
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const file = path.join(projectRoot(), 'schema', 'security.sql');
    writeFileSync(file, await securityText(dataSource));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
