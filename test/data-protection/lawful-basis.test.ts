import { Client } from 'pg';
import { freshDatabase } from '../support/fresh-database';
import { startTestHub, type TestHub } from '../support/hub';
import { application, buildWorld, victimIncident, type World } from '../support/world';

/*
 * The lawful basis in the hash chain. Its own database: entries are written the
 * way the hub wrote them before the column existed (the data protection
 * migrations undone), the migrations applied again, and entries written since:
 * the old entries keep the hash they were written with and still verify, show
 * as NOT_RECORDED, and every new entry carries its basis inside its hash, so
 * clearing or changing a basis breaks the chain at that entry.
 */
describe('the lawful basis in the access log', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let hub: TestHub;
  let w: World;
  let oldActor: string;

  const LOG = `query ($f: AccessLogFilter) { accessLog(filter: $f, first: 100) { totalCount edges { node { id action entity lawfulBasis } } } }`;

  beforeAll(async () => {
    db = await freshDatabase();
    // Back to the hub as it was before this issue: append the old way, as a user of an agency.
    // (And those after them: undone newest first until the first of this is.)
    const applied = async () => (await db.dataSource.query(`SELECT 1 FROM typeorm_migration WHERE name = 'DataProtection1795487000000'`)).length > 0;
    while (await applied()) await db.dataSource.undoLastMigration({ transaction: 'each' });
    const [agency] = await db.dataSource.query(`INSERT INTO agency (code, name, kind) VALUES ('OLD-AGENCY', 'Old agency', 'POLICE') RETURNING id`);
    const [user] = await db.dataSource.query(`INSERT INTO app_user (email, display_name, agency_id, roles) VALUES ('old@example.test', 'Old', $1, '{CONTRIBUTOR}') RETURNING id`, [agency.id]);
    oldActor = user.id;
    for (let i = 0; i < 3; i++) {
      await db.dataSource.transaction(async (m) => {
        await m.query(`SELECT set_config('hub.user_id', $1, true)`, [oldActor]);
        await m.query(`SELECT hub_append_access_log(ARRAY['READ', 'WRITE'], ARRAY['Person', 'Incident'], ARRAY[gen_random_uuid(), gen_random_uuid()], ARRAY[NULL, NULL]::uuid[])`);
      });
    }
    await db.dataSource.runMigrations({ transaction: 'each' });
    hub = await startTestHub({ databaseUrl: db.url });
    w = await buildWorld(hub);
    // The old entries' actor's agency joins the partnership, so its auditor reads them.
    await db.dataSource.query('INSERT INTO partnership_agency (partnership_id, agency_id) VALUES ($1, $2)', [w.partnership.id, agency.id]);
    // New entries: a case read by the CST (own records) and the police's panel-free contributor's own record.
    const [kp] = (await hub.gql('mutation ($i: [IncidentInput!]!) { recordIncidents(incidents: $i) { incidents { id } } }', { i: [victimIncident('LB-1', '2026-02-01T20:00:00Z', '2026-02-01T21:00:00Z')] }, w.policeContributor.token)).data.recordIncidents.incidents;
    const { id: caseId } = (await hub.gql('mutation ($input: ApplicationInput!) { submitApplication(input: $input) { id } }', { input: application(w) }, w.cst.token)).data.submitApplication;
    await hub.gql('mutation ($c: ID!, $i: [ID!]!) { linkIncidents(caseId: $c, incidentIds: $i) { id } }', { c: caseId, i: [kp.id] }, w.cst.token);
    const read = await hub.gql('query ($id: ID!) { caseReview(id: $id) { victim { name } incidents { summary reporter { name } } } }', { id: caseId }, w.cst.token);
    expect(read.errors).toBeUndefined();
  });
  afterAll(async () => {
    await hub.close();
    await db.drop();
  });

  const verify = async () => (await hub.gql('query { verifyAccessLog { ok checked firstBrokenId } }', {}, w.auditor.token)).data.verifyAccessLog;

  it('verifies entries written before the column and after it, in one chain', async () => {
    const [{ n, old }] = await db.dataSource.query('SELECT count(*)::int AS n, count(*) FILTER (WHERE lawful_basis IS NULL)::int AS old FROM access_log');
    expect(old).toBe(6);
    expect(n).toBeGreaterThan(old);
    expect(await verify()).toEqual({ ok: true, checked: n, firstBrokenId: null });
  });

  it('shows the old entries as NOT_RECORDED and filters by basis', async () => {
    const old = await hub.gql(LOG, { f: { lawfulBasis: 'NOT_RECORDED' } }, w.auditor.token);
    expect(old.data.accessLog.totalCount).toBe(6);
    expect(old.data.accessLog.edges.every((e: { node: { lawfulBasis: string } }) => e.node.lawfulBasis === 'NOT_RECORDED')).toBe(true);
    const consent = await hub.gql(LOG, { f: { lawfulBasis: 'CONSENT' } }, w.auditor.token);
    expect(consent.data.accessLog.edges.map((e: { node: { entity: string } }) => e.node.entity).sort()).toEqual(['Incident', 'Person']);
    const own = await hub.gql(LOG, { f: { lawfulBasis: 'OWN_RECORD' } }, w.auditor.token);
    expect(own.data.accessLog.totalCount).toBeGreaterThan(3);
    expect(own.data.accessLog.edges.every((e: { node: { lawfulBasis: string } }) => e.node.lawfulBasis === 'OWN_RECORD')).toBe(true);
  });

  it('refuses an entry without a basis, through the function or around it', async () => {
    await expect(
      db.dataSource.transaction(async (m) => {
        await m.query(`SELECT set_config('hub.user_id', $1, true)`, [oldActor]);
        await m.query(`SELECT hub_append_access_log(ARRAY['READ'], ARRAY['Person'], ARRAY[gen_random_uuid()], ARRAY[NULL]::uuid[], ARRAY[NULL]::text[])`);
      }),
    ).rejects.toThrow(/lawful basis/);
    await expect(
      db.dataSource.query(`INSERT INTO access_log (actor_id, action, entity, entity_ids, hash) VALUES ($1, 'READ', 'Person', ARRAY[gen_random_uuid()], 'x')`, [oldActor]),
    ).rejects.toThrow(/lawful basis/);
    await expect(
      db.dataSource.query(`INSERT INTO access_log (actor_id, action, entity, entity_ids, lawful_basis, hash) VALUES ($1, 'READ', 'Person', ARRAY[gen_random_uuid()], 'BECAUSE', 'x')`, [oldActor]),
    ).rejects.toThrow(/access_log_lawful_basis/);
  });

  it("names the entry whose basis a superuser cleared or changed", async () => {
    const [entry] = await db.dataSource.query(`SELECT id::text FROM access_log WHERE lawful_basis = 'CONSENT' ORDER BY id LIMIT 1`);
    const su = new Client({ connectionString: db.url });
    await su.connect();
    try {
      for (const [basis, restore] of [[null, 'CONSENT'], ['OWN_RECORD', 'CONSENT']] as const) {
        await su.query('BEGIN');
        await su.query("SET LOCAL session_replication_role = 'replica'");
        await su.query('UPDATE access_log SET lawful_basis = $2 WHERE id = $1', [entry.id, basis]);
        await su.query('COMMIT');
        expect(await verify()).toMatchObject({ ok: false, firstBrokenId: entry.id });
        await su.query('BEGIN');
        await su.query("SET LOCAL session_replication_role = 'replica'");
        await su.query('UPDATE access_log SET lawful_basis = $2 WHERE id = $1', [entry.id, restore]);
        await su.query('COMMIT');
        expect(await verify()).toMatchObject({ ok: true });
      }
    } finally {
      await su.end();
    }
  });
});
