import { randomUUID } from 'node:crypto';
import {
  CaseCandidatesDocument,
  CaseHistoryDocument,
  CaseReviewsDocument,
  DecideThresholdDocument,
  IncidentDocument,
  IncidentsDocument,
  LinkIncidentsDocument,
  RecordIncidentsDocument,
  RecordPanelOutcomeDocument,
  RequestInformationDocument,
  SchedulePanelDocument,
  SubmitApplicationDocument,
  WithdrawConsentDocument,
} from '../generated/graphql';
import { Role } from '../../src/modules/user/role';
import { buildUser } from '../support/factories';
import { codes, startTestHub, type GraphQLResponse, type TestHub } from '../support/hub';
import { application, buildWorld, victimIncident, type World } from '../support/world';

/*
 * DOMAIN.md, "Who may see what" and "Consent": one test (or a small group) per
 * rule of the table. A forbidden caller gets NOT_FOUND exactly as for an id that
 * does not exist (lists leave the record out), or redacted data; an allowed
 * caller gets the data.
 */

const ok = <T extends { errors?: unknown; data: unknown }>(res: T): T['data'] => {
  expect(res.errors).toBeUndefined();
  return res.data;
};

/** The parts of a refusal a client can tell apart: code, message, extensions. */
const refusal = (res: GraphQLResponse) => {
  expect(res.errors).toHaveLength(1);
  const [e] = res.errors!;
  return { message: e.message, extensions: e.extensions, path: e.path };
};

/** The responder's view: everything reached through a request or a recommendation addressed to their agency. */
const CASE_THROUGH = `
  id reference status
  applicant { id name redacted }
  victim { id name dateOfBirth postcode redacted }
  incidents { id }
  informationRequests { id agency { id } }
  recommendations { id agency { id } }
`;
const MY_REQUESTS = `query { myInformationRequests { id agency { id } case { ${CASE_THROUGH} } } }`;
const MY_RECOMMENDATIONS = `query { myRecommendations { id agency { id } case { ${CASE_THROUGH} } } }`;

type Records = {
  /** Police records about the victim, linked to the case. */
  kp1: string;
  kp2: string;
  /** Police record about the victim, not linked (a candidate). */
  kp4: string;
  /** Police record about someone else, linked to no case. */
  kpOther: string;
  /** Housing record about the victim, linked to the case. */
  mh1: string;
};

type OpenCase = { caseId: string; reference: string; victimId: string; applicantId: string; records: Records };

describe('who may see what (DOMAIN.md)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  /** The answer to a query for an id that does not exist, as this caller gets it. */
  const missing = (query: typeof CaseHistoryDocument | typeof IncidentDocument, token: string): Promise<GraphQLResponse> =>
    hub.gql(query as typeof IncidentDocument, { id: randomUUID() }, token);

  async function recordRecords(w: World): Promise<Records> {
    const police = ok(
      await hub.gql(
        RecordIncidentsDocument,
        {
          incidents: [
            victimIncident('KP-1', '2026-01-10T22:00:00Z', '2026-01-11T09:00:00Z'),
            victimIncident('KP-2', '2026-02-14T23:00:00Z', '2026-02-20T09:00:00Z', 'INTIMIDATION_HARASSMENT'),
            victimIncident('KP-4', '2026-02-18T23:00:00Z', '2026-02-19T09:00:00Z', 'NOISE'),
            victimIncident('KP-9', '2026-02-15T23:00:00Z', '2026-02-16T09:00:00Z', 'NOISE', { kind: 'INDIVIDUAL', name: 'Someone Else', postcode: 'ME1 1AA' }),
          ],
        },
        w.policeContributor.token,
      ),
    ).recordIncidents.incidents;
    const housing = ok(
      await hub.gql(
        RecordIncidentsDocument,
        { incidents: [victimIncident('MH-1', '2026-02-01T20:00:00Z', '2026-02-02T10:00:00Z', 'VANDALISM')] },
        w.housingContributor.token,
      ),
    ).recordIncidents.incidents;
    return { kp1: police[0].id, kp2: police[1].id, kp4: police[2].id, kpOther: police[3].id, mh1: housing[0].id };
  }

  async function submit(w: World, overrides: Record<string, unknown> = {}) {
    return ok(await hub.gql(SubmitApplicationDocument, { input: application(w, overrides) }, w.cst.token)).submitApplication;
  }

  /**
   * A case with KP-1, KP-2 and MH-1 linked, taken to `stage`: IN_REVIEW has
   * requests to the police and the housing provider; PANEL_SCHEDULED adds the
   * independent chair and the police panel member; REVIEWED adds a
   * recommendation to each of the two.
   */
  async function openCase(w: World, stage: 'RECEIVED' | 'IN_REVIEW' | 'PANEL_SCHEDULED' | 'REVIEWED'): Promise<OpenCase> {
    const records = await recordRecords(w);
    const submitted = await submit(w);
    const caseId = submitted.id;
    ok(await hub.gql(LinkIncidentsDocument, { caseId, incidentIds: [records.kp1, records.kp2, records.mh1] }, w.cst.token));
    const opened: OpenCase = { caseId, reference: submitted.reference, victimId: submitted.victim!.id, applicantId: submitted.applicant!.id, records };
    if (stage === 'RECEIVED') return opened;
    ok(await hub.gql(DecideThresholdDocument, { caseId, met: true, reason: 'Three qualifying reports' }, w.cst.token));
    ok(await hub.gql(RequestInformationDocument, { caseId, agencyId: w.police.id, question: 'What did the police do?', dueOn: '2030-03-20' }, w.cst.token));
    ok(await hub.gql(RequestInformationDocument, { caseId, agencyId: w.housing.id, question: 'What did the landlord do?', dueOn: '2030-03-20' }, w.cst.token));
    if (stage === 'IN_REVIEW') return opened;
    ok(await appoint(w, caseId));
    if (stage === 'PANEL_SCHEDULED') return opened;
    ok(
      await hub.gql(
        RecordPanelOutcomeDocument,
        {
          caseId,
          findings: 'Nobody joined the reports up.',
          recommendations: [
            { agencyId: w.police.id, text: 'Flag the address' },
            { agencyId: w.housing.id, text: 'Start tenancy enforcement' },
          ],
        },
        w.chair.token,
      ),
    );
    return opened;
  }

  function appoint(w: World, caseId: string) {
    return hub.gql(
      SchedulePanelDocument,
      { caseId, meetingAt: '2026-03-25T14:00:00Z', chairId: w.chair.user.id, memberIds: [w.policePanelMember.user.id], independentChair: true },
      w.cst.token,
    );
  }

  // ------------------------------------------------------------------ CST_OFFICER

  describe('CST_OFFICER of the lead agency', () => {
    it('sees every case of its partnership; a CST of another partnership gets NOT_FOUND and an empty list', async () => {
      const w = await buildWorld(hub);
      const first = await submit(w);
      const second = await submit(w, { receivedAt: '2026-03-05T10:00:00Z' });

      for (const c of [first, second]) {
        const read = ok(await hub.gql(CaseHistoryDocument, { id: c.id }, w.cst.token)).caseReview;
        expect(read).toMatchObject({ id: c.id, reference: c.reference, victim: { name: 'Alex Victim', redacted: false }, applicant: { name: 'Sam Carer' } });
      }
      const list = ok(await hub.gql(CaseReviewsDocument, {}, w.cst.token)).caseReviews;
      expect(list.totalCount).toBe(2);
      expect(list.edges.map((e) => e.node.id)).toEqual([second.id, first.id]);

      // Another partnership's CST: exactly as if the case did not exist.
      const foreign = await hub.gql(CaseHistoryDocument, { id: first.id }, w.otherCst.token);
      expect(codes(foreign)).toEqual(['NOT_FOUND']);
      expect(foreign.data).toBeNull();
      expect(refusal(foreign)).toEqual(refusal(await missing(CaseHistoryDocument, w.otherCst.token)));
      const theirs = ok(await hub.gql(CaseReviewsDocument, {}, w.otherCst.token)).caseReviews;
      expect(theirs).toMatchObject({ totalCount: 0, edges: [] });
      const filtered = ok(await hub.gql(CaseReviewsDocument, { filter: { partnershipId: w.partnership.id } }, w.otherCst.token)).caseReviews;
      expect(filtered).toMatchObject({ totalCount: 0, edges: [] });
    });
  });

  // ------------------------------------------------------------------ PANEL_MEMBER

  describe('PANEL_MEMBER', () => {
    it('sees a case only once appointed to its panel, then in full; members not appointed stay NOT_FOUND', async () => {
      const w = await buildWorld(hub);
      const c = await openCase(w, 'IN_REVIEW');
      const other = await submit(w, { receivedAt: '2026-03-05T10:00:00Z' });

      const before = await hub.gql(CaseHistoryDocument, { id: c.caseId }, w.policePanelMember.token);
      expect(codes(before)).toEqual(['NOT_FOUND']);
      expect(before.data).toBeNull();
      expect(refusal(before)).toEqual(refusal(await missing(CaseHistoryDocument, w.policePanelMember.token)));
      expect(ok(await hub.gql(CaseReviewsDocument, {}, w.policePanelMember.token)).caseReviews).toMatchObject({ totalCount: 0, edges: [] });

      ok(await appoint(w, c.caseId));

      const seen = ok(await hub.gql(CaseHistoryDocument, { id: c.caseId }, w.policePanelMember.token)).caseReview;
      expect(seen).toMatchObject({
        id: c.caseId,
        reference: c.reference,
        status: 'PANEL_SCHEDULED',
        victim: { name: 'Alex Victim', postcode: 'ME4 4TR', redacted: false },
        applicant: { name: 'Sam Carer', redacted: false },
      });
      expect(seen.incidents.map((i) => i.id).sort()).toEqual([c.records.kp1, c.records.kp2, c.records.mh1].sort());
      for (const i of seen.incidents) {
        expect(i).toMatchObject({ redacted: false, summary: `Incident ${i.reference} at the victim's home`, location: '1 Quiet Road', reporter: { name: 'Alex Victim', redacted: false } });
      }
      expect(seen.informationRequests).toHaveLength(2);
      // Assembling the case is the CST's work: no candidates for a panel member.
      expect(ok(await hub.gql(CaseCandidatesDocument, { id: c.caseId }, w.policePanelMember.token)).caseReview.candidateIncidents).toEqual([]);

      // Only the cases of their panels.
      const list = ok(await hub.gql(CaseReviewsDocument, {}, w.policePanelMember.token)).caseReviews;
      expect(list.totalCount).toBe(1);
      expect(list.edges.map((e) => e.node.id)).toEqual([c.caseId]);
      const otherRead = await hub.gql(CaseHistoryDocument, { id: other.id }, w.policePanelMember.token);
      expect(refusal(otherRead)).toEqual(refusal(await missing(CaseHistoryDocument, w.policePanelMember.token)));

      // A panel member who was not appointed.
      const notAppointed = await hub.gql(CaseHistoryDocument, { id: c.caseId }, w.housingPanelMember.token);
      expect(codes(notAppointed)).toEqual(['NOT_FOUND']);
      expect(notAppointed.data).toBeNull();
      expect(refusal(notAppointed)).toEqual(refusal(await missing(CaseHistoryDocument, w.housingPanelMember.token)));
      expect(ok(await hub.gql(CaseReviewsDocument, {}, w.housingPanelMember.token)).caseReviews).toMatchObject({ totalCount: 0, edges: [] });
    });
  });

  // ------------------------------------------------------------------ RESPONDER

  describe('RESPONDER', () => {
    it('cannot read a case directly: FORBIDDEN (the role gate), the same for an id that does not exist', async () => {
      const w = await buildWorld(hub);
      const c = await openCase(w, 'IN_REVIEW');
      const direct = await hub.gql(CaseHistoryDocument, { id: c.caseId }, w.policeResponder.token);
      // Recorded behaviour: the role gate answers FORBIDDEN before any record is looked at,
      // so the answer does not depend on whether the case exists.
      expect(codes(direct)).toEqual(['FORBIDDEN']);
      expect(direct.data).toBeNull();
      expect(refusal(direct)).toEqual(refusal(await missing(CaseHistoryDocument, w.policeResponder.token)));
      expect(codes(await hub.gql(CaseReviewsDocument, {}, w.policeResponder.token))).toEqual(['FORBIDDEN']);
      // Another agency's record linked to the case: not even through the case.
      const housingRecord = await hub.gql(IncidentDocument, { id: c.records.mh1 }, w.policeResponder.token);
      expect(codes(housingRecord)).toEqual(['NOT_FOUND']);
      expect(refusal(housingRecord)).toEqual(refusal(await missing(IncidentDocument, w.policeResponder.token)));
    });

    it("sees, through what is addressed to its agency, the case's reference and status, the victim's name and its own requests and recommendations only", async () => {
      const w = await buildWorld(hub);
      const c = await openCase(w, 'REVIEWED');

      const requests = ok(await hub.gql(MY_REQUESTS, {}, w.policeResponder.token)).myInformationRequests;
      expect(requests).toHaveLength(1);
      expect(requests[0].agency.id).toBe(w.police.id);
      const recommendations = ok(await hub.gql(MY_RECOMMENDATIONS, {}, w.policeResponder.token)).myRecommendations;
      expect(recommendations).toHaveLength(1);
      expect(recommendations[0].agency.id).toBe(w.police.id);

      for (const seen of [requests[0].case, recommendations[0].case]) {
        expect(seen).toMatchObject({ id: c.caseId, reference: c.reference, status: 'REVIEWED', applicant: null, incidents: [] });
        // The victim's name only: the rest of the lead agency's record stays hidden.
        expect(seen.victim).toMatchObject({ id: c.victimId, name: 'Alex Victim', dateOfBirth: null, postcode: null });
        expect(seen.informationRequests).toEqual([{ id: requests[0].id, agency: { id: w.police.id } }]);
        expect(seen.recommendations).toEqual([{ id: recommendations[0].id, agency: { id: w.police.id } }]);
      }

      // The housing provider sees its own, and none of the police's.
      const housingRequests = ok(await hub.gql(MY_REQUESTS, {}, w.housingResponder.token)).myInformationRequests;
      expect(housingRequests.map((r: { agency: { id: string } }) => r.agency.id)).toEqual([w.housing.id]);
      expect(housingRequests[0].case.informationRequests.map((r: { agency: { id: string } }) => r.agency.id)).toEqual([w.housing.id]);
      const housingRecommendations = ok(await hub.gql(MY_RECOMMENDATIONS, {}, w.housingResponder.token)).myRecommendations;
      expect(housingRecommendations.map((r: { agency: { id: string } }) => r.agency.id)).toEqual([w.housing.id]);
      expect(housingRecommendations[0].case.recommendations.map((r: { agency: { id: string } }) => r.agency.id)).toEqual([w.housing.id]);

      // A responder of an agency nothing was addressed to: nothing at all.
      const clarion = await buildUser(hub.dataSource, { agency: w.housing2, roles: [Role.RESPONDER] });
      const clarionToken = await hub.tokenFor(clarion.email);
      expect(ok(await hub.gql(MY_REQUESTS, {}, clarionToken)).myInformationRequests).toEqual([]);
      expect(ok(await hub.gql(MY_RECOMMENDATIONS, {}, clarionToken)).myRecommendations).toEqual([]);
      expect(ok(await hub.gql(MY_REQUESTS, {}, w.councilResponder.token)).myInformationRequests).toEqual([]);
      expect(ok(await hub.gql(MY_RECOMMENDATIONS, {}, w.councilResponder.token)).myRecommendations).toEqual([]);
    });
  });

  // ------------------------------------------------------------------ ADMIN, AUDITOR

  describe('ADMIN and AUDITOR', () => {
    it('get FORBIDDEN for cases and incidents: no case or incident data', async () => {
      const w = await buildWorld(hub);
      const c = await openCase(w, 'IN_REVIEW');
      for (const who of [w.admin, w.auditor]) {
        const read = await hub.gql(CaseHistoryDocument, { id: c.caseId }, who.token);
        expect(codes(read)).toEqual(['FORBIDDEN']);
        expect(read.data).toBeNull();
        const list = await hub.gql(CaseReviewsDocument, {}, who.token);
        expect(codes(list)).toEqual(['FORBIDDEN']);
        expect(list.data).toBeNull();
        const incident = await hub.gql(IncidentDocument, { id: c.records.kp1 }, who.token);
        expect(codes(incident)).toEqual(['FORBIDDEN']);
        expect(incident.data).toBeNull();
        const incidents = await hub.gql(IncidentsDocument, {}, who.token);
        expect(codes(incidents)).toEqual(['FORBIDDEN']);
        expect(incidents.data).toBeNull();
      }
    });
  });

  // ------------------------------------------------------------------ Consent

  describe('consent withdrawal', () => {
    it("redacts other agencies' personal data, keeps dates, categories and owners, and leaves the status alone", async () => {
      const w = await buildWorld(hub);
      const c = await openCase(w, 'PANEL_SCHEDULED');
      expect(ok(await hub.gql(CaseCandidatesDocument, { id: c.caseId }, w.cst.token)).caseReview.candidateIncidents.map((i) => i.id)).toEqual([c.records.kp4]);
      const housingBefore = ok(await hub.gql(IncidentDocument, { id: c.records.mh1 }, w.cst.token)).incident;
      expect(housingBefore).toMatchObject({ redacted: false, summary: "Incident MH-1 at the victim's home" });

      const withdrawn = ok(await hub.gql(WithdrawConsentDocument, { caseId: c.caseId, withdrawnAt: '2026-03-20T12:00:00Z' }, w.cst.token)).withdrawConsent;
      expect(withdrawn).toMatchObject({ status: 'PANEL_SCHEDULED', consent: { active: false, withdrawnAt: '2026-03-20T12:00:00.000Z' } });

      // The police panel member.
      const panel = ok(await hub.gql(CaseHistoryDocument, { id: c.caseId }, w.policePanelMember.token)).caseReview;
      expect(panel.status).toBe('PANEL_SCHEDULED');
      const byId = new Map(panel.incidents.map((i) => [i.id, i]));
      expect(byId.get(c.records.mh1)).toEqual({
        id: c.records.mh1,
        reference: 'MH-1',
        occurredAt: '2026-02-01T20:00:00.000Z',
        reportedAt: '2026-02-02T10:00:00.000Z',
        category: 'VANDALISM',
        summary: null,
        location: null,
        reporter: null,
        redacted: true,
        version: 1,
        agency: { id: w.housing.id, code: w.housing.code, name: w.housing.name },
      });
      for (const own of [c.records.kp1, c.records.kp2]) {
        expect(byId.get(own)).toMatchObject({
          redacted: false,
          summary: expect.stringContaining('at the victim'),
          location: '1 Quiet Road',
          reporter: { name: 'Alex Victim', redacted: false },
          agency: { id: w.police.id },
        });
      }
      const hidden = { name: null, dateOfBirth: null, address: null, postcode: null, phone: null, email: null, redacted: true };
      expect(panel.victim).toMatchObject({ id: c.victimId, ...hidden });
      expect(panel.applicant).toMatchObject({ id: c.applicantId, ...hidden });

      // The independent chair's agency owns none of it: everything personal is redacted.
      const chair = ok(await hub.gql(CaseHistoryDocument, { id: c.caseId }, w.chair.token)).caseReview;
      expect(chair.victim).toMatchObject(hidden);
      expect(chair.incidents.map((i) => [i.redacted, i.summary, i.reporter])).toEqual([
        [true, null, null],
        [true, null, null],
        [true, null, null],
      ]);
      expect(chair.reportedIncidents.every((r) => r.details === null && r.reportedToName === null)).toBe(true);

      // The CST: the lead agency owns the victim and applicant records; other agencies' incidents are redacted.
      const cst = ok(await hub.gql(CaseHistoryDocument, { id: c.caseId }, w.cst.token)).caseReview;
      expect(cst.status).toBe('PANEL_SCHEDULED');
      expect(cst.victim).toMatchObject({ name: 'Alex Victim', dateOfBirth: '1950-05-05', postcode: 'ME4 4TR', redacted: false });
      expect(cst.applicant).toMatchObject({ name: 'Sam Carer', phone: '01634 000000', redacted: false });
      expect(cst.incidents).toHaveLength(3);
      for (const i of cst.incidents) {
        expect(i).toMatchObject({ redacted: true, summary: null, location: null, reporter: null });
        expect(i.category).toBeTruthy();
        expect(i.occurredAt).toBeTruthy();
      }
      expect(ok(await hub.gql(CaseCandidatesDocument, { id: c.caseId }, w.cst.token)).caseReview.candidateIncidents).toEqual([]);
      const housingAfter = ok(await hub.gql(IncidentDocument, { id: c.records.mh1 }, w.cst.token)).incident;
      expect(housingAfter).toMatchObject({
        id: c.records.mh1,
        reference: 'MH-1',
        category: 'VANDALISM',
        reportedAt: '2026-02-02T10:00:00.000Z',
        redacted: true,
        summary: null,
        location: null,
        reporter: null,
        agency: { id: w.housing.id },
      });

      // A responder no longer sees the victim's name.
      const requests = ok(await hub.gql(MY_REQUESTS, {}, w.policeResponder.token)).myInformationRequests;
      expect(requests).toHaveLength(1);
      expect(requests[0].case).toMatchObject({ reference: c.reference, status: 'PANEL_SCHEDULED', victim: { name: null, redacted: true } });

      // The owning agency still sees its own record in full.
      const owner = ok(await hub.gql(IncidentDocument, { id: c.records.mh1 }, w.housingContributor.token)).incident;
      expect(owner).toMatchObject({ redacted: false, summary: "Incident MH-1 at the victim's home", reporter: { name: 'Alex Victim' } });
    });
  });

  // ------------------------------------------------------------------ Incidents through a case

  describe('incidents through a case', () => {
    it('the CST reads the records linked to its cases, and nothing else of other agencies', async () => {
      const w = await buildWorld(hub);
      const c = await openCase(w, 'RECEIVED');

      const linked = ok(await hub.gql(IncidentDocument, { id: c.records.kp1 }, w.cst.token)).incident;
      expect(linked).toMatchObject({
        id: c.records.kp1,
        reference: 'KP-1',
        redacted: false,
        summary: "Incident KP-1 at the victim's home",
        location: '1 Quiet Road',
        reporter: { name: 'Alex Victim', redacted: false },
        agency: { id: w.police.id },
      });

      for (const unlinked of [c.records.kpOther, c.records.kp4]) {
        const read = await hub.gql(IncidentDocument, { id: unlinked }, w.cst.token);
        expect(codes(read)).toEqual(['NOT_FOUND']);
        expect(read.data).toBeNull();
        expect(refusal(read)).toEqual(refusal(await missing(IncidentDocument, w.cst.token)));
      }

      const list = ok(await hub.gql(IncidentsDocument, { first: 50 }, w.cst.token)).incidents;
      expect(list.totalCount).toBe(3);
      expect(list.edges.map((e) => e.node.id).sort()).toEqual([c.records.kp1, c.records.kp2, c.records.mh1].sort());
      const police = ok(await hub.gql(IncidentsDocument, { filter: { agencyId: w.police.id } }, w.cst.token)).incidents;
      expect(police.totalCount).toBe(2);
      expect(police.edges.map((e) => e.node.id).sort()).toEqual([c.records.kp1, c.records.kp2].sort());

      // The other partnership's CST knows none of them.
      expect(refusal(await hub.gql(IncidentDocument, { id: c.records.kp1 }, w.otherCst.token))).toEqual(refusal(await missing(IncidentDocument, w.otherCst.token)));
      expect(ok(await hub.gql(IncidentsDocument, {}, w.otherCst.token)).incidents).toMatchObject({ totalCount: 0, edges: [] });
    });

    it('linkIncidents with a record of an agency outside the partnership answers NOT_FOUND naming it, and links nothing', async () => {
      const w = await buildWorld(hub);
      const records = await recordRecords(w);
      const submitted = await submit(w);
      const outsider = await buildUser(hub.dataSource, { agency: w.outsider, roles: [Role.CONTRIBUTOR] });
      const outsiderToken = await hub.tokenFor(outsider.email);
      const foreign = ok(
        await hub.gql(RecordIncidentsDocument, { incidents: [victimIncident('IND-1', '2026-02-10T20:00:00Z', '2026-02-11T10:00:00Z')] }, outsiderToken),
      ).recordIncidents.incidents[0].id;
      // The outsider's record about the victim is not even a candidate.
      expect(ok(await hub.gql(CaseCandidatesDocument, { id: submitted.id }, w.cst.token)).caseReview.candidateIncidents.map((i) => i.id).sort()).toEqual(
        [records.kp1, records.kp2, records.kp4, records.mh1].sort(),
      );
      const links = async () => Number((await hub.dataSource.query('SELECT count(*) AS n FROM case_incident WHERE case_id = $1', [submitted.id]))[0].n);

      const refused = await hub.gql(LinkIncidentsDocument, { caseId: submitted.id, incidentIds: [records.kp1, foreign] }, w.cst.token);
      expect(codes(refused)).toEqual(['NOT_FOUND']);
      expect(refused.errors?.[0].extensions.field).toBe('incidentIds.1');
      expect(refused.data).toBeNull();
      expect(await links()).toBe(0);
      // Named exactly like an id that does not exist at all.
      const nonexistent = await hub.gql(LinkIncidentsDocument, { caseId: submitted.id, incidentIds: [records.kp1, randomUUID()] }, w.cst.token);
      expect(refusal(refused)).toEqual(refusal(nonexistent));
      expect(await links()).toBe(0);
      const after = ok(await hub.gql(CaseHistoryDocument, { id: submitted.id }, w.cst.token)).caseReview;
      expect(after).toMatchObject({ version: 1, incidents: [] });
      expect(after.events.map((e) => e.type)).toEqual(['RECEIVED']);
    });
  });

  // ------------------------------------------------------------------ The access log

  describe('the access log', () => {
    type Row = { action: string; entity: string; entity_id: string; case_id: string | null; id: string };
    const readsBy = async (actorId: string, afterId = '0'): Promise<Row[]> =>
      hub.dataSource.query(
        `SELECT id::text AS id, action, entity, entity_id::text AS entity_id, case_id::text AS case_id
           FROM access_log_entry WHERE actor_id = $1 AND action = 'READ' AND id > $2::bigint ORDER BY id`,
        [actorId, afterId],
      );

    it("logs a READ, with the case, for every Person and Incident disclosed to a panel member, and none for what was redacted", async () => {
      const w = await buildWorld(hub);
      const c = await openCase(w, 'PANEL_SCHEDULED');
      const member = w.policePanelMember.user.id;
      expect(await readsBy(member)).toEqual([]);

      const seen = ok(await hub.gql(CaseHistoryDocument, { id: c.caseId }, w.policePanelMember.token)).caseReview;
      const reporters = new Map(seen.incidents.map((i) => [i.id, i.reporter!.id]));
      const first = await readsBy(member);
      const logged = (entity: string, id: string) => first.filter((r) => r.entity === entity && r.entity_id === id);
      for (const person of [c.victimId, c.applicantId, ...reporters.values()]) {
        expect(logged('Person', person).map((r) => r.case_id)).toEqual([c.caseId]);
      }
      for (const incident of [c.records.kp1, c.records.kp2, c.records.mh1]) {
        expect(logged('Incident', incident).map((r) => r.case_id)).toEqual([c.caseId]);
      }
      expect(first.every((r) => r.case_id === c.caseId)).toBe(true);

      ok(await hub.gql(WithdrawConsentDocument, { caseId: c.caseId }, w.cst.token));
      const last = first.at(-1)!.id;
      const again = ok(await hub.gql(CaseHistoryDocument, { id: c.caseId }, w.policePanelMember.token)).caseReview;
      expect(again.victim?.redacted).toBe(true);
      const second = await readsBy(member, last);
      const redactedIds = [c.victimId, c.applicantId, c.records.mh1, reporters.get(c.records.mh1)!];
      expect(second.filter((r) => redactedIds.includes(r.entity_id))).toEqual([]);
      // The police's own records are still disclosed to it, and logged.
      expect(second.filter((r) => r.entity === 'Incident').map((r) => r.entity_id).sort()).toEqual([c.records.kp1, c.records.kp2].sort());
    });
  });
});
