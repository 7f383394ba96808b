import {
  CaseCandidatesDocument,
  CaseHistoryDocument,
  CloseCaseDocument,
  CompleteRecommendationDocument,
  DecideThresholdDocument,
  LinkIncidentsDocument,
  MarkOutcomeSentDocument,
  MyInformationRequestsDocument,
  MyRecommendationsDocument,
  RecordIncidentsDocument,
  RecordPanelOutcomeDocument,
  RequestInformationDocument,
  RequestSecondaryReviewDocument,
  RespondToInformationRequestDocument,
  RespondToRecommendationDocument,
  SchedulePanelDocument,
  SubmitApplicationDocument,
} from '../generated/graphql';
import { codes, startTestHub, type TestHub } from '../support/hub';
import { application, buildWorld, victimIncident, type World } from '../support/world';

describe('a case review from the first phone call to closure', () => {
  let hub: TestHub;
  let w: World;
  beforeAll(async () => {
    hub = await startTestHub();
    w = await buildWorld(hub);
  });
  afterAll(() => hub.close());

  it('walks every step, checking each status and event', async () => {
    const ok = <T extends { errors?: unknown; data: unknown }>(res: T): T['data'] => {
      expect(res.errors).toBeUndefined();
      return res.data;
    };

    // 1. A carer phones the CST on the victim's behalf.
    const submitted = ok(await hub.gql(SubmitApplicationDocument, { input: application(w) }, w.cst.token)).submitApplication;
    expect(submitted).toMatchObject({
      status: 'RECEIVED',
      version: 1,
      channel: 'PHONE',
      relationship: 'CARER',
      // 2 March 2026 + 25 working days, across Good Friday (3 April) and Easter Monday (6 April).
      responseDueOn: '2026-04-08',
      secondaryReviewDueOn: null,
      consent: { givenAt: '2026-03-01T09:00:00.000Z', channel: 'PHONE', withdrawnAt: null, active: true },
      applicant: { name: 'Sam Carer', redacted: false },
      victim: { name: 'Alex Victim', postcode: 'ME4 4TR', redacted: false },
      events: [{ type: 'RECEIVED' }],
    });
    expect(submitted.reference).toMatch(new RegExp(`^${w.partnership.code}-2026-\\d{4}$`));
    const caseId = submitted.id;

    // 2. The agencies' records about the victim, and one about someone else.
    const police = ok(
      await hub.gql(
        RecordIncidentsDocument,
        {
          incidents: [
            victimIncident('KP-1', '2026-01-10T22:00:00Z', '2026-01-11T09:00:00Z'),
            victimIncident('KP-2', '2026-02-14T23:00:00Z', '2026-02-20T09:00:00Z', 'INTIMIDATION_HARASSMENT'),
            victimIncident('KP-3', '2026-02-15T23:00:00Z', '2026-02-16T09:00:00Z', 'NOISE', { name: 'Someone Else', postcode: 'ME1 1AA' }),
          ],
        },
        w.policeContributor.token,
      ),
    ).recordIncidents.incidents;
    const housing = ok(
      await hub.gql(
        RecordIncidentsDocument,
        {
          incidents: [
            victimIncident('MH-1', '2026-02-01T20:00:00Z', '2026-02-02T10:00:00Z', 'VANDALISM', { name: 'ALEX  VICTIM', postcode: 'me44tr' }),
            // Reported six weeks after it happened: not a qualifying report.
            victimIncident('MH-2', '2025-11-01T20:00:00Z', '2025-12-15T10:00:00Z', 'NOISE', { name: 'Alex Victim', dateOfBirth: '1950-05-05' }),
          ],
        },
        w.housingContributor.token,
      ),
    ).recordIncidents.incidents;
    const victimsRecords = [police[0].id, police[1].id, housing[0].id, housing[1].id];

    // 3. The CST assembles the case from the candidates.
    const candidates = ok(await hub.gql(CaseCandidatesDocument, { id: caseId }, w.cst.token)).caseReview.candidateIncidents;
    expect(candidates.map((c) => c.id).sort()).toEqual([...victimsRecords].sort());
    expect(candidates.every((c) => !c.redacted && c.summary)).toBe(true);
    const linked = ok(await hub.gql(LinkIncidentsDocument, { caseId, incidentIds: victimsRecords }, w.cst.token)).linkIncidents;
    expect(linked).toMatchObject({ status: 'RECEIVED', version: 2 });
    expect(linked.incidents).toHaveLength(4);
    expect(ok(await hub.gql(CaseCandidatesDocument, { id: caseId }, w.cst.token)).caseReview.candidateIncidents).toEqual([]);

    // 4. The threshold: 3 qualifying reports (MH-2 came too late), the default rule holds.
    const before = ok(await hub.gql(CaseHistoryDocument, { id: caseId }, w.cst.token)).caseReview;
    expect(before.thresholdSuggestion).toMatchObject({ met: true, qualifyingReports: 3, ruleIndex: 0 });
    expect(before.thresholdSuggestion.qualifyingIncidents.map((i) => i.id).sort()).toEqual([police[0].id, police[1].id, housing[0].id].sort());
    const decided = ok(
      await hub.gql(DecideThresholdDocument, { caseId, met: true, reason: 'Three qualifying reports in six months', expectedVersion: 2 }, w.cst.token),
    ).decideThreshold;
    expect(decided).toMatchObject({ status: 'IN_REVIEW', version: 3, thresholdDecision: { met: true, alternativeAction: null } });

    // 5. Information from two agencies.
    const toPolice = ok(await hub.gql(RequestInformationDocument, { caseId, agencyId: w.police.id, question: 'What did you do about KP-1 and KP-2?', dueOn: '2030-03-20' }, w.cst.token)).requestInformation;
    const toHousing = ok(await hub.gql(RequestInformationDocument, { caseId, agencyId: w.housing.id, question: 'What did you do about MH-1?', dueOn: '2030-03-20' }, w.cst.token)).requestInformation;
    const policeInbox = ok(await hub.gql(MyInformationRequestsDocument, { open: true }, w.policeResponder.token)).myInformationRequests;
    expect(policeInbox).toEqual([
      expect.objectContaining({ id: toPolice.id, case: { id: caseId, reference: submitted.reference, status: 'IN_REVIEW', victim: { name: 'Alex Victim', redacted: true } } }),
    ]);
    ok(await hub.gql(RespondToInformationRequestDocument, { requestId: toPolice.id, summary: 'Two visits; warning letter', actionsTaken: ['Visit 12/01', 'Warning letter 21/02'] }, w.policeResponder.token));
    ok(await hub.gql(RespondToInformationRequestDocument, { requestId: toHousing.id, summary: 'Tenancy warning issued', actionsTaken: ['Tenancy warning'] }, w.housingResponder.token));
    expect(ok(await hub.gql(MyInformationRequestsDocument, { open: true }, w.policeResponder.token)).myInformationRequests).toEqual([]);

    // 6. A panel with an independent chair.
    const scheduled = ok(
      await hub.gql(
        SchedulePanelDocument,
        { caseId, meetingAt: '2026-03-25T14:00:00Z', chairId: w.chair.user.id, memberIds: [w.policePanelMember.user.id, w.housingPanelMember.user.id], independentChair: true },
        w.cst.token,
      ),
    ).schedulePanel;
    expect(scheduled.status).toBe('PANEL_SCHEDULED');
    expect(scheduled.panel?.members.filter((m) => m.isChair).map((m) => m.user.id)).toEqual([w.chair.user.id]);

    // 7. The chair reads the whole history in one query, then records three recommendations.
    const history = await hub.gql(CaseHistoryDocument, { id: caseId }, w.chair.token);
    expect(history.errors).toBeUndefined();
    expect(history.data.caseReview.incidents).toHaveLength(4);
    expect(history.data.caseReview.incidents.every((i) => !i.redacted && i.reporter?.name)).toBe(true);
    expect(history.data.caseReview.informationRequests.map((r) => r.response?.summary)).toEqual(['Two visits; warning letter', 'Tenancy warning issued']);
    const reviewed = ok(
      await hub.gql(
        RecordPanelOutcomeDocument,
        {
          caseId,
          findings: 'Agencies acted separately; nobody joined the reports up.',
          reviewedAt: '2026-03-25T16:00:00Z',
          recommendations: [
            { agencyId: w.police.id, text: 'Flag the address for repeat-victim checks', dueOn: '2026-05-01' },
            { agencyId: w.housing.id, text: 'Start tenancy enforcement against the perpetrator' },
            { agencyId: w.council.id, text: 'Install noise monitoring equipment' },
          ],
        },
        w.chair.token,
      ),
    ).recordPanelOutcome;
    expect(reviewed.status).toBe('REVIEWED');
    const [recPolice, recHousing, recCouncil] = reviewed.recommendations;

    // 8. Each agency has regard to its recommendation.
    const noReason = await hub.gql(RespondToRecommendationDocument, { recommendationId: recPolice.id, decision: 'DECLINED' }, w.policeResponder.token);
    expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const declined = ok(
      await hub.gql(RespondToRecommendationDocument, { recommendationId: recPolice.id, decision: 'DECLINED', reason: 'Already flagged under the repeat-victim policy since 2025' }, w.policeResponder.token),
    ).respondToRecommendation;
    expect(declined).toMatchObject({ status: 'DECLINED', responseReason: 'Already flagged under the repeat-victim policy since 2025', respondedBy: { id: w.policeResponder.user.id } });
    ok(await hub.gql(RespondToRecommendationDocument, { recommendationId: recHousing.id, decision: 'ACCEPTED' }, w.housingResponder.token));
    const completed = ok(await hub.gql(CompleteRecommendationDocument, { recommendationId: recHousing.id, note: 'Notice served' }, w.housingResponder.token)).completeRecommendation;
    expect(completed.status).toBe('COMPLETED');
    ok(await hub.gql(RespondToRecommendationDocument, { recommendationId: recCouncil.id, decision: 'ACCEPTED' }, w.councilResponder.token));
    const housingInbox = ok(await hub.gql(MyRecommendationsDocument, {}, w.housingResponder.token)).myRecommendations;
    expect(housingInbox).toEqual([expect.objectContaining({ id: recHousing.id, status: 'COMPLETED', case: expect.objectContaining({ reference: submitted.reference, applicant: null, incidents: [] }) })]);

    // 9. The outcome letter, a secondary review by an independent panel, its outcome, closure.
    expect(ok(await hub.gql(MarkOutcomeSentDocument, { caseId, sentAt: '2026-03-27T09:00:00Z' }, w.cst.token)).markOutcomeSent).toMatchObject({
      status: 'OUTCOME_SENT',
      outcomeSentAt: '2026-03-27T09:00:00.000Z',
    });
    const secondary = ok(await hub.gql(RequestSecondaryReviewDocument, { caseId, reason: 'Unhappy with the police answer', requestedAt: '2026-04-10T10:00:00Z' }, w.cst.token))
      .requestSecondaryReview;
    // Friday 10 April 2026 + 25 working days, across the Early May bank holiday (4 May).
    expect(secondary).toMatchObject({ status: 'SECONDARY_REVIEW', secondaryReviewDueOn: '2026-05-18' });
    ok(await hub.gql(SchedulePanelDocument, { caseId, meetingAt: '2027-01-10T14:00:00Z', chairId: w.chair.user.id, memberIds: [], independentChair: true }, w.cst.token));
    ok(await hub.gql(RecordPanelOutcomeDocument, { caseId, findings: 'The first review was sound.', recommendations: [] }, w.chair.token));
    ok(await hub.gql(MarkOutcomeSentDocument, { caseId }, w.cst.token));
    const closed = ok(await hub.gql(CloseCaseDocument, { caseId, reason: 'Secondary review concluded' }, w.cst.token)).closeCase;
    expect(closed.status).toBe('CLOSED');

    const final = ok(await hub.gql(CaseHistoryDocument, { id: caseId }, w.cst.token)).caseReview;
    const types = final.events.map((e) => e.type);
    expect(types).toEqual([
      'RECEIVED',
      'INCIDENTS_LINKED',
      'THRESHOLD_DECIDED',
      'INFORMATION_REQUESTED',
      'INFORMATION_REQUESTED',
      'INFORMATION_RESPONDED',
      'INFORMATION_RESPONDED',
      'PANEL_SCHEDULED',
      'REVIEWED',
      'RECOMMENDATION_DECLINED',
      'RECOMMENDATION_ACCEPTED',
      'RECOMMENDATION_COMPLETED',
      'RECOMMENDATION_ACCEPTED',
      'OUTCOME_SENT',
      'SECONDARY_REVIEW_REQUESTED',
      'PANEL_SCHEDULED',
      'REVIEWED',
      'OUTCOME_SENT',
      'CLOSED',
    ]);
    expect(final.version).toBe(types.length);
    expect(final.recommendations.map((r) => r.status)).toEqual(['DECLINED', 'COMPLETED', 'ACCEPTED']);
    expect(final.panel).toMatchObject({ independentChair: true, findings: 'The first review was sound.' });
    // A closed case takes no more steps, and the refusal changes nothing.
    const again = await hub.gql(CloseCaseDocument, { caseId, reason: 'again' }, w.cst.token);
    expect(codes(again)).toEqual(['INVALID_STATE']);
    expect(ok(await hub.gql(CaseHistoryDocument, { id: caseId }, w.cst.token)).caseReview.version).toBe(final.version);
    // ... but agencies still track their recommendations to completion.
    ok(await hub.gql(CompleteRecommendationDocument, { recommendationId: recCouncil.id, note: 'Monitoring installed' }, w.councilResponder.token));
    const after = ok(await hub.gql(CaseHistoryDocument, { id: caseId }, w.cst.token)).caseReview;
    expect(after).toMatchObject({ status: 'CLOSED', version: final.version + 1 });
    expect(after.events.at(-1)?.type).toBe('RECOMMENDATION_COMPLETED');
  });
});
