import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Hand-written, like RowLevelSecurity. hub_secret and rate_limit are the hub's
 * own machinery, read and written by each process through the owner's
 * connection (src/database/shared-keys.ts, src/http/rate-limit.ts), never by a
 * request: hub_app and hub_security have no grant (the schema's default
 * privileges gave them one), and row-level security, forced, with a policy for
 * the owner only, shows them no row should a grant ever come back.
 */
const TABLES = ['hub_secret', 'rate_limit'];

export class SharedAcrossProcessesSecurity1795489010000 implements MigrationInterface {
  name = 'SharedAcrossProcessesSecurity1795489010000';

  public async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`REVOKE ALL ON ${table} FROM hub_app, hub_security`);
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_owner ON ${table} TO CURRENT_USER USING (true) WITH CHECK (true)`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) {
      await q.query(`DROP POLICY ${table}_owner ON ${table}`);
      await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO hub_app`);
      await q.query(`GRANT SELECT ON ${table} TO hub_security`);
    }
  }
}
