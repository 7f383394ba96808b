import { AccessLogDocument, RecordIncidentsDocument, VerifyAccessLogDocument } from '../generated/graphql';
import { freshDatabase } from '../support/fresh-database';
import { incidentBatch } from '../support/incident-inputs';
import { startTestHub, type TestHub } from '../support/hub';
import { buildWorld, type World } from '../support/world';

/*
 * The AccessLogPerRequest migration carries the log over. Its own database: the
 * migration undone, entries appended the way the hub appended them before (one
 * row per record), the migration applied again. The old rows keep their ids and
 * hashes and still verify beside the grouped rows written since; an auditor finds
 * an old disclosure and a new one by the record's id alike; and the migration
 * refuses to be undone once rows of several ids exist, changing nothing.
 */
describe('the access log carried over to one row per request', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let hub: TestHub;
  let w: World;
  let old: { id: string; entity_id: string }[];

  const applied = async () => (await db.dataSource.query(`SELECT 1 FROM typeorm_migration WHERE name = 'AccessLogPerRequest1795496000000'`)).length > 0;
  const verify = async () => (await hub.gql(VerifyAccessLogDocument, {}, w.auditor.token)).data.verifyAccessLog;

  beforeAll(async () => {
    db = await freshDatabase();
    while (await applied()) await db.dataSource.undoLastMigration({ transaction: 'each' });
    const [agency] = await db.dataSource.query(`INSERT INTO agency (code, name, kind) VALUES ('OLD-AGENCY', 'Old agency', 'POLICE') RETURNING id`);
    const [user] = await db.dataSource.query(`INSERT INTO app_user (email, display_name, agency_id, roles) VALUES ('old@example.test', 'Old', $1, '{CONTRIBUTOR}') RETURNING id`, [agency.id]);
    for (let i = 0; i < 3; i++) {
      await db.dataSource.transaction(async (m) => {
        await m.query(`SELECT set_config('hub.user_id', $1, true)`, [user.id]);
        await m.query(`SELECT hub_append_access_log(ARRAY['READ', 'READ', 'READ'], ARRAY['Person', 'Person', 'Incident'],
                         ARRAY[gen_random_uuid(), gen_random_uuid(), gen_random_uuid()], ARRAY[NULL, NULL, NULL]::uuid[], ARRAY['OWN_RECORD', 'OWN_RECORD', 'OWN_RECORD'])`);
      });
    }
    old = await db.dataSource.query(`SELECT id::text AS id, entity_id::text AS entity_id FROM access_log ORDER BY id`);
    expect(old).toHaveLength(9);
    await db.dataSource.runMigrations({ transaction: 'each' });
    hub = await startTestHub({ databaseUrl: db.url });
    w = await buildWorld(hub);
    // The old entries' actor's agency joins the partnership, so its auditor reads them.
    await db.dataSource.query('INSERT INTO partnership_agency (partnership_id, agency_id) VALUES ($1, $2)', [w.partnership.id, agency.id]);
  });
  afterAll(async () => {
    await hub.close();
    await db.drop();
  });

  it('keeps every old row, with its id and its one record, and verifies them beside the grouped rows written since', async () => {
    const carried = await db.dataSource.query(`SELECT id::text AS id, entity_ids::text[] AS ids FROM access_log WHERE id <= $1::bigint ORDER BY id`, [old.at(-1)!.id]);
    expect(carried).toEqual(old.map((o) => ({ id: o.id, ids: [o.entity_id] })));

    const recorded = await hub.gql(RecordIncidentsDocument, { incidents: incidentBatch(5, { prefix: 'CARRIED' }) }, w.policeContributor.token);
    expect(recorded.errors).toBeUndefined();
    const [{ rows, grouped }] = await db.dataSource.query(
      `SELECT count(*)::int AS rows, count(*) FILTER (WHERE cardinality(entity_ids) > 1)::int AS grouped FROM access_log`,
    );
    const result = await verify();
    expect(result).toEqual({ ok: true, checked: rows, firstBrokenId: null });
    expect(grouped).toBeGreaterThan(0);
  });

  it('finds an old disclosure by its record, under the id it always had', async () => {
    const found = await hub.gql(AccessLogDocument, { filter: { entityId: old[4].entity_id } }, w.auditor.token);
    expect(found.errors).toBeUndefined();
    expect(found.data.accessLog.edges.map((e: { node: { id: string; entityId: string } }) => e.node)).toEqual([
      expect.objectContaining({ id: old[4].id, entityId: old[4].entity_id }),
    ]);
  });

  it('refuses to be undone once a row holds several ids, and changes nothing', async () => {
    const before = await db.dataSource.query(`SELECT count(*)::int AS n FROM access_log`);
    await expect(db.dataSource.undoLastMigration({ transaction: 'each' })).rejects.toThrow(/several ids/);
    expect(await applied()).toBe(true);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM access_log`)).toEqual(before);
    expect(await verify()).toMatchObject({ ok: true });
  });
});
