import { SignJWT } from 'jose';
import { Role } from '../../src/modules/user/role';
import { buildAgency, buildPartnership, buildUser, unique } from '../support/factories';
import { codes, startTestHub, TEST_JWT_SECRET, type GraphQLResponse, type TestHub } from '../support/hub';
import { application, buildWorld, victimIncident, type World } from '../support/world';

/*
 * Issue 11, "Consent that holds and tenants that stay apart": each attack the
 * issue reports, tried again, and refused. Every refusal checks its code, that
 * nothing changed (read back past the application, as the database owner), and
 * that nothing of the other person is in the answer: their records carry a
 * marker string, and the whole JSON answer is searched for it.
 */

const Q = {
  submit: `mutation ($input: ApplicationInput!) { submitApplication(input: $input) {
    id reference status version consent { active awaitingConfirmation confirmedBy { id } } candidateIncidents { id summary } } }`,
  record: `mutation ($incidents: [IncidentInput!]!) { recordIncidents(incidents: $incidents) { incidents { id reference } } }`,
  link: `mutation ($caseId: ID!, $incidentIds: [ID!]!) { linkIncidents(caseId: $caseId, incidentIds: $incidentIds) {
    id version incidents { id summary location redacted reporter { name dateOfBirth phone } } } }`,
  unlink: `mutation ($caseId: ID!, $incidentIds: [ID!]!) { unlinkIncidents(caseId: $caseId, incidentIds: $incidentIds) { id } }`,
  caseFull: `query ($id: ID!) { caseReview(id: $id) {
    id version consent { active awaitingConfirmation withdrawnAt confirmedBy { id displayName } }
    victim { name dateOfBirth redacted }
    incidents { id summary location redacted reporter { name dateOfBirth phone } }
    candidateIncidents { id summary location reporter { name dateOfBirth phone } }
    panel { members { isChair user { id email displayName } } } } }`,
  withdrawConsent: `mutation ($caseId: ID!) { withdrawConsent(caseId: $caseId) { id consent { active } } }`,
  confirm: `mutation ($caseId: ID!, $note: String!) { confirmConsent(caseId: $caseId, note: $note) {
    id version consent { active awaitingConfirmation confirmedBy { id } } candidateIncidents { id } } }`,
  decide: `mutation ($caseId: ID!) { decideThreshold(caseId: $caseId, met: true, reason: "Met") { id status } }`,
  requestInfo: `mutation ($caseId: ID!, $agencyId: ID!) { requestInformation(caseId: $caseId, agencyId: $agencyId, question: "What did you do?", dueOn: "2030-01-01") { id } }`,
  respond: `mutation ($requestId: ID!, $incidentIds: [ID!]) {
    respondToInformationRequest(requestId: $requestId, summary: "Visited twice", actionsTaken: ["Visit"], incidentIds: $incidentIds) { id response { summary } } }`,
  schedule: `mutation ($caseId: ID!, $chairId: ID!, $memberIds: [ID!]!) {
    schedulePanel(caseId: $caseId, meetingAt: "2026-04-20T10:00:00Z", chairId: $chairId, memberIds: $memberIds, independentChair: true) {
      id status panel { members { isChair user { id email displayName } } } } }`,
  addChair: `mutation ($partnershipId: ID!, $userId: ID!) { addIndependentChair(partnershipId: $partnershipId, userId: $userId) { id } }`,
  log: `query ($filter: AccessLogFilter, $first: Int) { accessLog(filter: $filter, first: $first) {
    edges { node { id action entity entityId actor { id email } case { id reference status } } } } }`,
  logCaseConsent: `query ($filter: AccessLogFilter) { accessLog(filter: $filter, first: 5) { edges { node { id case { id consent { active } } } } } }`,
  logCasePartnership: `query ($filter: AccessLogFilter) { accessLog(filter: $filter, first: 5) { edges { node { id case { id partnership { agencies { id } } } } } } }`,
  verify: `query { verifyAccessLog { ok checked firstBrokenId } }`,
  me: `query { me { id } }`,
};

/** A phone number no other record has: a marker where only digits are allowed. */
const phoneMarker = () => `07${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

describe('consent that holds and tenants that stay apart (issue 11)', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub.close();
  });

  const ok = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await hub.gql(query, variables, token);
    expect(res.errors).toBeUndefined();
    return res.data;
  };

  /** The refusal: its code, its field when given, and no trace of the marker anywhere in the answer. */
  const expectRefused = (res: GraphQLResponse, code: string, field?: string, marker?: string) => {
    expect(codes(res)).toEqual([code]);
    if (field) expect(res.errors![0].extensions.field).toBe(field);
    expect(res.errors![0].extensions.reason).toBeTruthy();
    if (marker) expect(JSON.stringify(res)).not.toContain(marker);
  };

  /** Everything an attack on a case could change, read as the database owner. */
  const caseState = async (caseId: string) =>
    (
      await hub.dataSource.query(
        `SELECT c.status, c.version, c.consent_withdrawn_at, c.consent_awaiting_confirmation, c.consent_confirmed_by_id,
                (SELECT coalesce(array_agg(incident_id ORDER BY incident_id), '{}') FROM case_incident WHERE case_id = c.id) AS links,
                (SELECT count(*)::int FROM case_event WHERE case_id = c.id) AS events,
                (SELECT count(*)::int FROM panel WHERE case_id = c.id) AS panels,
                (SELECT count(*)::int FROM panel_member m JOIN panel p ON p.id = m.panel_id WHERE p.case_id = c.id) AS seats,
                (SELECT count(*)::int FROM information_request WHERE case_id = c.id AND responded_at IS NOT NULL) AS answered
           FROM case_review c WHERE c.id = $1`,
        [caseId],
      )
    )[0];

  const submit = async (w: World, overrides: Record<string, unknown> = {}, token = w.cst.token) =>
    (await ok(Q.submit, { input: application(w, overrides) }, token)).submitApplication;

  const record = async (token: string, ...incidents: ReturnType<typeof victimIncident>[]): Promise<string[]> =>
    (await ok(Q.record, { incidents }, token)).recordIncidents.incidents.map((i: { id: string }) => i.id);

  /** A resident who withdrew consent on their own case, whose police and housing records carry `marker`. */
  const withdrawnResident = async (w: World, marker: string) => {
    const resident = { kind: 'INDIVIDUAL' as const, name: 'Robin Withdrawn', dateOfBirth: '1961-07-07', postcode: 'ME7 7WW', phone: phoneMarker() };
    const references = [unique('KP-W'), unique('MH-W')];
    const records = [
      ...(await record(w.policeContributor.token, { ...victimIncident(references[0], '2026-02-03T20:00:00Z', '2026-02-03T21:00:00Z', 'NOISE', resident), summary: `${marker} police`, location: `${marker} street` })),
      ...(await record(w.housingContributor.token, { ...victimIncident(references[1], '2026-02-04T20:00:00Z', '2026-02-04T21:00:00Z', 'NOISE', resident), summary: `${marker} housing`, location: `${marker} flat` })),
    ];
    const own = await submit(w, { relationship: 'SELF', victim: null, applicant: resident, reportedIncidents: [] });
    await ok(Q.link, { caseId: own.id, incidentIds: records }, w.cst.token);
    await ok(Q.withdrawConsent, { caseId: own.id }, w.cst.token);
    return { resident, records, references, caseId: own.id };
  };

  // ------------------------------------------------------------------ links

  describe('links only to the victim\'s own records', () => {
    it("refuses linking a withdrawn resident's records to a consented case: NOT_FOUND incidentIds.N, nothing linked, nothing of them answered", async () => {
      const w = await buildWorld(hub);
      const marker = `MARKER-WITHDRAWN-${unique('7f3a')}`;
      const withdrawn = await withdrawnResident(w, marker);
      // Their ids are still visible on their own case (redacted): the attacker holds them.
      const own = await ok(Q.caseFull, { id: withdrawn.caseId }, w.cst.token);
      expect(own.caseReview.incidents.map((i: { id: string }) => i.id).sort()).toEqual([...withdrawn.records].sort());
      const consented = await submit(w);
      const victims = await record(w.policeContributor.token, victimIncident(unique('KP-V'), '2026-02-05T20:00:00Z', '2026-02-05T21:00:00Z'));
      const before = await caseState(consented.id);
      const res = await hub.gql(Q.link, { caseId: consented.id, incidentIds: [...victims, ...withdrawn.records] }, w.cst.token);
      expectRefused(res, 'NOT_FOUND', 'incidentIds.1', marker);
      expect(JSON.stringify(res)).not.toContain(withdrawn.resident.phone);
      expect(res.errors![0].extensions.reason).toBe('CASE_INCIDENT_NOT_FOUND');
      // All or nothing: not even the victim's own record was linked.
      expect(await caseState(consented.id)).toEqual(before);
      const after = await hub.gql(Q.caseFull, { id: consented.id }, w.cst.token);
      expect(JSON.stringify(after)).not.toContain(marker);
      // The victim's own record alone is linked as before.
      await ok(Q.link, { caseId: consented.id, incidentIds: victims }, w.cst.token);

      // Naming their references in another person's application does not bring them in either.
      const naming = await submit(w, {
        reportedIncidents: withdrawn.references.map((reference) => ({ occurredOn: '2026-02-03', reportedToOrganisation: 'Kent Police', reportedToReference: reference })),
      });
      const named = await caseState(naming.id);
      expectRefused(await hub.gql(Q.link, { caseId: naming.id, incidentIds: withdrawn.records }, w.cst.token), 'NOT_FOUND', 'incidentIds.0', marker);
      expect(await caseState(naming.id)).toEqual(named);

      // Nor does their agency attaching them to its answer on another person's case.
      await ok(Q.decide, { caseId: consented.id }, w.cst.token);
      const { requestInformation } = await ok(Q.requestInfo, { caseId: consented.id, agencyId: w.police.id }, w.cst.token);
      const asked = await caseState(consented.id);
      const attached = await hub.gql(Q.respond, { requestId: requestInformation.id, incidentIds: [withdrawn.records[0]] }, w.policeResponder.token);
      expectRefused(attached, 'NOT_FOUND', 'incidentIds.0', marker);
      expect(await caseState(consented.id)).toEqual(asked);
    });

    it("refuses linking an unrelated tenant's housing record: NOT_FOUND, nothing changes, no phone or birth date answered", async () => {
      const w = await buildWorld(hub);
      const marker = `MARKER-TENANT-${unique('9c1e')}`;
      const phone = phoneMarker();
      const tenant = { kind: 'INDIVIDUAL' as const, name: 'Unrelated Tenant', dateOfBirth: '1977-03-03', postcode: 'ME9 9TT', phone };
      const [tenantRecord] = await record(w.housingContributor.token, { ...victimIncident(unique('MH-T'), '2026-02-06T20:00:00Z', '2026-02-06T21:00:00Z', 'NOISE', tenant), summary: marker });
      const consented = await submit(w);
      const before = await caseState(consented.id);
      const res = await hub.gql(Q.link, { caseId: consented.id, incidentIds: [tenantRecord] }, w.cst.token);
      expectRefused(res, 'NOT_FOUND', 'incidentIds.0', marker);
      expect(JSON.stringify(res)).not.toContain('1977-03-03');
      expect(JSON.stringify(res)).not.toContain(phone);
      expect(await caseState(consented.id)).toEqual(before);
    });

    it('links a record the applicant named (its reference among the reported incidents), whoever reported it', async () => {
      const w = await buildWorld(hub);
      const reference = unique('KP-NAMED');
      const [named] = await record(w.policeContributor.token, victimIncident(reference, '2026-02-07T20:00:00Z', '2026-02-07T21:00:00Z', 'NOISE', { kind: 'INDIVIDUAL', name: 'A Neighbour', postcode: 'ME1 1NN' }));
      const [notNamed] = await record(w.policeContributor.token, victimIncident(unique('KP-OTHER'), '2026-02-07T20:00:00Z', '2026-02-07T21:00:00Z', 'NOISE', { kind: 'INDIVIDUAL', name: 'A Neighbour', postcode: 'ME1 1NN' }));
      const k = await submit(w, {
        reportedIncidents: [{ occurredOn: '2026-02-07', reportedToOrganisation: 'Kent Police', reportedToReference: reference.toLowerCase(), details: 'My neighbour reported it too' }],
      });
      const before = await caseState(k.id);
      expectRefused(await hub.gql(Q.link, { caseId: k.id, incidentIds: [notNamed] }, w.cst.token), 'NOT_FOUND', 'incidentIds.0');
      expect(await caseState(k.id)).toEqual(before);
      const linked = await ok(Q.link, { caseId: k.id, incidentIds: [named] }, w.cst.token);
      expect(linked.linkIncidents.incidents.map((i: { id: string }) => i.id)).toEqual([named]);
    });

    it("links what the owning agency attached to its answer; another agency's record attached answers NOT_FOUND and nothing changes", async () => {
      const w = await buildWorld(hub);
      const marker = `MARKER-ATTACH-${unique('2b7d')}`;
      const stranger = { kind: 'INDIVIDUAL' as const, name: 'Someone Else', postcode: 'ME2 2SS' };
      const [policeOwn] = await record(w.policeContributor.token, { ...victimIncident(unique('KP-A'), '2026-02-08T20:00:00Z', '2026-02-08T21:00:00Z', 'NOISE', stranger), summary: 'Police visit log' });
      const [housingRecord] = await record(w.housingContributor.token, { ...victimIncident(unique('MH-A'), '2026-02-08T20:00:00Z', '2026-02-08T21:00:00Z', 'NOISE', stranger), summary: marker });
      const k = await submit(w);
      await ok(Q.decide, { caseId: k.id }, w.cst.token);
      const { requestInformation } = await ok(Q.requestInfo, { caseId: k.id, agencyId: w.police.id }, w.cst.token);
      const before = await caseState(k.id);
      const refused = await hub.gql(Q.respond, { requestId: requestInformation.id, incidentIds: [policeOwn, housingRecord] }, w.policeResponder.token);
      expectRefused(refused, 'NOT_FOUND', 'incidentIds.1', marker);
      expect(await caseState(k.id)).toEqual(before);
      await ok(Q.respond, { requestId: requestInformation.id, incidentIds: [policeOwn] }, w.policeResponder.token);
      const after = await caseState(k.id);
      expect(after.links).toEqual([policeOwn]);
      expect(after.answered).toBe(1);
      // Attached once, it stays linkable: unlinked and linked again by the CST.
      await ok(Q.unlink, { caseId: k.id, incidentIds: [policeOwn] }, w.cst.token);
      await ok(Q.link, { caseId: k.id, incidentIds: [policeOwn] }, w.cst.token);
      // Once consent is withdrawn nothing more is attached (and the answer is not recorded either).
      const { requestInformation: toHousing } = await ok(Q.requestInfo, { caseId: k.id, agencyId: w.housing.id }, w.cst.token);
      await ok(Q.withdrawConsent, { caseId: k.id }, w.cst.token);
      const withdrawnState = await caseState(k.id);
      const late = await hub.gql(Q.respond, { requestId: toHousing.id, incidentIds: [housingRecord] }, w.housingResponder.token);
      expectRefused(late, 'INVALID_STATE', 'incidentIds', marker);
      expect(late.errors![0].extensions.reason).toBe('INFORMATION_REQUEST_CONSENT_NOT_ACTIVE');
      expect(await caseState(k.id)).toEqual(withdrawnState);
    });
  });

  // ------------------------------------------------------------------ consent belongs to the person

  describe('consent belongs to the person', () => {
    it('a made-up application for a resident who withdrew (name and date of birth only) awaits confirmation: no candidates, no links, nothing of theirs', async () => {
      const w = await buildWorld(hub);
      const marker = `MARKER-WITHDRAWN-${unique('5d2c')}`;
      const withdrawn = await withdrawnResident(w, marker);
      const res = await hub.gql(Q.submit, {
        input: application(w, { victim: { kind: 'INDIVIDUAL', name: 'robin  WITHDRAWN', dateOfBirth: withdrawn.resident.dateOfBirth }, reportedIncidents: [] }),
      }, w.cst.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.submitApplication).toMatchObject({ consent: { active: false, awaitingConfirmation: true, confirmedBy: null }, candidateIncidents: [] });
      expect(JSON.stringify(res)).not.toContain(marker);
      expect(JSON.stringify(res)).not.toContain(withdrawn.resident.phone);
      const caseId = res.data.submitApplication.id;
      const read = await ok(Q.caseFull, { id: caseId }, w.cst.token);
      expect(read.caseReview.candidateIncidents).toEqual([]);
      expect(JSON.stringify(read)).not.toContain(marker);

      // No links while it waits, whatever ids the CST holds.
      const before = await caseState(caseId);
      const link = await hub.gql(Q.link, { caseId, incidentIds: withdrawn.records }, w.cst.token);
      expectRefused(link, 'INVALID_STATE', 'caseId', marker);
      expect(link.errors![0].extensions.reason).toBe('CASE_CONSENT_AWAITING_CONFIRMATION');
      expect(await caseState(caseId)).toEqual(before);

      // The officer who submitted it cannot confirm it alone.
      const self = await hub.gql(Q.confirm, { caseId, note: 'I say so' }, w.cst.token);
      expectRefused(self, 'FORBIDDEN', 'caseId', marker);
      expect(self.errors![0].extensions.reason).toBe('CASE_CONSENT_SECOND_OFFICER');
      expect(await caseState(caseId)).toEqual(before);
      // Another partnership's officer may not know the case.
      expectRefused(await hub.gql(Q.confirm, { caseId, note: 'x' }, w.otherCst.token), 'NOT_FOUND', 'caseId', marker);
      expect(await caseState(caseId)).toEqual(before);

      // A second officer confirms with a note: consent is active, the candidates appear.
      const second = await buildUser(hub.dataSource, { agency: w.council, roles: [Role.CST_OFFICER], displayName: 'Second officer' });
      const confirmed = await ok(Q.confirm, { caseId, note: 'Called the resident back on their own number; consent given again' }, await hub.tokenFor(second.email));
      expect(confirmed.confirmConsent.consent).toEqual({ active: true, awaitingConfirmation: false, confirmedBy: { id: second.id } });
      expect(confirmed.confirmConsent.candidateIncidents.map((i: { id: string }) => i.id).sort()).toEqual([...withdrawn.records].sort());
      const [event] = await hub.dataSource.query(`SELECT actor_id, note FROM case_event WHERE case_id = $1 AND type = 'CONSENT_CONFIRMED'`, [caseId]);
      expect(event).toEqual({ actor_id: second.id, note: 'Called the resident back on their own number; consent given again' });

      // Confirming again: not awaiting -> INVALID_STATE, nothing changes.
      const settled = await caseState(caseId);
      expectRefused(await hub.gql(Q.confirm, { caseId, note: 'again' }, await hub.tokenFor(second.email)), 'INVALID_STATE', 'caseId');
      expect(await caseState(caseId)).toEqual(settled);

      // Given, withdrawn and confirmed are WRITE entries the auditor finds by entity.
      const log = await ok(Q.log, { filter: { entity: 'Consent' }, first: 500 }, w.auditor.token);
      const mine = log.accessLog.edges.map((e: any) => e.node).filter((n: any) => [withdrawn.caseId, caseId].includes(n.entityId));
      expect(mine.every((n: any) => n.action === 'WRITE')).toBe(true);
      expect(mine.filter((n: any) => n.entityId === withdrawn.caseId).length).toBe(2); // given, withdrawn
      expect(mine.filter((n: any) => n.entityId === caseId).map((n: any) => n.actor.id).sort()).toEqual([w.cst.user.id, second.id].sort()); // given, confirmed
    });

    it("while consent awaits confirmation, other agencies' people see none of the victim's personal data", async () => {
      const w = await buildWorld(hub);
      const marker = `MARKER-WITHDRAWN-${unique('11aa')}`;
      const withdrawn = await withdrawnResident(w, marker);
      const k = await submit(w, { relationship: 'SELF', victim: null, applicant: { kind: 'INDIVIDUAL', name: 'Robin Withdrawn', dateOfBirth: withdrawn.resident.dateOfBirth, address: marker }, reportedIncidents: [] });
      expect(k.consent.awaitingConfirmation).toBe(true);
      await ok(Q.decide, { caseId: k.id }, w.cst.token);
      await ok(Q.requestInfo, { caseId: k.id, agencyId: w.police.id }, w.cst.token);
      await ok(Q.schedule, { caseId: k.id, chairId: w.chair.user.id, memberIds: [w.policePanelMember.user.id] }, w.cst.token);
      const responder = await ok(`query { myInformationRequests { case { id victim { name redacted } } } }`, {}, w.policeResponder.token);
      const mine = responder.myInformationRequests.find((r: any) => r.case.id === k.id);
      expect(mine.case.victim).toEqual({ name: null, redacted: true });
      const panel = await ok(`query ($id: ID!) { caseReview(id: $id) { consent { active awaitingConfirmation } victim { name dateOfBirth address redacted } } }`, { id: k.id }, w.policePanelMember.token);
      expect(panel.caseReview).toEqual({ consent: { active: false, awaitingConfirmation: true }, victim: { name: null, dateOfBirth: null, address: null, redacted: true } });
      expect(JSON.stringify([responder, panel])).not.toContain(marker);
    });

    it("a withdrawal also holds for the keys the agencies know the person by (birth date the application lacked)", async () => {
      const w = await buildWorld(hub);
      const marker = `MARKER-WITHDRAWN-${unique('b8f0')}`;
      const known = { kind: 'INDIVIDUAL' as const, name: 'Jo Withdrawn', dateOfBirth: '1966-06-06', postcode: 'ME6 6JW' };
      const records = await record(w.policeContributor.token, { ...victimIncident(unique('KP-J'), '2026-02-03T20:00:00Z', '2026-02-03T21:00:00Z', 'NOISE', known), summary: marker });
      // The first application knew the name and postcode only; the police record has the birth date.
      const first = await submit(w, { victim: { kind: 'INDIVIDUAL', name: 'Jo Withdrawn', postcode: 'ME6 6JW' }, reportedIncidents: [] });
      await ok(Q.link, { caseId: first.id, incidentIds: records }, w.cst.token);
      await ok(Q.withdrawConsent, { caseId: first.id }, w.cst.token);
      const again = await hub.gql(Q.submit, { input: application(w, { victim: { kind: 'INDIVIDUAL', name: 'Jo Withdrawn', dateOfBirth: '1966-06-06' }, reportedIncidents: [] }) }, w.cst.token);
      expect(again.data.submitApplication).toMatchObject({ consent: { awaitingConfirmation: true, active: false }, candidateIncidents: [] });
      expect(JSON.stringify(again)).not.toContain(marker);
    });

    it('an application for "unrelated tenant": the housing record is reachable only through the matching rule, and its consent is on the record', async () => {
      const w = await buildWorld(hub);
      const marker = `MARKER-TENANT-${unique('e41a')}`;
      const tenant = { kind: 'INDIVIDUAL' as const, name: 'Unrelated Tenant', dateOfBirth: '1980-08-08', postcode: 'ME8 8UT', phone: phoneMarker() };
      const [tenantRecord] = await record(w.housingContributor.token, { ...victimIncident(unique('MH-U'), '2026-02-09T20:00:00Z', '2026-02-09T21:00:00Z', 'NOISE', tenant), summary: marker });
      // The name alone, or with another postcode, is someone else: nothing.
      for (const victim of [{ kind: 'INDIVIDUAL', name: 'Unrelated Tenant' }, { kind: 'INDIVIDUAL', name: 'Unrelated Tenant', postcode: 'ME1 1ZZ' }]) {
        const made = await hub.gql(Q.submit, { input: application(w, { victim, reportedIncidents: [] }) }, w.cst.token);
        expect(made.data.submitApplication.candidateIncidents).toEqual([]);
        expect(JSON.stringify(made)).not.toContain(marker);
        const before = await caseState(made.data.submitApplication.id);
        expectRefused(await hub.gql(Q.link, { caseId: made.data.submitApplication.id, incidentIds: [tenantRecord] }, w.cst.token), 'NOT_FOUND', 'incidentIds.0', marker);
        expect(await caseState(made.data.submitApplication.id)).toEqual(before);
      }
      // With the tenant's postcode the matching rule holds: that is the case review working as
      // designed (the hub cannot tell a made-up consent from a real one), so the consent given is
      // a WRITE entry naming the officer, for the auditor.
      const matched = await ok(Q.submit, { input: application(w, { victim: { kind: 'INDIVIDUAL', name: 'Unrelated Tenant', postcode: 'me8 8ut' }, reportedIncidents: [] }) }, w.cst.token);
      expect(matched.submitApplication.candidateIncidents.map((i: { id: string }) => i.id)).toEqual([tenantRecord]);
      const log = await ok(Q.log, { filter: { entity: 'Consent', entityId: matched.submitApplication.id } }, w.auditor.token);
      expect(log.accessLog.edges.map((e: any) => [e.node.action, e.node.actor.id])).toEqual([['WRITE', w.cst.user.id]]);
      // Once the tenant withdraws on that case, one officer cannot make them a victim again.
      await ok(Q.withdrawConsent, { caseId: matched.submitApplication.id }, w.cst.token);
      const again = await ok(Q.submit, { input: application(w, { victim: { kind: 'INDIVIDUAL', name: 'Unrelated Tenant', postcode: 'ME8 8UT' }, reportedIncidents: [] }) }, w.cst.token);
      expect(again.submitApplication).toMatchObject({ consent: { awaitingConfirmation: true, active: false }, candidateIncidents: [] });
      expect(JSON.stringify(again)).not.toContain(marker);
    });
  });

  // ------------------------------------------------------------------ panels

  describe('panels from the partnership', () => {
    it("refuses another partnership's chair or member: BAD_USER_INPUT naming the field, no panel, and their email nowhere", async () => {
      const w = await buildWorld(hub);
      const otherCouncil = await buildAgency(hub.dataSource, { name: 'Other council' });
      await buildPartnership(hub.dataSource, { lead: otherCouncil });
      const markerEmail = `marker-chair-${unique('a9').toLowerCase()}@other.example`;
      const foreignChair = await buildUser(hub.dataSource, { agency: otherCouncil, roles: [Role.PANEL_MEMBER], email: markerEmail, displayName: 'Other chair' });
      const k = await submit(w);
      await ok(Q.decide, { caseId: k.id }, w.cst.token);
      const before = await caseState(k.id);
      expectRefused(await hub.gql(Q.schedule, { caseId: k.id, chairId: foreignChair.id, memberIds: [] }, w.cst.token), 'BAD_USER_INPUT', 'chairId', markerEmail);
      expectRefused(
        await hub.gql(Q.schedule, { caseId: k.id, chairId: w.chair.user.id, memberIds: [w.policePanelMember.user.id, foreignChair.id] }, w.cst.token),
        'BAD_USER_INPUT',
        'memberIds.1',
        markerEmail,
      );
      // A user id that does not exist answers the same: no telling other partnerships' users apart.
      const missing = await hub.gql(Q.schedule, { caseId: k.id, chairId: '00000000-0000-4000-8000-000000000000', memberIds: [] }, w.cst.token);
      expectRefused(missing, 'BAD_USER_INPUT', 'chairId');
      // A registered independent chair chairs, but does not sit as a member.
      expectRefused(
        await hub.gql(Q.schedule, { caseId: k.id, chairId: w.policePanelMember.user.id, memberIds: [w.chair.user.id] }, w.cst.token),
        'BAD_USER_INPUT',
        'memberIds.0',
      );
      expect(await caseState(k.id)).toEqual(before);
      // The foreign chair never reached the case.
      expectRefused(await hub.gql(Q.caseFull, { id: k.id }, await hub.tokenFor(markerEmail)), 'NOT_FOUND');

      // Once the administrator registers them with this partnership they may chair.
      await ok(Q.addChair, { partnershipId: w.partnership.id, userId: foreignChair.id }, w.admin.token);
      const scheduled = await ok(Q.schedule, { caseId: k.id, chairId: foreignChair.id, memberIds: [w.policePanelMember.user.id] }, w.cst.token);
      expect(scheduled.schedulePanel.status).toBe('PANEL_SCHEDULED');
    });

    it("never shows the email of a user the caller could not otherwise see (a seat given before these rules)", async () => {
      const w = await buildWorld(hub);
      const otherCouncil = await buildAgency(hub.dataSource, { name: 'Other council' });
      await buildPartnership(hub.dataSource, { lead: otherCouncil });
      const markerEmail = `marker-seat-${unique('c3').toLowerCase()}@other.example`;
      const foreign = await buildUser(hub.dataSource, { agency: otherCouncil, roles: [Role.PANEL_MEMBER], email: markerEmail, displayName: 'Legacy seat' });
      const k = await submit(w);
      await ok(Q.decide, { caseId: k.id }, w.cst.token);
      await ok(Q.schedule, { caseId: k.id, chairId: w.chair.user.id, memberIds: [w.policePanelMember.user.id] }, w.cst.token);
      // As the database owner, the way such a seat was given before.
      await hub.dataSource.query('INSERT INTO panel_member (panel_id, user_id, is_chair) SELECT id, $2, false FROM panel WHERE case_id = $1', [k.id, foreign.id]);
      const read = await ok(Q.caseFull, { id: k.id }, w.cst.token);
      const seats = read.caseReview.panel.members.map((m: any) => m.user);
      expect(seats.find((u: any) => u.id === foreign.id)).toEqual({ id: foreign.id, email: '', displayName: 'Legacy seat' });
      expect(seats.find((u: any) => u.id === w.chair.user.id).email).toBe(w.chair.user.email);
      expect(seats.find((u: any) => u.id === w.policePanelMember.user.id).email).toBe(w.policePanelMember.user.email);
      expect(JSON.stringify(read)).not.toContain(markerEmail);
    });
  });

  // ------------------------------------------------------------------ auditors

  describe('auditors see their partnerships', () => {
    it("an auditor of another partnership gets nothing of this partnership's case, by caseId or otherwise", async () => {
      const w = await buildWorld(hub);
      const k = await submit(w);
      await ok(Q.caseFull, { id: k.id }, w.cst.token);
      const otherCouncil = await buildAgency(hub.dataSource, { name: 'Other council' });
      await buildPartnership(hub.dataSource, { lead: otherCouncil });
      const otherAuditor = await buildUser(hub.dataSource, { agency: otherCouncil, roles: [Role.AUDITOR] });
      const token = await hub.tokenFor(otherAuditor.email);
      const byCase = await ok(Q.log, { filter: { caseId: k.id } }, token);
      expect(byCase.accessLog.edges).toEqual([]);
      const byEntity = await ok(Q.log, { filter: { entityId: k.id } }, token);
      expect(byEntity.accessLog.edges).toEqual([]);
      const recent = await ok(Q.log, { first: 500 }, token);
      expect(JSON.stringify(recent)).not.toContain(k.id);
      expect(JSON.stringify(recent)).not.toContain(k.reference);
      // The whole chain is still verified (entries other suites append meanwhile only add to it).
      const [{ n }] = await hub.dataSource.query('SELECT count(*)::int AS n FROM access_log');
      const verified = await ok(Q.verify, {}, token);
      expect(verified.verifyAccessLog.ok).toBe(true);
      expect(verified.verifyAccessLog.checked).toBeGreaterThanOrEqual(n);

      // This partnership's auditor sees the entries, with the case's id, reference and status only.
      const own = await ok(Q.log, { filter: { caseId: k.id } }, w.auditor.token);
      expect(own.accessLog.edges.length).toBeGreaterThan(0);
      expect(own.accessLog.edges[0].node.case).toEqual({ id: k.id, reference: k.reference, status: 'RECEIVED' });
      for (const query of [Q.logCaseConsent, Q.logCasePartnership]) {
        const res = await hub.gql(query, { filter: { caseId: k.id } }, w.auditor.token);
        expect(codes(res)[0]).toBe('FORBIDDEN');
        expect(res.errors![0].extensions.reason).toBe('CASE_AUDIT_REFERENCE_ONLY');
        expect(JSON.stringify(res)).not.toContain(w.police.id);
      }
      // Nor any other fact of the case: each non-null field beyond id, reference and status is refused.
      for (const field of ['receivedAt', 'channel', 'relationship', 'version', 'responseDueOn']) {
        const res = await hub.gql(`query ($filter: AccessLogFilter) { accessLog(filter: $filter, first: 5) { edges { node { id case { id ${field} } } } } }`, { filter: { caseId: k.id } }, w.auditor.token);
        expect(codes(res)[0]).toBe('FORBIDDEN');
        expect(res.errors![0].extensions).toMatchObject({ reason: 'CASE_AUDIT_REFERENCE_ONLY', field });
      }
    });
  });

  // ------------------------------------------------------------------ tokens and dates

  describe('tokens', () => {
    const secret = new TextEncoder().encode(TEST_JWT_SECRET);
    const now = () => Math.floor(Date.now() / 1000);
    const sign = (claims: { iat?: number; exp?: number }, email: string) => {
      const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(email);
      if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
      if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
      return jwt.sign(secret);
    };

    it.each([
      ['without exp', () => ({ iat: now() })],
      ['without exp or iat', () => ({})],
      ['living 25 hours (exp - iat)', () => ({ iat: now(), exp: now() + 25 * 3600 })],
      ['living 25 hours from now, without iat', () => ({ exp: now() + 25 * 3600 })],
      ['issued 2 minutes in the future', () => ({ iat: now() + 120, exp: now() + 3600 })],
    ])('refuses a token %s: UNAUTHENTICATED, and its write changes nothing', async (_name, claims) => {
      const w = await buildWorld(hub);
      const token = await sign(claims(), w.cst.user.email);
      expect(codes(await hub.gql(Q.me, {}, token))).toEqual(['UNAUTHENTICATED']);
      const [{ n: before }] = await hub.dataSource.query('SELECT count(*)::int AS n FROM case_review WHERE partnership_id = $1', [w.partnership.id]);
      expect(codes(await hub.gql(Q.submit, { input: application(w) }, token))).toEqual(['UNAUTHENTICATED']);
      const [{ n: after }] = await hub.dataSource.query('SELECT count(*)::int AS n FROM case_review WHERE partnership_id = $1', [w.partnership.id]);
      expect(after).toBe(before);
    });

    it('accepts 24 hours, and an iat within 60 s of skew', async () => {
      const w = await buildWorld(hub);
      expect((await hub.gql(Q.me, {}, await sign({ iat: now(), exp: now() + 24 * 3600 }, w.cst.user.email))).data.me.id).toBe(w.cst.user.id);
      expect((await hub.gql(Q.me, {}, await sign({ iat: now() + 30, exp: now() + 3600 }, w.cst.user.email))).data.me.id).toBe(w.cst.user.id);
    });
  });

  describe('dates', () => {
    const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();
    it.each([
      ['in 1990', () => '1990-05-01T10:00:00Z'],
      ['the day before commencement (23:59 on 19 October 2014, London)', () => '2014-10-19T22:59:00Z'],
      ['tomorrow', tomorrow],
    ])('refuses an application received %s: BAD_USER_INPUT input.receivedAt, no case', async (_name, receivedAt) => {
      const w = await buildWorld(hub);
      const res = await hub.gql(Q.submit, { input: application(w, { receivedAt: receivedAt(), consentGivenAt: '1990-01-01T00:00:00Z' }) }, w.cst.token);
      expectRefused(res, 'BAD_USER_INPUT', 'input.receivedAt');
      expect(await hub.dataSource.query('SELECT id FROM case_review WHERE partnership_id = $1', [w.partnership.id])).toEqual([]);
    });

    it('accepts the day of commencement (00:30 on 20 October 2014, London, still 19 October in UTC)', async () => {
      const w = await buildWorld(hub);
      const k = await submit(w, { receivedAt: '2014-10-19T23:30:00Z', consentGivenAt: '2014-10-19T23:00:00Z' });
      expect(k.reference).toMatch(/-2014-0001$/);
    });

    it('refuses consent given in the future: BAD_USER_INPUT input.consentGivenAt', async () => {
      const w = await buildWorld(hub);
      expectRefused(await hub.gql(Q.submit, { input: application(w, { consentGivenAt: tomorrow() }) }, w.cst.token), 'BAD_USER_INPUT', 'input.consentGivenAt');
      expect(await hub.dataSource.query('SELECT id FROM case_review WHERE partnership_id = $1', [w.partnership.id])).toEqual([]);
    });
  });
});
