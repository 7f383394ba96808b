import { runRetention } from '../../src/modules/data-protection/retention.job';
import { Role } from '../../src/modules/user/role';
import { buildPartnership, buildUser, unique } from '../support/factories';
import { codes, startTestHub, type TestHub } from '../support/hub';
import { application, buildWorld, victimIncident, type World } from '../support/world';

/*
 * Retention (DOMAIN.md, "Data protection"): per partnership, 6 years after a
 * case's closure or withdrawal and 6 years after reportedAt for an incident never
 * linked to a case, unless the partnership set its own. Erasure falls on the
 * anniversary as a Europe/London date: a case closed at 23:30 UTC on 30 June
 * (00:30 on 1 July in London) is kept on 30 June six years on and erased on 1 July.
 * The run under test is the daily job's (runRetention), given the day.
 */

type Who = World['cst'];

describe('retention', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  const send = async (query: string, variables: Record<string, unknown>, who: Who) => {
    const res = await hub.gql(query, variables, who.token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const reporter = (name: string) => ({ kind: 'INDIVIDUAL' as const, name: `${name} ${unique('R')}`, dateOfBirth: '1961-02-03', postcode: 'ME7 1AB' });
  const record = async (w: World, who: Who, reference: string, reportedAt: string, rep: ReturnType<typeof reporter>) =>
    (await send('mutation ($i: [IncidentInput!]!) { recordIncidents(incidents: $i) { incidents { id } } }', { i: [victimIncident(reference, reportedAt, reportedAt, 'NOISE', rep)] }, who))
      .recordIncidents.incidents[0].id as string;
  /** A case for `victim`, linked to `incidentIds`, taken to CLOSED (threshold not met) or WITHDRAWN, its last step dated `endedAt`. */
  const endedCase = async (w: World, victim: ReturnType<typeof reporter>, incidentIds: string[], end: 'CLOSED' | 'WITHDRAWN', endedAt: string) => {
    const input = application(w, { receivedAt: '2019-03-04T10:00:00Z', consentGivenAt: '2019-03-01T10:00:00Z', victim, reportedIncidents: [{ occurredOn: '2019-02-01', reportedToOrganisation: 'Kent Police', details: `Account ${unique('A')}` }] });
    const { submitApplication } = await send('mutation ($input: ApplicationInput!) { submitApplication(input: $input) { id applicant { id } victim { id } } }', { input }, w.cst);
    const caseId = submitApplication.id as string;
    if (incidentIds.length) await send('mutation ($c: ID!, $i: [ID!]!) { linkIncidents(caseId: $c, incidentIds: $i) { id } }', { c: caseId, i: incidentIds }, w.cst);
    if (end === 'CLOSED') {
      await send('mutation ($c: ID!) { decideThreshold(caseId: $c, met: false, reason: "Two reports", alternativeAction: "Mediation") { id } }', { c: caseId }, w.cst);
      await send('mutation ($c: ID!) { closeCase(caseId: $c, reason: "Mediation done") { id } }', { c: caseId }, w.cst);
    } else {
      await send('mutation ($c: ID!) { withdrawApplication(caseId: $c, reason: "Withdrawn") { id } }', { c: caseId }, w.cst);
    }
    // The fixture's clock: the step happened at `endedAt`.
    await hub.dataSource.query('UPDATE case_event SET at = $2 WHERE case_id = $1 AND type = $3', [caseId, endedAt, end]);
    return { caseId, applicantId: submitApplication.applicant.id as string, victimId: submitApplication.victim.id as string };
  };
  const erased = async (ids: string[]): Promise<string[]> =>
    (await hub.dataSource.query('SELECT entity_id FROM erasure WHERE entity_id = ANY ($1::uuid[]) ORDER BY entity_id', [ids])).map((r: { entity_id: string }) => r.entity_id);
  const summaries = async (ids: string[]) =>
    (await hub.dataSource.query('SELECT id, summary <> \'\' AS kept FROM incident WHERE id = ANY ($1::uuid[]) ORDER BY id', [ids])) as { id: string; kept: boolean }[];

  it('erases exactly what is past it on each Europe/London day, and nothing else', async () => {
    const w = await buildWorld(hub);
    const run = (today: string) => runRetention(hub.dataSource, { partnershipIds: [w.partnership.id], today });
    // A: closed at 00:30 on 1 July 2019 in London (23:30 UTC on 30 June): due 1 July 2025, with its linked police record.
    const alex = reporter('Alex');
    const kA = await record(w, w.policeContributor, unique('KA'), '2019-01-10T21:00:00Z', alex);
    const A = await endedCase(w, alex, [kA], 'CLOSED', '2019-06-30T23:30:00Z');
    // B: withdrawn at 00:30 on 16 January 2020 (GMT: the same instant in London): due 16 January 2026.
    const bo = reporter('Bo');
    const B = await endedCase(w, bo, [], 'WITHDRAWN', '2020-01-16T00:30:00Z');
    // U: a housing record linked to no case, reported 00:30 on 27 October 2019 in London (23:30 UTC on the 26th): due 27 October 2025.
    // Its reporter also made a report this year: the reporter stays, only the old record's text goes.
    const cy = reporter('Cy');
    const u = await record(w, w.housingContributor, unique('U'), '2019-10-26T23:30:00Z', cy);
    const recent = await record(w, w.housingContributor, unique('NEW'), '2026-02-10T21:00:00Z', cy);
    // An open case as old as any: never past retention, and neither is its victim or its record.
    const di = reporter('Di');
    const kOpen = await record(w, w.policeContributor, unique('KO'), '2019-01-12T21:00:00Z', di);
    const input = application(w, { receivedAt: '2019-03-04T10:00:00Z', consentGivenAt: '2019-03-01T10:00:00Z', victim: di });
    const open = (await send('mutation ($input: ApplicationInput!) { submitApplication(input: $input) { id victim { id } } }', { input }, w.cst)).submitApplication;
    await send('mutation ($c: ID!, $i: [ID!]!) { linkIncidents(caseId: $c, incidentIds: $i) { id } }', { c: open.id, i: [kOpen] }, w.cst);
    const [{ cy_person }] = await hub.dataSource.query('SELECT reporter_id AS cy_person FROM incident WHERE id = $1', [u]);
    const everything = [A.caseId, A.victimId, A.applicantId, kA, B.caseId, B.victimId, B.applicantId, u, recent, cy_person, open.id, open.victim.id, kOpen];
    const [{ kA_reporter }] = await hub.dataSource.query('SELECT reporter_id AS "kA_reporter" FROM incident WHERE id = $1', [kA]);
    everything.push(kA_reporter);

    expect(await run('2025-06-30')).toEqual({ persons: 0, incidents: 0, cases: 0 });
    expect(await erased(everything)).toEqual([]);

    // 1 July 2025: case A, its linked record, and the people of A (its applicant, its victim, the record's reporter).
    expect(await run('2025-07-01')).toEqual({ persons: 3, incidents: 1, cases: 1 });
    expect(await erased(everything)).toEqual([A.caseId, A.victimId, A.applicantId, kA, kA_reporter].sort());
    expect(await summaries([kA, kOpen])).toEqual([{ id: kA, kept: false }, { id: kOpen, kept: true }].sort((a, b) => a.id.localeCompare(b.id)));

    expect(await run('2025-10-26')).toEqual({ persons: 0, incidents: 0, cases: 0 });
    // 27 October 2025: the old housing record; its reporter keeps their details (a report of 2026 is theirs).
    expect(await run('2025-10-27')).toEqual({ persons: 0, incidents: 1, cases: 0 });
    expect(await summaries([u, recent])).toEqual([{ id: u, kept: false }, { id: recent, kept: true }].sort((a, b) => a.id.localeCompare(b.id)));
    const [cyNow] = await hub.dataSource.query('SELECT name FROM person WHERE id = $1', [cy_person]);
    expect(cyNow.name).toBe(cy.name);

    expect(await run('2026-01-15')).toEqual({ persons: 0, incidents: 0, cases: 0 });
    expect(await run('2026-01-16')).toEqual({ persons: 2, incidents: 0, cases: 1 });
    // Years later, what is still in use is still kept: the open case, its victim and record, and Cy (the 2026 report, until 2032).
    expect(await run('2031-12-31')).toEqual({ persons: 0, incidents: 0, cases: 0 });
    expect(await erased([open.id, open.victim.id, kOpen, cy_person, recent])).toEqual([]);
    // Every erasure is a WRITE entry of the schedule's system user, on the basis of data protection law.
    const [{ n }] = await hub.dataSource.query(
      `SELECT count(*)::int AS n FROM access_log_entry l JOIN app_user u ON u.id = l.actor_id
        WHERE l.action = 'WRITE' AND l.lawful_basis = 'LEGAL_OBLIGATION' AND u.email = $1 AND l.entity_id = ANY ($2::uuid[])`,
      [`${w.partnership.code.toLowerCase()}@retention.hub.invalid`, everything],
    );
    expect(n).toBe(9);
  });

  it("keeps a partnership's own policy: fewer years erase sooner; an agency of two partnerships keeps unlinked records for the longer", async () => {
    const w = await buildWorld(hub);
    const run = (today: string) => runRetention(hub.dataSource, { partnershipIds: [w.partnership.id], today });
    const dpo = await buildUser(hub.dataSource, { agency: w.council, roles: [Role.DATA_PROTECTION_OFFICER] });
    const set = (who: { token: string }, partnershipId: string, caseYears: number, incidentYears: number) =>
      hub.gql('mutation ($p: ID!, $c: Int!, $i: Int!) { setRetentionPolicy(partnershipId: $p, policy: { caseYears: $c, incidentYears: $i }) { id retention { caseYears incidentYears } } }', { p: partnershipId, c: caseYears, i: incidentYears }, who.token);
    const policed = await set({ token: await hub.tokenFor(dpo.email) }, w.partnership.id, 2, 3);
    expect(policed.data.setRetentionPolicy.retention).toEqual({ caseYears: 2, incidentYears: 3 });
    const ev = reporter('Ev');
    const closed = await endedCase(w, ev, [], 'CLOSED', '2020-05-05T12:00:00Z');
    // The police also belong to a second partnership that keeps unlinked records 5 years.
    const second = await buildPartnership(hub.dataSource, { members: [w.police] });
    expect((await set(w.admin, second.id, 6, 5)).errors).toBeUndefined();
    const old = await record(w, w.policeContributor, unique('OLD'), '2020-05-05T12:00:00Z', reporter('Fi'));
    expect(await run('2022-05-04')).toEqual({ persons: 0, incidents: 0, cases: 0 });
    expect(await run('2022-05-05')).toMatchObject({ cases: 1 });
    expect(await erased([closed.caseId])).toEqual([closed.caseId]);
    // 3 years (this partnership) would have passed; 5 (the police's other partnership) have not.
    expect(await run('2024-05-05')).toMatchObject({ incidents: 0 });
    expect(await run('2025-05-05')).toMatchObject({ incidents: 1 });
    expect(await erased([old])).toEqual([old]);
  });

  it('sets a policy for administrators and the lead agency\'s officer only, and refuses bad years, changing nothing', async () => {
    const w = await buildWorld(hub);
    const policeDpo = await buildUser(hub.dataSource, { agency: w.police, roles: [Role.DATA_PROTECTION_OFFICER] });
    const q = 'mutation ($p: ID!, $c: Int!, $i: Int!) { setRetentionPolicy(partnershipId: $p, policy: { caseYears: $c, incidentYears: $i }) { retention { caseYears } } }';
    const stored = () => hub.dataSource.query('SELECT case_years, incident_years FROM retention_policy WHERE partnership_id = $1', [w.partnership.id]);
    const read = async () => (await hub.gql('query ($p: ID!) { partnership(id: $p) { retention { caseYears incidentYears } } }', { p: w.partnership.id }, w.policeContributor.token)).data.partnership.retention;
    expect(await read()).toEqual({ caseYears: 6, incidentYears: 6 });
    expect(codes(await hub.gql(q, { p: w.partnership.id, c: 2, i: 2 }, await hub.tokenFor(policeDpo.email)))).toEqual(['FORBIDDEN']);
    expect(codes(await hub.gql(q, { p: w.partnership.id, c: 2, i: 2 }, w.cst.token))).toEqual(['FORBIDDEN']);
    expect(codes(await hub.gql(q, { p: w.partnership.id, c: 2, i: 2 }, w.otherCst.token))).toEqual(['FORBIDDEN']);
    for (const [c, i, field] of [[0, 6, 'policy.caseYears'], [6, 101, 'policy.incidentYears']] as const) {
      const res = await hub.gql(q, { p: w.partnership.id, c, i }, w.admin.token);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions.field).toBe(field);
    }
    expect(codes(await hub.gql(q, { p: '00000000-0000-4000-8000-000000000000', c: 2, i: 2 }, w.admin.token))).toEqual(['NOT_FOUND']);
    expect(await stored()).toEqual([]);
    expect((await hub.gql(q, { p: w.partnership.id, c: 7, i: 8 }, w.admin.token)).errors).toBeUndefined();
    expect(await read()).toEqual({ caseYears: 7, incidentYears: 8 });
  });

  it('applies now through applyRetention for an administrator, and refuses anyone else, changing nothing', async () => {
    const w = await buildWorld(hub);
    const gi = reporter('Gi');
    const closed = await endedCase(w, gi, [], 'CLOSED', '2018-01-10T12:00:00Z');
    const apply = (who: Who, p = w.partnership.id) => hub.gql('mutation ($p: ID!) { applyRetention(partnershipId: $p) { persons incidents cases } }', { p }, who.token);
    for (const who of [w.cst, w.auditor, w.policeContributor]) expect(codes(await apply(who))).toEqual(['FORBIDDEN']);
    const dpo = await buildUser(hub.dataSource, { agency: w.council, roles: [Role.DATA_PROTECTION_OFFICER] });
    expect(codes(await hub.gql('mutation ($p: ID!) { applyRetention(partnershipId: $p) { cases } }', { p: w.partnership.id }, await hub.tokenFor(dpo.email)))).toEqual(['FORBIDDEN']);
    expect(codes(await apply(w.admin, '00000000-0000-4000-8000-000000000000'))).toEqual(['NOT_FOUND']);
    expect(await erased([closed.caseId, closed.victimId])).toEqual([]);
    const res = await apply(w.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.applyRetention).toEqual({ persons: 2, incidents: 0, cases: 1 });
    expect((await apply(w.admin)).data.applyRetention).toEqual({ persons: 0, incidents: 0, cases: 0 });
    const [{ n }] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM access_log_entry WHERE actor_id = $1 AND action = 'WRITE' AND lawful_basis = 'LEGAL_OBLIGATION'`, [w.admin.user.id]);
    expect(n).toBe(3);
  });
});
