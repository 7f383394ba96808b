import { Client } from 'pg';
import { AssessRiskDocument, CaseHistoryDocument, RecordIncidentsDocument, RecordIncidentsWithPromptsDocument, WithdrawConsentDocument } from '../generated/graphql';
import { report } from '../review-prompts/report';
import { reviewedCase } from '../support/case-history';
import { startTestHub, type TestHub } from '../support/hub';
import { addOversightOffice, application, buildWorld, victimIncident, type World } from '../support/world';
import { workingDaysSince } from '../../src/common/working-days';
import { buildAgency, buildUser } from '../support/factories';
import { Role } from '../../src/modules/user/role';
import { sharedKey } from '../../src/database/shared-keys';

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
    const stranger = await buildUser(hub.dataSource, {
      agency: await buildAgency(hub.dataSource),
      roles: [Role.CONTRIBUTOR, Role.RESPONDER, Role.CST_OFFICER, Role.PANEL_MEMBER, Role.AUDITOR, Role.DATA_PROTECTION_OFFICER],
    });
    for (const table of ['incident', 'person', 'incident_revision', 'case_review', 'case_incident', 'case_event', 'information_request', 'panel', 'panel_member', 'recommendation', 'risk_assessment', 'retention_policy']) {
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

  // ---------------------------------------------------------------- issue 11: consent that holds

  /** Runs `sql` as `userId` and answers the error's message (or 'ok'); nothing it did is kept. */
  async function attempt(userId: string, sql: string, params: unknown[] = []): Promise<string> {
    try {
      await asUser(userId, sql, params);
      return 'ok';
    } catch (error) {
      return (error as Error).message;
    }
  }

  it("refuses a link to a record that is not the victim's, not named by the applicant and not attached by its agency", async () => {
    const recorded = await hub.gql(
      RecordIncidentsDocument,
      { incidents: [victimIncident(`DB-ALONE-${Date.now()}`, '2026-02-01T20:00:00Z', '2026-02-01T21:00:00Z', 'NOISE', { kind: 'INDIVIDUAL', name: 'Unrelated Tenant', postcode: 'ME9 9DB' })] },
      w.housingContributor.token,
    );
    const [record] = recorded.data.recordIncidents.incidents;
    const before = (await client.query('SELECT count(*)::int AS n FROM case_incident WHERE case_id = $1', [caseId])).rows[0].n;
    const insert = `INSERT INTO case_incident (case_id, incident_id, linked_by_id) VALUES ($1, $2, $3)`;
    expect(await attempt(w.cst.user.id, insert, [caseId, record.id, w.cst.user.id])).toMatch(/row-level security/);
    // The function that decides agrees, and a panel member may not link at all.
    expect(await asUser(w.cst.user.id, 'SELECT hub_linkable_incident_ids($1, $2::uuid[]) AS ids', [caseId, [record.id]])).toEqual([{ ids: [] }]);
    expect(await attempt(w.policePanelMember.user.id, insert, [caseId, record.id, w.policePanelMember.user.id])).toMatch(/row-level security/);
    // A responder attaching another agency's record to its answer is refused too (nothing written).
    const [request] = await hub.dataSource.query('SELECT id FROM information_request WHERE case_id = $1 AND agency_id = $2', [caseId, w.police.id]);
    expect(await asUser(w.policeResponder.user.id, 'SELECT hub_attach_incidents($1, $2::uuid[]) AS ids', [request.id, [record.id]])).toEqual([{ ids: [] }]);
    expect((await client.query('SELECT count(*)::int AS n FROM case_incident WHERE case_id = $1', [caseId])).rows[0].n).toBe(before);
  });

  it('seats on a panel only users of the partnership, or its registered independent chair as chair', async () => {
    const [panel] = await hub.dataSource.query('SELECT id FROM panel WHERE case_id = $1', [caseId]);
    const otherCouncil = await buildAgency(hub.dataSource);
    const foreign = await buildUser(hub.dataSource, { agency: otherCouncil, roles: [Role.PANEL_MEMBER] });
    const insert = 'INSERT INTO panel_member (panel_id, user_id, is_chair) VALUES ($1, $2, $3)';
    expect(await attempt(w.cst.user.id, insert, [panel.id, foreign.id, false])).toMatch(/row-level security/);
    // The registered independent chair: only as chair (a second chair row would break nothing here: the policy is asked first).
    expect(await attempt(w.cst.user.id, 'UPDATE panel_member SET is_chair = false WHERE panel_id = $1 AND user_id = $2', [panel.id, w.chair.user.id])).toMatch(
      /row-level security/,
    );
    const partnershipMember = await buildUser(hub.dataSource, { agency: w.housing2, roles: [Role.PANEL_MEMBER] });
    expect(await attempt(w.cst.user.id, insert, [panel.id, partnershipMember.id, false])).toBe('ok');
  });

  it("shows an auditor only their partnerships' entries, and verifies the whole chain through a function", async () => {
    const otherCouncil = await buildAgency(hub.dataSource);
    await hub.dataSource.query(`INSERT INTO partnership (code, name, lead_agency_id, threshold_rules, response_working_days)
      SELECT 'DBA-' || substr(md5(random()::text), 1, 8), 'Other', $1, threshold_rules, 25 FROM partnership WHERE id = $2`, [otherCouncil.id, w.partnership.id]);
    await hub.dataSource.query('INSERT INTO partnership_agency (partnership_id, agency_id) SELECT id, $1 FROM partnership WHERE lead_agency_id = $1', [otherCouncil.id]);
    const otherAuditor = await buildUser(hub.dataSource, { agency: otherCouncil, roles: [Role.AUDITOR] });
    expect(await asUser(otherAuditor.id, 'SELECT id FROM access_log WHERE case_id = $1', [caseId])).toEqual([]);
    expect((await asUser(w.auditor.user.id, 'SELECT id FROM access_log WHERE case_id = $1', [caseId])).length).toBeGreaterThan(0);
    // Its case reference neither.
    expect(await asUser(otherAuditor.id, 'SELECT * FROM hub_case_references($1::uuid[])', [[caseId]])).toEqual([]);
    const [own] = await asUser<{ consent_withdrawn_at: unknown; consent_given_at: unknown }>(w.auditor.user.id, 'SELECT * FROM hub_case_references($1::uuid[])', [[caseId]]);
    expect(own).toMatchObject({ consent_given_at: null, consent_withdrawn_at: null });
    // The chain is handed to auditors whole, to nobody else.
    const [{ n }] = await asUser<{ n: number }>(otherAuditor.id, 'SELECT count(*)::int AS n FROM hub_access_log_chain(0::smallint, 0::bigint, 1000000)');
    expect(n).toBeGreaterThan(0);
    expect(await asUser(w.cst.user.id, 'SELECT count(*)::int AS n FROM hub_access_log_chain(0::smallint, 0::bigint, 10)')).toEqual([{ n: 0 }]);
  });

  it('gives no candidates, no links and no other agency\'s data to a case awaiting consent confirmation', async () => {
    const [{ withdrawn }] = await hub.dataSource.query('SELECT consent_withdrawn_at IS NOT NULL AS withdrawn FROM case_review WHERE id = $1', [caseId]);
    if (!withdrawn) expect((await hub.gql(WithdrawConsentDocument, { caseId }, w.cst.token)).errors).toBeUndefined();
    const res = await hub.gql(
      `mutation ($input: ApplicationInput!) { submitApplication(input: $input) { id consent { awaitingConfirmation } } }`,
      { input: application(w) },
      w.cst.token,
    );
    // The victim of this world withdrew consent on the reviewed case: a new application for them
    // awaits confirmation (the database also sets it itself on insert, below).
    const awaiting = res.data.submitApplication.id;
    expect(res.data.submitApplication.consent.awaitingConfirmation).toBe(true);
    expect(await asUser(w.cst.user.id, 'SELECT hub_candidate_incident_ids($1) AS ids', [awaiting])).toEqual([{ ids: [] }]);
    const [victimRecord] = await hub.dataSource.query(
      `SELECT i.id FROM incident i JOIN person r ON r.id = i.reporter_id WHERE i.agency_id = $1 AND r.name_key = 'alex victim' LIMIT 1`,
      [w.police.id],
    );
    expect(await attempt(w.cst.user.id, 'INSERT INTO case_incident (case_id, incident_id, linked_by_id) VALUES ($1, $2, $3)', [awaiting, victimRecord.id, w.cst.user.id])).toMatch(
      /row-level security/,
    );
    // Inserted past the application, as the owner, a case for a withdrawn person still awaits.
    const [victim] = await hub.dataSource.query(
      `INSERT INTO person (agency_id, kind, name, name_key, date_of_birth) VALUES ($1, 'INDIVIDUAL', 'Alex Victim', 'alex victim', '1950-05-05') RETURNING id`,
      [w.council.id],
    );
    const [direct] = await hub.dataSource.query(
      `INSERT INTO case_review (partnership_id, reference, received_year, sequence, received_at, channel, applicant_id, relationship, victim_id, consent_given_at, consent_channel, reported_incidents)
       VALUES ($1, 'DBA-' || substr(md5(random()::text), 1, 10), 2099, floor(random() * 1000000)::int, now(), 'PHONE', $2, 'SELF', $2, now(), 'PHONE', '[]') RETURNING consent_awaiting_confirmation`,
      [w.partnership.id, victim.id],
    );
    expect(direct.consent_awaiting_confirmation).toBe(true);
    // The withdrawals' person keys: the partnership's CST only.
    expect((await asUser(w.cst.user.id, 'SELECT id FROM consent_withdrawal WHERE partnership_id = $1', [w.partnership.id])).length).toBeGreaterThan(0);
    expect(await asUser(w.otherCst.user.id, 'SELECT id FROM consent_withdrawal WHERE partnership_id = $1', [w.partnership.id])).toEqual([]);
    expect(await asUser(w.auditor.user.id, 'SELECT id FROM consent_withdrawal')).toEqual([]);
  });

  it("keeps risk assessments to the case's CST and panel, as written, and the partnerships' schemes read-only", async () => {
    // A world of its own: the suite's victim withdrew consent in an earlier test, so a new case of theirs would await confirmation.
    const rw = await buildWorld(hub);
    const riskCase = await reviewedCase(hub, rw, 2, 'RLS-RISK');
    const answers = ['repeat', 'hate', 'violence', 'vulnerable', 'health', 'children', 'home', 'isolated', 'targeted', 'selfharm'].map((questionId) => ({ questionId, answer: true }));
    const res = await hub.gql(AssessRiskDocument, { caseId: riskCase, answers }, rw.cst.token);
    expect(res.errors).toBeUndefined();
    const rows = (userId: string) => asUser(userId, 'SELECT id, answers FROM risk_assessment WHERE case_id = $1', [riskCase]);
    expect(await rows(rw.cst.user.id)).toHaveLength(1);
    expect(await rows(rw.policePanelMember.user.id)).toHaveLength(1);
    for (const outsider of [rw.otherCst, rw.housingResponder, rw.policeContributor, rw.auditor]) expect(await rows(outsider.user.id)).toEqual([]);
    const outsiderMember = await buildUser(hub.dataSource, { agency: rw.housing2, roles: [Role.PANEL_MEMBER] });
    expect(await rows(outsiderMember.id)).toEqual([]);

    const asCst = async (sql: string, params: unknown[] = []) => {
      await client.query('BEGIN');
      try {
        await client.query("SELECT set_config('hub.user_id', $1, true), set_config('role', 'hub_app', true)", [rw.cst.user.id]);
        return await client.query(sql, params);
      } finally {
        await client.query('ROLLBACK');
      }
    };
    // Versions are never changed or removed, and nobody adds one in another's name or for a case they do not see.
    await expect(asCst("UPDATE risk_assessment SET level = 'STANDARD' WHERE case_id = $1", [riskCase])).rejects.toThrow(/permission denied/);
    await expect(asCst('DELETE FROM risk_assessment WHERE case_id = $1', [riskCase])).rejects.toThrow(/permission denied/);
    const insert = `INSERT INTO risk_assessment (case_id, version, level, score, answers, assessed_by_id, agency_id) VALUES ($1, 9, 'STANDARD', 0, '[]', $2, $3)`;
    await expect(asCst(insert, [riskCase, rw.policePanelMember.user.id, rw.police.id])).rejects.toThrow(/row-level security/);
    const [otherCase] = await hub.dataSource.query('SELECT id FROM case_review WHERE partnership_id <> $1 LIMIT 1', [rw.partnership.id]);
    if (otherCase) await expect(asCst(insert, [otherCase.id, rw.cst.user.id, rw.council.id])).rejects.toThrow(/row-level security/);
    expect((await asCst(insert, [riskCase, rw.cst.user.id, rw.council.id])).rowCount).toBe(1);

    // Every partnership has its scheme (seeded by the database); anyone may read it, the application role may not change it.
    expect((await asUser(rw.policeContributor.user.id, 'SELECT high_from_score FROM risk_scheme WHERE partnership_id = $1', [rw.partnership.id]))).toEqual([{ high_from_score: 12 }]);
    await expect(asCst('UPDATE risk_scheme SET high_from_score = 99 WHERE partnership_id = $1', [rw.partnership.id])).rejects.toThrow(/permission denied/);
    await expect(asCst('DELETE FROM risk_scheme WHERE partnership_id = $1', [rw.partnership.id])).rejects.toThrow(/permission denied/);
  });

  // ---------------------------------------------------------------- issue 15: keeping the victim informed

  it("keeps contacts and the victim's involvement to the CST, and to the case's panel while consent is active; the reminders' record to the job", async () => {
    const send = async (doc: string, vars: Record<string, unknown>, token = w.cst.token) => {
      const res = await hub.gql(doc, vars, token);
      expect(res.errors).toBeUndefined();
      return res.data;
    };
    const input = application(w, { victim: { kind: 'INDIVIDUAL', name: 'Robin Informed', dateOfBirth: '1961-06-06', postcode: 'ME7 7RI' } });
    const informed = (await send(`mutation ($input: ApplicationInput!) { submitApplication(input: $input) { id } }`, { input })).submitApplication.id;
    await send(`mutation ($id: ID!) { decideThreshold(caseId: $id, met: true, reason: "Met") { id } }`, { id: informed });
    await send(`mutation ($id: ID!, $chair: ID!, $member: ID!) { schedulePanel(caseId: $id, meetingAt: "2026-12-20T10:00:00Z", chairId: $chair, memberIds: [$member], independentChair: true) { id } }`,
      { id: informed, chair: w.chair.user.id, member: w.policePanelMember.user.id });
    await send(`mutation ($id: ID!) { recordContact(caseId: $id, contact: { direction: TO_VICTIM, channel: PHONE, summary: "Called the victim" }) { id } }`, { id: informed });
    await send(`mutation ($id: ID!) { setVictimInvolvement(caseId: $id, involvement: { wantsToAttendPanel: false, statement: "My statement" }) { id } }`, { id: informed });
    await hub.dataSource.query(`INSERT INTO reminder_sent (item, item_id, case_id, recipient_id, on_date, due_on) VALUES ('OUTCOME', $1, $1, $2, current_date, current_date)`, [informed, w.cst.user.id]);
    const stranger = await buildUser(hub.dataSource, { agency: await buildAgency(hub.dataSource), roles: [Role.CONTRIBUTOR, Role.RESPONDER, Role.CST_OFFICER, Role.PANEL_MEMBER, Role.AUDITOR, Role.ADMIN] });

    for (const table of ['contact', 'victim_involvement']) {
      expect((await asUser(w.cst.user.id, `SELECT * FROM ${table} WHERE case_id = $1`, [informed])).length).toBe(1);
      expect((await asUser(w.policePanelMember.user.id, `SELECT * FROM ${table} WHERE case_id = $1`, [informed])).length).toBe(1);
      for (const other of [stranger.id, w.otherCst.user.id, w.policeResponder.user.id, w.housingPanelMember.user.id, w.auditor.user.id]) {
        expect({ table, rows: await asUser(other, `SELECT * FROM ${table} WHERE case_id = $1`, [informed]) }).toEqual({ table, rows: [] });
      }
    }
    // Only the CST writes them, in its own name; a contact is never changed or removed.
    expect(await attempt(w.cst.user.id, `INSERT INTO contact (case_id, at, direction, channel, summary, by_id) VALUES ($1, now(), 'TO_VICTIM', 'PHONE', 'x', $2)`, [informed, w.councilResponder.user.id])).toMatch(/row-level security/);
    expect(await attempt(w.policePanelMember.user.id, `INSERT INTO contact (case_id, at, direction, channel, summary, by_id) VALUES ($1, now(), 'TO_VICTIM', 'PHONE', 'x', $2)`, [informed, w.policePanelMember.user.id])).toMatch(/row-level security/);
    expect(await attempt(w.cst.user.id, `UPDATE contact SET summary = 'changed' WHERE case_id = $1`, [informed])).toMatch(/permission denied/);
    expect(await attempt(w.cst.user.id, `DELETE FROM victim_involvement WHERE case_id = $1`, [informed])).toMatch(/permission denied/);
    expect(await asUser(w.otherCst.user.id, `UPDATE victim_involvement SET statement = 'x', updated_by_id = $2 WHERE case_id = $1 RETURNING case_id`, [informed, w.otherCst.user.id])).toEqual([]);
    expect(await asUser(w.cst.user.id, `UPDATE victim_involvement SET statement = 'x', updated_by_id = $2 WHERE case_id = $1 RETURNING case_id`, [informed, w.cst.user.id])).toEqual([{ case_id: informed }]);
    // The reminders' record is the job's (the owner's): the application role cannot even read it.
    expect(await attempt(w.cst.user.id, `SELECT * FROM reminder_sent`)).toMatch(/permission denied/);
    // Letter wording: read within the partnership, written by its CST only.
    expect(await attempt(w.otherCst.user.id, `INSERT INTO letterhead (partnership_id, address, updated_by_id) VALUES ($1, 'x', $2)`, [w.partnership.id, w.otherCst.user.id])).toMatch(/row-level security/);
    expect(await attempt(w.cst.user.id, `INSERT INTO letterhead (partnership_id, address, updated_by_id) VALUES ($1, 'Gun Wharf', $2)`, [w.partnership.id, w.cst.user.id])).toBe('ok');

    // Consent withdrawn: the panel member of another agency (the police) sees none of the lead agency's records.
    await send(`mutation ($id: ID!) { withdrawConsent(caseId: $id) { id } }`, { id: informed });
    for (const table of ['contact', 'victim_involvement']) {
      expect({ table, rows: await asUser(w.policePanelMember.user.id, `SELECT * FROM ${table} WHERE case_id = $1`, [informed]) }).toEqual({ table, rows: [] });
      expect((await asUser(w.cst.user.id, `SELECT * FROM ${table} WHERE case_id = $1`, [informed])).length).toBe(1);
    }
  });

  it("gives the request roles nothing of the hub's shared keys and rate-limit counts, whoever the caller", async () => {
    // The processes' own machinery, reached only through the owner's connection (src/database/shared-keys.ts, src/http/rate-limit.ts).
    expect((await sharedKey(hub.dataSource, 'online-application-form')).length).toBe(32);
    for (const role of ['hub_app', 'hub_security']) {
      for (const sql of ['SELECT * FROM hub_secret', 'SELECT * FROM rate_limit', "INSERT INTO rate_limit VALUES ('hub:user:x', 0, 0)", "UPDATE rate_limit SET points = 0", "INSERT INTO hub_secret (name, value) VALUES ('x', '\\x00')"]) {
        await client.query('BEGIN');
        try {
          await client.query("SELECT set_config('hub.user_id', $1, true), set_config('role', $2, true)", [w.admin.user.id, role]);
          await expect(client.query(sql)).rejects.toThrow(/permission denied/);
        } finally {
          await client.query('ROLLBACK');
        }
      }
    }
  });

  // ---------------------------------------------------------------- issue 18: oversight

  const CASE_AND_PERSONAL_TABLES = [
    'person', 'incident', 'incident_revision', 'case_review', 'case_incident', 'case_event', 'information_request',
    'panel', 'panel_member', 'recommendation', 'review_prompt', 'consent_withdrawal', 'access_log', 'contact', 'victim_involvement',
  ];
  /** The return's figures for calendar 2026 as a caller sees them through the function alone. */
  const returnAs = (userId: string) =>
    asUser(userId, 'SELECT * FROM hub_case_review_return($1, $2::text[], $3::date[], $4::date[], $5::date, $6::int[], $7::text[])', [
      w.partnership.id, ['2026'], ['2026-01-01'], ['2026-12-31'], '2026-01-01', workingDaysSince('2026-01-01', '2026-12-31'), ['IN_PERSON', 'ONLINE'],
    ]);

  it("gives a commissioner's office (OVERSIGHT) no row of any case or personal table, and the return's function only counts", async () => {
    const office = await addOversightOffice(hub, w.partnership.id);
    for (const table of CASE_AND_PERSONAL_TABLES) {
      expect({ table, rows: await asUser(office.user.id, `SELECT * FROM ${table}`) }).toEqual({ table, rows: [] });
    }
    const [figures] = await returnAs(office.user.id);
    expect(figures).toMatchObject({ label: '2026', received: expect.any(Number), reviewed: expect.any(Number) });
    expect((figures as { received: number }).received).toBeGreaterThan(0);
    // Nothing of one case leaves it: no id, no reference, no date but the period's.
    const text = JSON.stringify(figures);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(text).not.toContain(w.partnership.code);
    expect(text.match(/\d{4}-\d{2}-\d{2}/g)).toEqual(['2026-01-01', '2026-12-31']);
  });

  it('gives the published figures\' transaction (no caller) no row either, and the same figures', async () => {
    await client.query('BEGIN');
    try {
      // As RequestDb.openAsPublic opens it.
      await client.query("SELECT set_config('hub.user_id', '', true), set_config('role', 'hub_app', true)");
      for (const table of CASE_AND_PERSONAL_TABLES) expect({ table, rows: (await client.query(`SELECT * FROM ${table}`)).rows }).toEqual({ table, rows: [] });
    } finally {
      await client.query('ROLLBACK');
    }
    expect(await returnAs(w.cst.user.id)).toEqual(await returnAs(w.policeContributor.user.id));
  });

  // ---------------------------------------------------------------- issue 17: data protection

  /** Runs `steps` as `userId` in one request-like transaction (a subject opened stays open for it); nothing is kept. */
  async function inOneTransaction<T>(userId: string, steps: (query: (sql: string, params?: unknown[]) => Promise<any[]>) => Promise<T>): Promise<T> {
    await client.query('BEGIN');
    try {
      await client.query("SELECT set_config('hub.user_id', $1, true), set_config('role', 'hub_app', true)", [userId]);
      return await steps(async (sql, params = []) => (await client.query(sql, params)).rows);
    } finally {
      await client.query('ROLLBACK');
    }
  }

  it("opens a person's records to a data protection officer within reach, for the transaction only, and to nobody else", async () => {
    const policeDpo = await buildUser(hub.dataSource, { agency: w.police, roles: [Role.DATA_PROTECTION_OFFICER] });
    const [victim] = await hub.dataSource.query('SELECT victim_id AS id FROM case_review WHERE id = $1', [caseId]);
    const others = `SELECT p.id FROM person p WHERE p.agency_id <> $1`;
    const seenBy = (userId: string, subject: string, forge = false) =>
      inOneTransaction(userId, async (query) => {
        const before = await query(others, [w.police.id]);
        const opened = forge
          ? (await query("SELECT set_config('hub.subject_ids', $1, true) IS NOT NULL AS opened", [subject]))[0].opened
          : (await query('SELECT hub_open_subject($1) AS opened', [subject]))[0].opened;
        return {
          before: before.length,
          opened,
          people: (await query(others, [w.police.id])).length,
          cases: (await query('SELECT id FROM case_review')).map((r) => r.id),
          entries: (await query('SELECT count(*)::int AS n FROM access_log'))[0].n,
          incidents: (await query('SELECT count(*)::int AS n FROM incident WHERE agency_id <> $1', [w.police.id]))[0].n,
        };
      });
    // The police's officer: the victim reported to the police, so they are within reach; their council and housing records open.
    const seen = await seenBy(policeDpo.id, victim.id);
    expect(seen).toMatchObject({ before: 0, opened: true });
    // The reviewed case, and the later applications for the same victim (the test above made them).
    expect(seen.cases).toContain(caseId);
    expect(seen.people).toBeGreaterThan(0);
    expect(seen.incidents).toBeGreaterThan(0);
    expect(seen.entries).toBeGreaterThan(0);
    // Another partnership's officer, asking properly or naming the subject by hand, and CST officers naming it by hand,
    // gain nothing: no more people than before, no access-log entry.
    const otherDpo = await buildUser(hub.dataSource, { agency: { id: w.otherCst.user.agencyId } as never, roles: [Role.DATA_PROTECTION_OFFICER] });
    expect((await seenBy(otherDpo.id, victim.id)).opened).toBe(false);
    for (const [who, forge] of [[otherDpo.id, false], [otherDpo.id, true], [w.otherCst.user.id, true], [w.cst.user.id, true]] as const) {
      const got = await seenBy(who, victim.id, forge);
      expect({ who, forge, gained: got.people - got.before, entries: got.entries }).toEqual({ who, forge, gained: 0, entries: 0 });
    }
    // Opened for one transaction: the next one sees nothing of it.
    expect(await asUser(policeDpo.id, 'SELECT id FROM case_review')).toEqual([]);
  });

  it('erases only through the functions, for an officer within reach or an administrator, and only the personal columns', async () => {
    const [victim] = await hub.dataSource.query('SELECT victim_id AS id FROM case_review WHERE id = $1', [caseId]);
    expect(await attempt(w.cst.user.id, 'SELECT * FROM hub_erase_subject($1, $2)', [victim.id, 'x'])).toMatch(/within the caller's reach/);
    expect(await attempt(w.cst.user.id, "SELECT * FROM hub_erase_records('{}', '{}', '{}', '{}', 'REQUEST', NULL)")).toMatch(/permission denied/);
    expect(await attempt(w.cst.user.id, 'SELECT * FROM hub_erase_past_retention($1, $2, current_date)', [w.partnership.id, victim.id])).toMatch(/administrator/);
    expect(await asUser(w.cst.user.id, "SELECT hub_retention_due($1, '2099-01-01') AS ids", [w.partnership.id])).toEqual([{ ids: [] }]);
    for (const sql of ['SELECT * FROM erasure', `INSERT INTO erasure (entity, entity_id, cause, erased_by_id) VALUES ('Person', gen_random_uuid(), 'REQUEST', hub_user_id())`]) {
      expect(await attempt(w.admin.user.id, sql)).toMatch(/permission denied/);
    }
    // hub_eraser may change what holds personal data and nothing else.
    const can = async (table: string, column: string) =>
      (await hub.dataSource.query(`SELECT has_column_privilege('hub_eraser', $1, $2, 'UPDATE') AS ok`, [table, column]))[0].ok;
    expect(await can('person', 'name')).toBe(true);
    expect(await can('incident', 'summary')).toBe(true);
    for (const [table, column] of [['person', 'id'], ['person', 'agency_id'], ['incident', 'reported_at'], ['incident', 'category'], ['case_review', 'status'], ['case_review', 'received_at'], ['access_log', 'entity_ids']]) {
      expect({ table, column, can: await can(table, column) }).toEqual({ table, column, can: false });
    }
  });

  it("keeps a partnership's retention policy to its agencies' users, written by administrators and its lead agency's officer", async () => {
    const leadDpo = await buildUser(hub.dataSource, { agency: w.council, roles: [Role.DATA_PROTECTION_OFFICER] });
    const policeDpo = await buildUser(hub.dataSource, { agency: w.police, roles: [Role.DATA_PROTECTION_OFFICER] });
    const upsert = `INSERT INTO retention_policy (partnership_id, case_years, incident_years, updated_by_id) VALUES ($1, $2, 6, hub_user_id())
                    ON CONFLICT (partnership_id) DO UPDATE SET case_years = EXCLUDED.case_years`;
    for (const who of [policeDpo.id, w.cst.user.id, w.otherCst.user.id]) expect(await attempt(who, upsert, [w.partnership.id, 3])).toMatch(/row-level security/);
    expect(await attempt(leadDpo.id, upsert, [w.partnership.id, 3])).toBe('ok');
    await hub.dataSource.query('INSERT INTO retention_policy (partnership_id, case_years, incident_years, updated_by_id) VALUES ($1, 4, 6, $2) ON CONFLICT DO NOTHING', [w.partnership.id, leadDpo.id]);
    expect(await asUser(w.policeContributor.user.id, 'SELECT case_years FROM retention_policy WHERE partnership_id = $1', [w.partnership.id])).toEqual([{ case_years: 4 }]);
    expect(await asUser(w.otherCst.user.id, 'SELECT case_years FROM retention_policy WHERE partnership_id = $1', [w.partnership.id])).toEqual([]);
    expect(await attempt(w.admin.user.id, 'DELETE FROM retention_policy WHERE partnership_id = $1', [w.partnership.id])).toMatch(/permission denied/);
  });

  it('lets the application role neither change nor remove access-log entries', async () => {
    await client.query('BEGIN');
    await client.query("SELECT set_config('hub.user_id', $1, true), set_config('role', 'hub_app', true)", [w.auditor.user.id]);
    await expect(client.query('DELETE FROM access_log')).rejects.toThrow(/permission denied/);
    await client.query('ROLLBACK');
  });
});
