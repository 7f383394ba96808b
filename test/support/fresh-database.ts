import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';

/** A new, empty database on the test server with every migration applied; dropped by `drop()`. */
export async function freshDatabase(): Promise<{ url: string; dataSource: DataSource; drop(): Promise<void> }> {
  const base = new URL(process.env.HUB_TEST_DATABASE_URL!);
  const name = `hub_fresh_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: withDatabase(base, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(base, name);
  const dataSource = createDataSource(url, 4);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    url,
    dataSource,
    async drop() {
      await dataSource.destroy();
      const client = new Client({ connectionString: withDatabase(base, 'postgres') });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

function withDatabase(url: URL, database: string): string {
  const copy = new URL(url.toString());
  copy.pathname = `/${database}`;
  return copy.toString();
}
