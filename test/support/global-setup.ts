import 'reflect-metadata';
import pino from 'pino';
import { createServer } from 'node:net';
import { createDataSource } from '../../src/database/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres';

declare global {
  // eslint-disable-next-line no-var
  var __HUB_TEST_DB__: EmbeddedDatabase | undefined;
}

/** Starts a throwaway embedded PostgreSQL (or uses DATABASE_URL) and applies every migration once. */
export default async function globalSetup(): Promise<void> {
  const log = pino({ level: 'warn' });
  let url = process.env.DATABASE_URL;
  if (!url) {
    const embedded = await startEmbeddedPostgres({
      hubDataDir: '',
      port: await freePort(),
      persistent: false,
      database: 'hub_test',
      log,
    });
    globalThis.__HUB_TEST_DB__ = embedded;
    url = embedded.url;
  }
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  // Workers are started after this and inherit it.
  process.env.HUB_TEST_DATABASE_URL = url;
}

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
