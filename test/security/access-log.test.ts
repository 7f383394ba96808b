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
    const [{ n, entries }] = await db.dataSource.query('SELECT count(*)::int AS n, sum(cardinality(entity_ids))::int AS entries FROM access_log');
    expect(entries).toBeGreaterThan(400);
    expect(n).toBeLessThan(entries);
    // Concurrent appenders wrote to several lanes (one chain each), and every lane verifies.
    const [{ lanes }] = await db.dataSource.query('SELECT count(DISTINCT lane)::int AS lanes FROM access_log');
    expect(lanes).toBeGreaterThan(1);
    expect(verified.data.verifyAccessLog).toEqual({ ok: true, checked: n, firstBrokenId: null });
  });

  it('writes one row per request, action, entity, case and basis, holding every id it disclosed', async () => {
    const [{ mark }] = await db.dataSource.query('SELECT coalesce(max(id), 0)::text AS mark FROM access_log');
    const history = await hub.gql(CaseHistoryDocument, { id: caseId }, w.cst.token);
    expect(history.errors).toBeUndefined();
    const rows: { action: string; entity: string; case_id: string | null; lawful_basis: string; ids: string[] }[] = await db.dataSource.query(
      `SELECT action, entity, case_id, lawful_basis, entity_ids::text[] AS ids FROM access_log WHERE actor_id = $1 AND id > $2 ORDER BY id`,
      [w.cst.user.id, mark],
    );
    const kinds = rows.map((r) => `${r.action} ${r.entity} ${r.case_id} ${r.lawful_basis}`);
    expect(new Set(kinds).size).toBe(kinds.length);
    // The case's six incidents, disclosed through the case: one row holding the six ids, each once.
    const incidentIds = (history.data.caseReview.incidents as { id: string }[]).map((i) => i.id);
    expect(incidentIds).toHaveLength(6);
    const incidentRows = rows.filter((r) => r.entity === 'Incident' && r.case_id === caseId);
    expect(incidentRows.flatMap((r) => r.ids).sort()).toEqual([...incidentIds].sort());
    expect(incidentRows.length).toBeLessThan(incidentIds.length);
  });

  it('finds one disclosure inside a row of many, and pages through such rows one entry at a time', async () => {
    const [row] = await db.dataSource.query(
      `SELECT id::text AS id, entity_ids::text[] AS ids FROM access_log WHERE entity = 'Incident' AND cardinality(entity_ids) >= 3 ORDER BY id DESC LIMIT 1`,
    );
    const third = row.ids[2];
    const found = await hub.gql(AccessLogDocument, { filter: { entityId: third, caseId }, first: 100 }, w.auditor.token);
    expect(found.errors).toBeUndefined();
    const nodes = found.data.accessLog.edges.map((e: { node: { id: string; entityId: string } }) => e.node);
    expect(nodes.every((n: { entityId: string }) => n.entityId === third)).toBe(true);
    expect(nodes.map((n: { id: string }) => n.id)).toContain(`${row.id}.3`);
    expect(found.data.accessLog.totalCount).toBe(nodes.length);

    // Two entries a page, through the case's entries: each once, in the order of the whole list.
    const filter = { caseId, entity: 'Incident' };
    const whole = await hub.gql(AccessLogDocument, { filter, first: 500 }, w.auditor.token);
    const all = whole.data.accessLog.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(all.length).toBe(whole.data.accessLog.totalCount);
    const paged: string[] = [];
    for (let after: string | null = null, pages = 0; pages < 40; pages++) {
      const page: any = await hub.gql(AccessLogDocument, { filter, first: 2, after }, w.auditor.token);
      expect(page.errors).toBeUndefined();
      paged.push(...page.data.accessLog.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.data.accessLog.pageInfo.hasNextPage) break;
      after = page.data.accessLog.pageInfo.endCursor;
    }
    expect(paged).toEqual(all.slice(0, paged.length));
    expect(new Set(paged).size).toBe(paged.length);
  });

  it('shows each disclosure to the auditor with the case it was seen through, and to nobody else', async () => {
    const log = await hub.gql(AccessLogDocument, { filter: { caseId, entity: 'Incident' }, first: 5 }, w.auditor.token);
    expect(log.errors).toBeUndefined();
    expect(log.data.accessLog.totalCount).toBeGreaterThan(5);
    expect(log.data.accessLog.edges[0].node).toMatchObject({ action: 'READ', entity: 'Incident', case: { id: caseId } });
    for (const who of [w.cst, w.admin, w.chair]) expect(codes(await hub.gql(VerifyAccessLogDocument, {}, who.token))).toEqual(['FORBIDDEN']);
  });

  it('names the row a superuser took one id out of, or added one to', async () => {
    const [row] = await db.dataSource.query(
      `SELECT id::text AS id, entity_ids::text[] AS ids FROM access_log WHERE cardinality(entity_ids) >= 2 ORDER BY id DESC LIMIT 1`,
    );
    const su = new Client({ connectionString: db.url });
    await su.connect();
    const edit = async (ids: string[]) => {
      await su.query('BEGIN');
      await su.query("SET LOCAL session_replication_role = 'replica'");
      await su.query(`UPDATE access_log SET entity_ids = $2::uuid[] WHERE id = $1`, [row.id, ids]);
      await su.query('COMMIT');
    };
    try {
      for (const changed of [row.ids.slice(1), [...row.ids, row.ids[0]], [...row.ids].reverse()]) {
        await edit(changed);
        expect((await hub.gql(VerifyAccessLogDocument, {}, w.auditor.token)).data.verifyAccessLog).toMatchObject({ ok: false, firstBrokenId: row.id });
        await edit(row.ids);
        expect((await hub.gql(VerifyAccessLogDocument, {}, w.auditor.token)).data.verifyAccessLog).toMatchObject({ ok: true });
      }
    } finally {
      await su.end();
    }
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
