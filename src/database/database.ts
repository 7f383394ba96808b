import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../common/logger';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres';

export type Database = {
  dataSource: DataSource;
  /** Set when the hub started its own embedded PostgreSQL. */
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
};

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL under the data
 * folder when it is not set, then brings the schema up to date with the
 * migrations in migrations/.
 */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ hubDataDir: config.dataDir, port: config.embeddedPgPort, persistent: true, database: 'hub', log });
  const url = config.databaseUrl ?? embedded!.url;
  const dataSource = createDataSource(url, config.poolSize);
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) log.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
  return {
    dataSource,
    embedded,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
