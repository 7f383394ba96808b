import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written: neither table is an entity (nothing of the hub's domain).
 * What every hub process must agree on, however many there are and on however
 * many hosts: hub_secret holds keys made once for the whole hub (the online
 * application form's CSRF key: a form served by one process is posted to
 * another), rate_limit the counts of rate-limiter-flexible's PostgreSQL store
 * (src/http/rate-limit.ts) when REDIS_URL is not set. rate_limit is UNLOGGED:
 * counts of the current minute need no crash safety, and it spares the WAL a
 * write per request. Its columns are the library's (key, points, expire in ms
 * since the epoch); the key is text, not its varchar(255): a key holds an email.
 */
export class SharedAcrossProcesses1795489000000 implements MigrationInterface {
  name = 'SharedAcrossProcesses1795489000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE hub_secret (
      name text PRIMARY KEY,
      value bytea NOT NULL CHECK (octet_length(value) >= 32),
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE UNLOGGED TABLE rate_limit (key text PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`);
    // The library deletes the rows that expired an hour ago, hourly.
    await q.query(`CREATE INDEX rate_limit_expire ON rate_limit (expire)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit`);
    await q.query(`DROP TABLE hub_secret`);
  }
}
