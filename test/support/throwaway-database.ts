import { createServer } from 'node:net';
import pino from 'pino';
import { createDataSource } from '../../src/database/data-source';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/** A port nothing listens on now (for a throwaway PostgreSQL). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * DATABASE_URL when set, else a throwaway embedded PostgreSQL (removed by
 * stop()); either way with every migration applied. For the test suite's
 * globalSetup and the benchmarks.
 */
export async function throwawayDatabase(
  database: string,
  opts: { settings?: Record<string, string> } = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ hubDataDir: '', port: await freePort(), persistent: false, database, log: pino({ level: 'warn' }), ...opts });
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  return { url, stop: async () => embedded?.stop() };
}

/** `--name value` from the command line as a number, or the fallback. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
