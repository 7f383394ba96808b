import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../common/logger';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres';
import { sharedKey } from './shared-keys';

export type Database = {
  /** The requests' pool: connected as hub_app wherever the hub can arrange it. */
  dataSource: DataSource;
  /** Set when the hub started its own embedded PostgreSQL. */
  embedded?: EmbeddedDatabase;
  /** The owner's URL: migrations, the background jobs (src/jobs) and the rate limits' counts, which are the hub's own work. */
  ownerUrl: string;
  /** hub_app's own login, when the hub has one (DATABASE_APP_URL, or the embedded default's): what a cluster's workers connect with. */
  appUrl?: string;
  /** The online application form's CSRF key, the same in every hub process (hub_secret). */
  formTokenKey: Buffer;
  /** What the rate limits' keys (emails, addresses) are hashed with before they reach the shared store, the same in every process (hub_secret). */
  rateLimitKeySecret: Buffer;
  close(): Promise<void>;
};

/** Namespace of the advisory lock that lets one process at a time run the migrations (the first key of pg_advisory_lock(int, int)). */
const MIGRATION_LOCK_CLASS = 0x4a0c;

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL under the data
 * folder when it is not set, and brings the schema up to date with the
 * migrations (as the owner). Requests then connect as the role hub_app, which
 * owns nothing and meets row-level security: DATABASE_APP_URL when given; on
 * the embedded default the hub gives hub_app a login of its own. Otherwise the
 * owner's connections switch to hub_app inside every request's transaction.
 */
export async function openDatabase(config: Config, log: Logger, opts: { migrate?: boolean } = {}): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ hubDataDir: config.dataDir, port: config.embeddedPgPort, persistent: true, database: 'hub', log });
  const ownerUrl = config.databaseUrl ?? embedded!.url;
  const owner = createDataSource(ownerUrl, 2);
  let app: DataSource | undefined;
  let appUrl = config.databaseAppUrl;
  let formTokenKey: Buffer;
  let rateLimitKeySecret: Buffer;
  try {
    await owner.initialize();
    // A cluster's workers are told the schema is current by the primary that started them.
    if (opts.migrate !== false) await migrate(owner, log);
    if (!appUrl && embedded) appUrl = await embeddedAppUrl(owner, ownerUrl, config.dataDir);
    if (!appUrl && opts.migrate !== false) log.warn('DATABASE_APP_URL is not set: requests switch from the owner to hub_app per transaction');
    formTokenKey = await sharedKey(owner, 'online-application-form');
    rateLimitKeySecret = await sharedKey(owner, 'rate-limit-keys');
    await owner.destroy();
    app = createDataSource(appUrl ?? ownerUrl, config.poolSize);
    await app.initialize();
  } catch (error) {
    if (owner.isInitialized) await owner.destroy().catch(() => undefined);
    if (app?.isInitialized) await app.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
  const dataSource = app;
  return {
    dataSource,
    embedded,
    ownerUrl,
    appUrl,
    formTokenKey,
    rateLimitKeySecret,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

/**
 * Applies the migrations not yet applied, one process at a time: several hosts
 * starting together on one database would otherwise each run the same
 * migration. The lock is held by a session of its own and ends with it.
 */
async function migrate(owner: DataSource, log: Logger): Promise<void> {
  const lock = owner.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1, 0)', [MIGRATION_LOCK_CLASS]);
    const applied = await owner.runMigrations({ transaction: 'each' });
    if (applied.length > 0) log.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1, 0)', [MIGRATION_LOCK_CLASS]).catch(() => undefined);
    await lock.release();
  }
}

/** Gives hub_app a login on the embedded cluster (its password kept beside the cluster's) and names it in a URL. */
async function embeddedAppUrl(owner: DataSource, ownerUrl: string, dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'pg-app-password');
  const password = existsSync(file) ? (await fs.readFile(file, 'utf8')).trim() : randomBytes(18).toString('base64url');
  if (!existsSync(file)) await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  // Identifiers cannot be parameters; the password is base64url, so it needs no escaping.
  await owner.query(`ALTER ROLE hub_app WITH LOGIN PASSWORD '${password}'`);
  const url = new URL(ownerUrl);
  url.username = 'hub_app';
  url.password = password;
  return url.toString();
}
