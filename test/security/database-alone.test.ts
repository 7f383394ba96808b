import { Client } from 'pg';
import { CaseHistoryDocument, RecordIncidentsWithPromptsDocument, WithdrawConsentDocument } from '../generated/graphql';
import { report } from '../review-prompts/report';
import { reviewedCase } from '../support/case-history';
import { startTestHub, type TestHub } from '../support/hub';
import { buildWorld, type World } from '../support/world';
import { buildAgency, buildUser } from '../support/factories';
import { Role } from '../../src/modules/user/role';

/*
 * The second layer on its own: the application's checks switched off entirely —
 * plain SQL over every table, in a transaction set up exactly as a request's
 * (role hub_app, the caller in hub.user_id) — and the database alone still
 * returns nothing the caller may not see.
 */
describe('row-level security without the application', () => {
  let hub: TestHub;
  let w: World;
  let caseId: string;
  let client: Client;

  /** Runs `sql` as `userId` would in a request, with no application code in between. */
  async function asUser<T = Record<string, unknown>>(userId: string, sql: string, params: unknown[] = []): Promise<T[]> {
    await client.query('BEGIN');
    try {
      await client.query("SELECT set_config('hub.user_id', $1, true), set_config('role', 'hub_app', true)", [userId]);
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.query('ROLLBACK');
    }
  }

  beforeAll(async () => {
    hub = await startTestHub();
    w = await buildWorld(hub);
    caseId = await reviewedCase(hub, w, 6, 'RLS');
    client = new Client({ connectionString: process.env.HUB_TEST_DATABASE_URL });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await hub.close();
  });

  it("returns no row of another agency's incidents, persons or history", async () => {
    const stranger = await buildUser(hub.dataSource, { agency: await buildAgency(hub.dataSource), roles: [Role.CONTRIBUTOR, Role.RESPONDER, Role.CST_OFFICER, Role.PANEL_MEMBER, Role.AUDITOR] });
    for (const table of ['incident', 'person', 'incident_revision', 'case_review', 'case_incident', 'case_event', 'information_request', 'panel', 'panel_member', 'recommendation']) {
      const rows = await asUser(stranger.id, `SELECT * FROM ${table}`);
      expect({ table, rows }).toEqual({ table, rows: [] });
    }
    // The housing contributor sees its own incidents only, never the police's.
    const agencies = await asUser<{ agency_id: string }>(w.housingContributor.user.id, 'SELECT DISTINCT agency_id FROM incident');
    expect(agencies).toEqual([{ agency_id: w.housing.id }]);
  });

  it("returns none of another partnership's cases to its CST", async () => {
    expect(await asUser(w.otherCst.user.id, 'SELECT id FROM case_review WHERE id = $1', [caseId])).toEqual([]);
    expect(await asUser(w.otherCst.user.id, 'SELECT * FROM case_event WHERE case_id = $1', [caseId])).toEqual([]);
    expect((await asUser(w.cst.user.id, 'SELECT id FROM case_review WHERE id = $1', [caseId])).length).toBe(1);
  });

  it('returns no panel, and no case, to a panel member who does not sit on it', async () => {
    const outsiderMember = await buildUser(hub.dataSource, { agency: w.police, roles: [Role.PANEL_MEMBER] });
    for (const table of ['panel', 'panel_member', 'case_review', 'recommendation']) {
      expect(await asUser(outsiderMember.id, `SELECT * FROM ${table}`)).toEqual([]);
    }
    expect((await asUser(w.policePanelMember.user.id, 'SELECT id FROM panel WHERE case_id = $1', [caseId])).length).toBe(1);
  });

  it('returns no personal data of other agencies once consent is withdrawn', async () => {
    const member = w.policePanelMember.user.id;
    const personal = `SELECT p.id, p.name FROM person p
                        WHERE p.agency_id <> $1`;
    expect((await asUser(member, personal, [w.police.id])).length).toBeGreaterThan(0);
    expect((await asUser(member, 'SELECT id, summary FROM incident WHERE agency_id <> $1', [w.police.id])).length).toBeGreaterThan(0);
    const res = await hub.gql(WithdrawConsentDocument, { caseId }, w.cst.token);
    expect(res.errors).toBeUndefined();
    expect(await asUser(member, personal, [w.police.id])).toEqual([]);
    expect(await asUser(member, 'SELECT id, summary, location FROM incident WHERE agency_id <> $1', [w.police.id])).toEqual([]);
    // Its own agency's records stay; the case itself stays visible (the process goes on).
    expect((await asUser(member, 'SELECT id FROM incident WHERE agency_id = $1', [w.police.id])).length).toBeGreaterThan(0);
    expect((await asUser(member, 'SELECT status FROM case_review WHERE id = $1', [caseId])).length).toBe(1);
    // And through the API, dates and categories survive with the personal fields redacted.
    const seen = await hub.gql(CaseHistoryDocument, { id: caseId }, w.policePanelMember.token);
    const housing = seen.data.caseReview.incidents.filter((i) => i.agency.id === w.housing.id);
    expect(housing.length).toBeGreaterThan(0);
    expect(housing.every((i) => i.redacted && i.summary === null && i.reporter === null && i.occurredAt && i.category)).toBe(true);
    expect(seen.data.caseReview.victim).toMatchObject({ redacted: true, name: null });
  });

  it('works out what each caller may see again when the transaction names another caller', async () => {
    // The helpers remember a caller's rights for the transaction; naming another caller must not reuse them.
    await client.query('BEGIN');
    try {
      await client.query("SELECT set_config('hub.user_id', $1, true), set_config('role', 'hub_app', true)", [w.cst.user.id]);
      expect((await client.query('SELECT id FROM case_review WHERE id = $1', [caseId])).rows.length).toBe(1);
      await client.query("SELECT set_config('hub.user_id', $1, true)", [w.otherCst.user.id]);
      expect((await client.query('SELECT id FROM case_review WHERE id = $1', [caseId])).rows).toEqual([]);
      expect((await client.query('SELECT * FROM panel_member')).rows).toEqual([]);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('lets the application role read the policies\' scope views but never write through them', async () => {
    // Other suites share the database: compare this world's rows before and after, not a global count.
    const scopeSnapshot = async () => (await client.query(
      `SELECT c.id, c.consent_withdrawn_at, (SELECT count(*)::int FROM case_incident ci WHERE ci.case_id = c.id) AS linked,
              (SELECT count(*)::int FROM panel p WHERE p.case_id = c.id) AS panels
         FROM case_review c WHERE c.id = $1`, [caseId])).rows;
    const before = await scopeSnapshot();
    for (const [view, row] of [
      ['hub_case_scope', `UPDATE hub_case_scope SET consent_withdrawn_at = now()`],
      ['hub_case_incident_scope', `DELETE FROM hub_case_incident_scope`],
      ['hub_incident_scope', `UPDATE hub_incident_scope SET agency_id = agency_id`],
      ['hub_panel_scope', `DELETE FROM hub_panel_scope`],
    ]) {
      await client.query('BEGIN');
      try {
        await client.query("SELECT set_config('hub.user_id', $1, true), set_config('role', 'hub_app', true)", [w.cst.user.id]);
        expect((await client.query(`SELECT count(*)::int AS n FROM ${view}`)).rows[0].n).toBeGreaterThan(0);
        // Refused for want of the right, or (a view over a join) because it cannot be written at all.
        await expect(client.query(row)).rejects.toThrow(new RegExp(`permission denied for view ${view}|cannot (update|delete from) view "${view}"`));
      } finally {
        await client.query('ROLLBACK');
      }
    }
    expect(await scopeSnapshot()).toEqual(before);
  });

  it("keeps review prompts to the recording agency, and the matching function to the caller's own incidents", async () => {
    const who = { name: 'Rls Prompt Person', dateOfBirth: '1970-07-07' };
    const housingRes = await hub.gql(RecordIncidentsWithPromptsDocument, { incidents: [report(who, '2026-08-01T10:00:00Z')] }, w.housingContributor.token);
    const housingIncident = housingRes.data.recordIncidents.incidents[0].id;
    const res = await hub.gql(RecordIncidentsWithPromptsDocument, { incidents: [report(who, '2026-08-02T10:00:00Z')] }, w.policeContributor.token);
    const promptId = res.data.recordIncidents.prompts[0].id;
    const policeIncident = res.data.recordIncidents.incidents[0].id;

    expect(await asUser(w.policeContributor.user.id, 'SELECT id FROM review_prompt WHERE id = $1', [promptId])).toEqual([{ id: promptId }]);
    for (const other of [w.housingContributor, w.housingResponder, w.cst, w.policePanelMember, w.auditor]) {
      expect(await asUser(other.user.id, 'SELECT * FROM review_prompt WHERE id = $1', [promptId])).toEqual([]);
      expect(await asUser(other.user.id, 'SELECT * FROM hub_review_prompt_matches($1::uuid[])', [[policeIncident]])).toEqual([]);
    }
    // The police contributor asking about housing's incident learns nothing; about its own, only the kind.
    expect(await asUser(w.policeContributor.user.id, 'SELECT * FROM hub_review_prompt_matches($1::uuid[])', [[housingIncident]])).toEqual([]);
    expect(await asUser(w.policeContributor.user.id, 'SELECT kind FROM hub_review_prompt_matches($1::uuid[])', [[policeIncident]])).toEqual([]); // open prompt: skipped
    await expect(asUser(w.policeContributor.user.id, 'DELETE FROM review_prompt WHERE id = $1', [promptId])).rejects.toThrow(/permission denied/);
    await expect(
      asUser(w.policeContributor.user.id, `INSERT INTO review_prompt (partnership_id, agency_id, incident_id, person_id, kind)
        SELECT partnership_id, $2, incident_id, person_id, 'SECOND_REPORT' FROM review_prompt WHERE id = $1`, [promptId, w.housing.id]),
    ).rejects.toThrow(/row-level security/);
    expect((await hub.dataSource.query('SELECT count(*)::int AS n FROM review_prompt WHERE id = $1', [promptId]))[0].n).toBe(1);
  });

  it('lets the application role neither change nor remove access-log entries', async () => {
    await client.query('BEGIN');
    await client.query("SELECT set_config('hub.user_id', $1, true), set_config('role', 'hub_app', true)", [w.auditor.user.id]);
    await expect(client.query('DELETE FROM access_log')).rejects.toThrow(/permission denied/);
    await client.query('ROLLBACK');
  });
});
