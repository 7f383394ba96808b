import {
  CaseReviewStatisticsDocument,
  DecideThresholdDocument,
  RecordPanelOutcomeDocument,
  RequestSecondaryReviewDocument,
  SchedulePanelDocument,
  SubmitApplicationDocument,
  WithdrawApplicationDocument,
} from '../generated/graphql';
import { buildUser } from '../support/factories';
import { codes, startTestHub, type TestHub } from '../support/hub';
import { application, buildWorld, type World } from '../support/world';
import { Role } from '../../src/modules/user/role';

type Outcome = 'received' | 'withdrawn' | 'notMet' | 'notMetThenSecondaryReviewed' | 'scheduled' | { reviewedWith: number };

/*
 * The partnership's published table, built by hand from these invented
 * applications (receivedAt in UTC; the period is decided by the London date):
 *   A 2022-03-31T23:30Z = London 1 April 2022 (BST)   threshold not met
 *   B 2022-06-15                                        reviewed, 2 recommendations
 *   C 2022-12-01                                        reviewed, no recommendation
 *   D 2023-03-31T23:30Z = London 1 April 2023 (BST)   panel scheduled, not yet reviewed
 *   E 2023-07-01                                        withdrawn
 *   F 2024-01-10                                        not met; its secondary review panel is no case review
 *   G 2024-02-20                                        reviewed, 1 recommendation
 *   H 2025-05-05                                        received only
 */
const APPLICATIONS: [string, Outcome][] = [
  ['2022-03-31T23:30:00Z', 'notMet'],
  ['2022-06-15T10:00:00Z', { reviewedWith: 2 }],
  ['2022-12-01T10:00:00Z', { reviewedWith: 0 }],
  ['2023-03-31T23:30:00Z', 'scheduled'],
  ['2023-07-01T10:00:00Z', 'withdrawn'],
  ['2024-01-10T10:00:00Z', 'notMetThenSecondaryReviewed'],
  ['2024-02-20T10:00:00Z', { reviewedWith: 1 }],
  ['2025-05-05T10:00:00Z', 'received'],
];

const FINANCIAL = [
  { label: '2022 to 2023', periodStart: '2022-04-01', periodEnd: '2023-03-31', applicationsReceived: 3, thresholdNotMet: 1, reviewsCarriedOut: 2, reviewsWithRecommendations: 1 },
  { label: '2023 to 2024', periodStart: '2023-04-01', periodEnd: '2024-03-31', applicationsReceived: 4, thresholdNotMet: 1, reviewsCarriedOut: 1, reviewsWithRecommendations: 1 },
  { label: '2024 to 2025', periodStart: '2024-04-01', periodEnd: '2025-03-31', applicationsReceived: 0, thresholdNotMet: 0, reviewsCarriedOut: 0, reviewsWithRecommendations: 0 },
  { label: '2025 to 2026', periodStart: '2025-04-01', periodEnd: '2026-03-31', applicationsReceived: 1, thresholdNotMet: 0, reviewsCarriedOut: 0, reviewsWithRecommendations: 0 },
];

const CALENDAR = [
  { label: '2021', periodStart: '2021-01-01', periodEnd: '2021-12-31', applicationsReceived: 0, thresholdNotMet: 0, reviewsCarriedOut: 0, reviewsWithRecommendations: 0 },
  { label: '2022', periodStart: '2022-01-01', periodEnd: '2022-12-31', applicationsReceived: 3, thresholdNotMet: 1, reviewsCarriedOut: 2, reviewsWithRecommendations: 1 },
  { label: '2023', periodStart: '2023-01-01', periodEnd: '2023-12-31', applicationsReceived: 2, thresholdNotMet: 0, reviewsCarriedOut: 0, reviewsWithRecommendations: 0 },
  { label: '2024', periodStart: '2024-01-01', periodEnd: '2024-12-31', applicationsReceived: 2, thresholdNotMet: 1, reviewsCarriedOut: 1, reviewsWithRecommendations: 1 },
  { label: '2025', periodStart: '2025-01-01', periodEnd: '2025-12-31', applicationsReceived: 1, thresholdNotMet: 0, reviewsCarriedOut: 0, reviewsWithRecommendations: 0 },
];

describe('statutory figures', () => {
  let hub: TestHub;
  let w: World;

  async function makeCase(world: World, receivedAt: string, outcome: Outcome): Promise<void> {
    const send = async (doc: any, vars: any, token = world.cst.token) => {
      const res = await hub.gql(doc, vars, token);
      expect(res.errors).toBeUndefined();
      return res.data;
    };
    const { submitApplication } = await send(SubmitApplicationDocument, { input: application(world, { receivedAt, consentGivenAt: receivedAt }) });
    const caseId = submitApplication.id;
    if (outcome === 'received') return;
    if (outcome === 'withdrawn') return void (await send(WithdrawApplicationDocument, { caseId, reason: 'Applicant withdrew' }));
    if (outcome === 'notMet' || outcome === 'notMetThenSecondaryReviewed') {
      await send(DecideThresholdDocument, { caseId, met: false, reason: 'Two reports only', alternativeAction: 'Mediation' });
      if (outcome === 'notMet') return;
      await send(RequestSecondaryReviewDocument, { caseId, reason: 'Disagrees' });
      await send(SchedulePanelDocument, { caseId, meetingAt: '2024-03-01T10:00:00Z', chairId: world.chair.user.id, memberIds: [], independentChair: true });
      await send(RecordPanelOutcomeDocument, { caseId, findings: 'Decision upheld', recommendations: [] }, world.chair.token);
      return;
    }
    await send(DecideThresholdDocument, { caseId, met: true, reason: 'Met' });
    await send(SchedulePanelDocument, { caseId, meetingAt: '2024-03-01T10:00:00Z', chairId: world.chair.user.id, memberIds: [], independentChair: true });
    if (outcome === 'scheduled') return;
    const recommendations = Array.from({ length: outcome.reviewedWith }, (_, i) => ({ agencyId: world.police.id, text: `Recommendation ${i + 1}` }));
    await send(RecordPanelOutcomeDocument, { caseId, findings: 'Findings', recommendations }, world.chair.token);
  }

  beforeAll(async () => {
    hub = await startTestHub();
    w = await buildWorld(hub);
    for (const [receivedAt, outcome] of APPLICATIONS) await makeCase(w, receivedAt, outcome);
    // Another partnership's applications in the same periods must not count.
    const other = await buildWorld(hub);
    await makeCase(other, '2022-06-15T10:00:00Z', { reviewedWith: 1 });
    await makeCase(other, '2024-01-10T10:00:00Z', 'notMet');
  });
  afterAll(() => hub.close());

  it('reproduces the published table by financial year', async () => {
    const res = await hub.gql(CaseReviewStatisticsDocument, { partnershipId: w.partnership.id, period: 'FINANCIAL_YEAR', fromYear: 2022, toYear: 2025 }, w.policeResponder.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.caseReviewStatistics).toEqual(FINANCIAL);
  });

  it('reproduces the published table by calendar year, with empty years as zeros', async () => {
    const res = await hub.gql(CaseReviewStatisticsDocument, { partnershipId: w.partnership.id, period: 'CALENDAR_YEAR', fromYear: 2021, toYear: 2025 }, w.cst.token);
    expect(res.data.caseReviewStatistics).toEqual(CALENDAR);
    for (const row of res.data.caseReviewStatistics) {
      expect(row.thresholdNotMet + row.reviewsCarriedOut).toBeLessThanOrEqual(row.applicationsReceived);
    }
  });

  it('serves the same figures as CSV for the partnership web page, without a token', async () => {
    const res = await fetch(`${hub.url}/partnerships/${w.partnership.code}/statistics.csv?period=FINANCIAL_YEAR&from=2022&to=2025`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await res.text()).split('\r\n')).toEqual([
      'period,period_start,period_end,applications_received,threshold_not_met,reviews_carried_out,reviews_with_recommendations,victims_told_at_second_report',
      '2022 to 2023,2022-04-01,2023-03-31,3,1,2,1,0',
      '2023 to 2024,2023-04-01,2024-03-31,4,1,1,1,0',
      '2024 to 2025,2024-04-01,2025-03-31,0,0,0,0,0',
      '2025 to 2026,2025-04-01,2026-03-31,1,0,0,0,0',
      '',
    ]);
    expect((await fetch(`${hub.url}/partnerships/NO-SUCH-CSP/statistics.csv`)).status).toBe(404);
    expect((await fetch(`${hub.url}/partnerships/${w.partnership.code}/statistics.csv?from=2025&to=2020`)).status).toBe(400);
  });

  it("answers NOT_FOUND to users of other partnerships' agencies, and BAD_USER_INPUT for reversed years", async () => {
    const res = await hub.gql(CaseReviewStatisticsDocument, { partnershipId: w.partnership.id, period: 'CALENDAR_YEAR', fromYear: 2022, toYear: 2022 }, w.otherCst.token);
    expect(codes(res)).toEqual(['NOT_FOUND']);
    const reversed = await hub.gql(CaseReviewStatisticsDocument, { partnershipId: w.partnership.id, period: 'CALENDAR_YEAR', fromYear: 2025, toYear: 2022 }, w.cst.token);
    expect(reversed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromYear' });
    const stranger = await buildUser(hub.dataSource, { roles: [Role.CONTRIBUTOR] });
    const strangerRes = await hub.gql(CaseReviewStatisticsDocument, { partnershipId: w.partnership.id, period: 'CALENDAR_YEAR', fromYear: 2022, toYear: 2022 }, await hub.tokenFor(stranger.email));
    expect(codes(strangerRes)).toEqual(['NOT_FOUND']);
  });
});
