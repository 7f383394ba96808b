import { Client } from 'pg';
import { AccessLogDocument, CaseHistoryDocument, VerifyAccessLogDocument } from '../generated/graphql';
import { reviewedCase } from '../support/case-history';
import { freshDatabase } from '../support/fresh-database';
import { codes, startTestHub, type TestHub } from '../support/hub';
import { buildWorld, type World } from '../support/world';

// Its own database: this test tampers with the log, which must not disturb the others.
describe('the access log is tamper-evident', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let hub: TestHub;
  let w: World;
  let caseId: string;
  beforeAll(async () => {
    db = await freshDatabase();
    hub = await startTestHub({ databaseUrl: db.url });
    w = await buildWorld(hub);
    caseId = await reviewedCase(hub, w, 6, 'LOG');
  });
  afterAll(async () => {
    await hub.close();
    await db.drop();
  });

  it('verifies a busy log written by many concurrent requests', async () => {
    const readers = [w.cst, w.chair, w.policePanelMember, w.housingPanelMember];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => hub.gql(CaseHistoryDocument, { id: caseId }, readers[i % readers.length].token)));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const verified = await hub.gql(VerifyAccessLogDocument, {}, w.auditor.token);
    const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM access_log');
    expect(n).toBeGreaterThan(400);
    // Concurrent appenders wrote to several lanes (one chain each), and every lane verifies.
    const [{ lanes }] = await db.dataSource.query('SELECT count(DISTINCT lane)::int AS lanes FROM access_log');
    expect(lanes).toBeGreaterThan(1);
    expect(verified.data.verifyAccessLog).toEqual({ ok: true, checked: n, firstBrokenId: null });
  });

  it('shows each disclosure to the auditor with the case it was seen through, and to nobody else', async () => {
    const log = await hub.gql(AccessLogDocument, { filter: { caseId, entity: 'Incident' }, first: 5 }, w.auditor.token);
    expect(log.errors).toBeUndefined();
    expect(log.data.accessLog.totalCount).toBeGreaterThan(5);
    expect(log.data.accessLog.edges[0].node).toMatchObject({ action: 'READ', entity: 'Incident', case: { id: caseId } });
    for (const who of [w.cst, w.admin, w.chair]) expect(codes(await hub.gql(VerifyAccessLogDocument, {}, who.token))).toEqual(['FORBIDDEN']);
  });

  it('is refused UPDATE and DELETE by the application role, and names the entry a superuser edited', async () => {
    const [{ id: victimEntry }] = await db.dataSource.query("SELECT id::text FROM access_log WHERE action = 'READ' ORDER BY id LIMIT 1 OFFSET 10");
    const [{ n: before }] = await db.dataSource.query('SELECT count(*)::int AS n FROM access_log');
    const app = new Client({ connectionString: db.url });
    await app.connect();
    try {
      for (const statement of [`DELETE FROM access_log WHERE id = ${victimEntry}`, `UPDATE access_log SET entity = 'Nothing' WHERE id = ${victimEntry}`, 'TRUNCATE access_log']) {
        await app.query('BEGIN');
        await app.query("SELECT set_config('hub.user_id', $1, true), set_config('role', 'hub_app', true)", [w.auditor.user.id]);
        await expect(app.query(statement)).rejects.toThrow(/permission denied|append-only/);
        await app.query('ROLLBACK');
      }
      // Even the owner is stopped by the trigger.
      await expect(app.query(`DELETE FROM access_log WHERE id = ${victimEntry}`)).rejects.toThrow(/append-only/);
      // A superuser who switches triggers off can change an entry, but the chain shows where.
      await app.query('BEGIN');
      await app.query("SET LOCAL session_replication_role = 'replica'");
      await app.query(`UPDATE access_log SET actor_id = $1 WHERE id = ${victimEntry}`, [w.admin.user.id]);
      await app.query('COMMIT');
    } finally {
      await app.end();
    }
    const [{ n: after }] = await db.dataSource.query('SELECT count(*)::int AS n FROM access_log');
    expect(after).toBe(before);
    const verified = await hub.gql(VerifyAccessLogDocument, {}, w.auditor.token);
    expect(verified.data.verifyAccessLog).toMatchObject({ ok: false, firstBrokenId: victimEntry });
  });
});
