import { CaseReviewReturnDocument, CaseReviewStatisticsDocument, RecordIncidentsWithPromptsDocument } from '../generated/graphql';
import { report } from '../review-prompts/report';
import { startTestHub, type TestHub } from '../support/hub';
import { addOversightOffice, buildWorld, type World } from '../support/world';
import { buildCase, type CaseScript } from './cases';

/*
 * The yearly return, every figure worked out by hand from these invented
 * applications. receivedAt is UTC; the period is the Europe/London date's:
 *
 *   A 2024-03-31T23:30Z = London Mon 1 April 2024 00:30 (BST began 31 March)
 *       phone, self; threshold not met; the applicant asked for a secondary review
 *   B 2024-06-03T09:00Z Mon 3 June 2024, email, a carer; the victim attends in person
 *       met; independent chair; reviewed; 2 recommendations:
 *       police accepted then completed, housing declined; outcome letter Fri 28 June 2024
 *   C 2024-12-20T10:00Z Fri 20 December 2024, online, self; the victim sends a statement only
 *       met; chair not independent; reviewed, no recommendation; outcome letter Fri 17 January 2025
 *   D 2025-03-31T23:30Z = London Tue 1 April 2025 00:30 (BST began 30 March), post, family;
 *       the victim attends online; met; independent chair; reviewed; 1 recommendation (police,
 *       accepted); outcome letter Fri 25 April 2025; secondary review asked 1 May 2025:
 *       its panel made 1 more (housing, not answered) and its letter went 2 June 2025
 *   E 2025-12-31T23:30Z = London Wed 31 December 2025 23:30 (GMT), in person, a councillor
 *       withdrawn
 *   F 2026-01-01T00:00Z Thu 1 January 2026, phone, self; met; panel scheduled, not yet met
 *       (the victim will attend in person: no review carried out yet, so not counted)
 *   G 2026-03-31T22:59:59Z = London Tue 31 March 2026 23:59:59 (BST began 29 March),
 *       online, a professional; threshold not met
 *   H 2026-03-31T23:00Z = London Wed 1 April 2026 00:00, email, self
 *       met; chair not independent; reviewed (no involvement recorded); 1 recommendation
 *       (housing, declined); outcome letter Thu 30 April 2026
 *
 * Working days to the first outcome letter (England and Wales bank holidays: 25, 26
 * December and 1 January; Good Friday 18 and Easter Monday 21 April 2025; Good Friday
 * 3 and Easter Monday 6 April 2026), counting from the first working day after receipt:
 *   B 4-7 June 4, 10-14 5, 17-21 5, 24-28 5                        = 19
 *   C 23, 24, 27 Dec 3; 30, 31 Dec, 2, 3 Jan 4; 6-10 5; 13-17 5      = 17
 *   D 2-4 April 3; 7-11 5; 14-17 4; 22-25 4                         = 16 (not the secondary's letter)
 *   H 2 April 1; 7-10 4; 13-17 5; 20-24 5; 27-30 4                  = 19
 * Medians: 2024 to 2025 (B, C) (19 + 17) / 2 = 18; 2025 to 2026 (D) 16; 2026 to 2027 (H) 19.
 *
 * Victims told at a repeat report: two people's prompts, explained London 31 March
 * 2025 23:30 (2024 to 2025; calendar 2025) and London 1 April 2025 00:30 (2025 to 2026).
 */
const CASES: Record<string, CaseScript> = {
  A: { receivedAt: '2024-03-31T23:30:00Z', channel: 'PHONE', relationship: 'SELF', threshold: 'notMet', secondary: { requestedAt: '2024-05-01T10:00:00Z' } },
  B: {
    receivedAt: '2024-06-03T09:00:00Z',
    channel: 'EMAIL',
    relationship: 'CARER',
    attendance: 'IN_PERSON',
    threshold: 'met',
    panel: {
      independentChair: true,
      outcome: { recommendations: [{ to: 'police', answer: 'COMPLETED' }, { to: 'housing', answer: 'DECLINED' }], outcomeSentAt: '2024-06-28T15:00:00Z' },
    },
  },
  C: {
    receivedAt: '2024-12-20T10:00:00Z',
    channel: 'ONLINE',
    relationship: 'SELF',
    attendance: 'STATEMENT_ONLY',
    threshold: 'met',
    panel: { independentChair: false, outcome: { recommendations: [], outcomeSentAt: '2025-01-17T12:00:00Z' } },
  },
  D: {
    receivedAt: '2025-03-31T23:30:00Z',
    channel: 'POST',
    relationship: 'FAMILY_MEMBER',
    attendance: 'ONLINE',
    threshold: 'met',
    panel: { independentChair: true, outcome: { recommendations: [{ to: 'police', answer: 'ACCEPTED' }], outcomeSentAt: '2025-04-25T16:00:00Z' } },
    secondary: { requestedAt: '2025-05-01T09:00:00Z', outcome: { recommendations: [{ to: 'housing', answer: 'AWAITING' }], outcomeSentAt: '2025-06-02T09:00:00Z' } },
  },
  E: { receivedAt: '2025-12-31T23:30:00Z', channel: 'IN_PERSON', relationship: 'COUNCILLOR', withdrawn: true },
  F: { receivedAt: '2026-01-01T00:00:00Z', channel: 'PHONE', relationship: 'SELF', attendance: 'IN_PERSON', threshold: 'met', panel: { independentChair: true } },
  G: { receivedAt: '2026-03-31T22:59:59Z', channel: 'ONLINE', relationship: 'PROFESSIONAL', threshold: 'notMet' },
  H: {
    receivedAt: '2026-03-31T23:00:00Z',
    channel: 'EMAIL',
    relationship: 'SELF',
    threshold: 'met',
    panel: { independentChair: false, outcome: { recommendations: [{ to: 'housing', answer: 'DECLINED' }], outcomeSentAt: '2026-04-30T11:00:00Z' } },
  },
};

type Channels = { PHONE?: number; POST?: number; EMAIL?: number; ONLINE?: number; IN_PERSON?: number };
const channels = (c: Channels) => (['PHONE', 'POST', 'EMAIL', 'ONLINE', 'IN_PERSON'] as const).map((channel) => ({ channel, count: c[channel] ?? 0 }));
const EMPTY = {
  applicationsReceived: 0,
  thresholdNotMet: 0,
  reviewsCarriedOut: 0,
  reviewsWithRecommendations: 0,
  applicationsByChannel: channels({}),
  onBehalfOfVictim: 0,
  independentChair: 0,
  victimAttended: 0,
  recommendationsMade: 0,
  recommendationsAccepted: 0,
  recommendationsDeclined: 0,
  recommendationsCompleted: 0,
  secondaryReviewsRequested: 0,
  medianWorkingDaysToOutcome: null,
  victimsToldAtSecondReport: 0,
};

const FINANCIAL = [
  { ...EMPTY, label: '2023 to 2024', periodStart: '2023-04-01', periodEnd: '2024-03-31' },
  {
    label: '2024 to 2025', periodStart: '2024-04-01', periodEnd: '2025-03-31',
    // A, B, C
    applicationsReceived: 3, thresholdNotMet: 1, reviewsCarriedOut: 2, reviewsWithRecommendations: 1,
    applicationsByChannel: channels({ PHONE: 1, EMAIL: 1, ONLINE: 1 }),
    onBehalfOfVictim: 1, independentChair: 1, victimAttended: 1,
    recommendationsMade: 2, recommendationsAccepted: 1, recommendationsDeclined: 1, recommendationsCompleted: 1,
    secondaryReviewsRequested: 1, medianWorkingDaysToOutcome: 18, victimsToldAtSecondReport: 1,
  },
  {
    label: '2025 to 2026', periodStart: '2025-04-01', periodEnd: '2026-03-31',
    // D, E, F, G
    applicationsReceived: 4, thresholdNotMet: 1, reviewsCarriedOut: 1, reviewsWithRecommendations: 1,
    applicationsByChannel: channels({ PHONE: 1, POST: 1, ONLINE: 1, IN_PERSON: 1 }),
    onBehalfOfVictim: 3, independentChair: 1, victimAttended: 1,
    recommendationsMade: 2, recommendationsAccepted: 1, recommendationsDeclined: 0, recommendationsCompleted: 0,
    secondaryReviewsRequested: 1, medianWorkingDaysToOutcome: 16, victimsToldAtSecondReport: 1,
  },
  {
    label: '2026 to 2027', periodStart: '2026-04-01', periodEnd: '2027-03-31',
    // H
    applicationsReceived: 1, thresholdNotMet: 0, reviewsCarriedOut: 1, reviewsWithRecommendations: 1,
    applicationsByChannel: channels({ EMAIL: 1 }),
    onBehalfOfVictim: 0, independentChair: 0, victimAttended: 0,
    recommendationsMade: 1, recommendationsAccepted: 0, recommendationsDeclined: 1, recommendationsCompleted: 0,
    secondaryReviewsRequested: 0, medianWorkingDaysToOutcome: 19, victimsToldAtSecondReport: 0,
  },
];

const CALENDAR = [
  {
    label: '2024', periodStart: '2024-01-01', periodEnd: '2024-12-31',
    // A, B, C
    applicationsReceived: 3, thresholdNotMet: 1, reviewsCarriedOut: 2, reviewsWithRecommendations: 1,
    applicationsByChannel: channels({ PHONE: 1, EMAIL: 1, ONLINE: 1 }),
    onBehalfOfVictim: 1, independentChair: 1, victimAttended: 1,
    recommendationsMade: 2, recommendationsAccepted: 1, recommendationsDeclined: 1, recommendationsCompleted: 1,
    secondaryReviewsRequested: 1, medianWorkingDaysToOutcome: 18, victimsToldAtSecondReport: 0,
  },
  {
    label: '2025', periodStart: '2025-01-01', periodEnd: '2025-12-31',
    // D, E (31 December in London)
    applicationsReceived: 2, thresholdNotMet: 0, reviewsCarriedOut: 1, reviewsWithRecommendations: 1,
    applicationsByChannel: channels({ POST: 1, IN_PERSON: 1 }),
    onBehalfOfVictim: 2, independentChair: 1, victimAttended: 1,
    recommendationsMade: 2, recommendationsAccepted: 1, recommendationsDeclined: 0, recommendationsCompleted: 0,
    secondaryReviewsRequested: 1, medianWorkingDaysToOutcome: 16, victimsToldAtSecondReport: 2,
  },
  {
    label: '2026', periodStart: '2026-01-01', periodEnd: '2026-12-31',
    // F, G, H
    applicationsReceived: 3, thresholdNotMet: 1, reviewsCarriedOut: 1, reviewsWithRecommendations: 1,
    applicationsByChannel: channels({ PHONE: 1, ONLINE: 1, EMAIL: 1 }),
    onBehalfOfVictim: 1, independentChair: 0, victimAttended: 0,
    recommendationsMade: 1, recommendationsAccepted: 0, recommendationsDeclined: 1, recommendationsCompleted: 0,
    secondaryReviewsRequested: 0, medianWorkingDaysToOutcome: 19, victimsToldAtSecondReport: 0,
  },
];

describe('the yearly return, figure by figure, from hand-worked applications', () => {
  let hub: TestHub;
  let w: World;
  let oversight: Awaited<ReturnType<typeof addOversightOffice>>;

  beforeAll(async () => {
    hub = await startTestHub();
    w = await buildWorld(hub);
    oversight = await addOversightOffice(hub, w.partnership.id);
    for (const script of Object.values(CASES)) await buildCase(hub, w, script);
    // Two residents' repeat reports raise a prompt each for the police; they were explained either side of
    // 1 April 2025 in London. A prompt is explained after it is raised (now), so the dates are set past the API.
    for (const [name, explainedAt] of [['Told Before', '2025-03-31T22:30:00Z'], ['Told After', '2025-03-31T23:30:00Z']] as const) {
      const who = { name, dateOfBirth: '1970-01-01' };
      const res = await hub.gql(RecordIncidentsWithPromptsDocument, { incidents: [report(who, '2026-11-01T10:00:00Z'), report(who, '2026-11-08T10:00:00Z')] }, w.policeContributor.token);
      expect(res.errors).toBeUndefined();
      await hub.dataSource.query('UPDATE review_prompt SET explained_at = $2, explained_channel = $3 WHERE id = $1', [res.data.recordIncidents.prompts[0].id, explainedAt, 'PHONE']);
    }
    // Another partnership's applications in the same periods count only there.
    const other = await buildWorld(hub);
    await buildCase(hub, other, CASES.B);
    await buildCase(hub, other, CASES.G);
  }, 180_000);
  afterAll(() => hub.close());

  it('gives every figure of each financial year, 1 April to 31 March in London', async () => {
    const res = await hub.gql(CaseReviewReturnDocument, { partnershipId: w.partnership.id, period: 'FINANCIAL_YEAR', fromYear: 2023, toYear: 2026 }, oversight.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.caseReviewReturn).toEqual(FINANCIAL);
  });

  it('gives every figure of each calendar year, 1 January to 31 December in London', async () => {
    const res = await hub.gql(CaseReviewReturnDocument, { partnershipId: w.partnership.id, period: 'CALENDAR_YEAR', fromYear: 2024, toYear: 2026 }, w.cst.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.caseReviewReturn).toEqual(CALENDAR);
  });

  it('keeps the figures consistent with each other', async () => {
    const res = await hub.gql(CaseReviewReturnDocument, { partnershipId: w.partnership.id, period: 'CALENDAR_YEAR', fromYear: 2024, toYear: 2026 }, w.admin.token);
    for (const r of res.data.caseReviewReturn) {
      expect(r.applicationsByChannel.reduce((sum, c) => sum + c.count, 0)).toBe(r.applicationsReceived);
      expect(r.thresholdNotMet + r.reviewsCarriedOut).toBeLessThanOrEqual(r.applicationsReceived);
      expect(r.reviewsWithRecommendations).toBeLessThanOrEqual(r.reviewsCarriedOut);
      expect(r.independentChair).toBeLessThanOrEqual(r.reviewsCarriedOut);
      expect(r.victimAttended).toBeLessThanOrEqual(r.reviewsCarriedOut);
      expect(r.recommendationsAccepted + r.recommendationsDeclined).toBeLessThanOrEqual(r.recommendationsMade);
      expect(r.recommendationsCompleted).toBeLessThanOrEqual(r.recommendationsAccepted);
    }
  });

  it('answers the four statutory figures of caseReviewStatistics from the same computation', async () => {
    const res = await hub.gql(CaseReviewStatisticsDocument, { partnershipId: w.partnership.id, period: 'FINANCIAL_YEAR', fromYear: 2023, toYear: 2026 }, w.policeResponder.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.caseReviewStatistics).toEqual(
      FINANCIAL.map(({ label, periodStart, periodEnd, applicationsReceived, thresholdNotMet, reviewsCarriedOut, reviewsWithRecommendations }) => ({
        label, periodStart, periodEnd, applicationsReceived, thresholdNotMet, reviewsCarriedOut, reviewsWithRecommendations,
      })),
    );
  });
});
