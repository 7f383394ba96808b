import { DateTime } from 'luxon';
import pino from 'pino';
import {
  AssessRiskDocument,
  CaseReviewsDocument,
  CaseRiskDocument,
  CloseCaseDocument,
  DecideThresholdDocument,
  RiskSchemeDocument,
  SubmitApplicationDocument,
  WithdrawConsentDocument,
} from '../generated/graphql';
import { createContext } from '../../src/graphql/context';
import { loadActor } from '../../src/modules/user/actor.loader';
import { buildPartnership } from '../support/factories';
import { codes, startTestHub, type TestHub } from '../support/hub';
import { application, buildWorld, type World } from '../support/world';
import { answersYes, DEFAULT_QUESTION_IDS, packCase, send } from './fixture';

/*
 * DOMAIN.md, "The panel pack and the risk assessment": the default questions,
 * their scores, the levels at each boundary, violence and self-harm forcing
 * HIGH, every version kept with the latest on the case, reassessment dates,
 * HIGH cases first in the CST's list, and late reassessments.
 */

/** DOMAIN.md's table, as written there. */
const DOMAIN_TABLE = [
  ['repeat', 'Has the victim reported ASB three or more times in six months?', 2],
  ['hate', 'Is the behaviour motivated by hostility to a protected characteristic?', 3],
  ['violence', 'Has there been violence or a threat of violence?', 4],
  ['vulnerable', 'Does the victim have a disability, illness or other vulnerability?', 3],
  ['health', "Is the victim's physical or mental health affected?", 2],
  ['children', 'Are children in the household affected?', 2],
  ['home', 'Does the victim feel unsafe in or afraid to leave their home?', 3],
  ['isolated', 'Is the victim isolated, without support from family or friends?', 2],
  ['targeted', 'Is the victim targeted personally (not general nuisance)?', 2],
  ['selfharm', 'Has the victim mentioned self-harm or suicide?', 5],
] as const;

/** The Europe/London date of an instant plus `days` calendar days, worked out here independently of the hub. */
const londonPlus = (at: string, days: number) => DateTime.fromISO(at, { zone: 'Europe/London' }).plus({ days }).toISODate();

describe('the risk assessment', () => {
  let hub: TestHub;
  let w: World;
  beforeAll(async () => {
    hub = await startTestHub();
    w = await buildWorld(hub);
  });
  afterAll(() => hub.close());

  const newCase = async (overrides: Record<string, unknown> = {}) =>
    (await send(hub, SubmitApplicationDocument, { input: application(w, overrides) }, w.cst.token)).submitApplication.id as string;
  const assess = (caseId: string, answers: { questionId: string; answer: boolean }[], token = w.cst.token, expectedVersion?: number) =>
    hub.gql(AssessRiskDocument, { caseId, answers, expectedVersion }, token);
  const stored = async (caseId: string) => ({
    versions: await hub.dataSource.query('SELECT version, level, score FROM risk_assessment WHERE case_id = $1 ORDER BY version', [caseId]),
    caseRow: await hub.dataSource.query('SELECT version, risk_high, risk_review_due_on::text FROM case_review WHERE id = $1', [caseId]),
  });

  it("gives every partnership DOMAIN.md's default questions, scores and levels, seeded by the database", async () => {
    // A partnership inserted straight into the table (as a fixture does), not through createPartnership.
    const fresh = await buildPartnership(hub.dataSource);
    for (const id of [w.partnership.id, fresh.id]) {
      const { partnership } = await send(hub, RiskSchemeDocument, { id }, w.admin.token);
      expect(partnership.riskScheme.questions.map((q: any) => [q.id, q.question, q.score])).toEqual(DOMAIN_TABLE.map((r) => [...r]));
      expect(partnership.riskScheme.questions.filter((q: any) => q.forcesHigh).map((q: any) => q.id)).toEqual(['violence', 'selfharm']);
      expect(partnership.riskScheme).toMatchObject({ highFromScore: 12, mediumFromScore: 6, highReviewDays: 14, mediumReviewDays: 28 });
    }
  });

  it.each([
    { yes: [], score: 0, level: 'STANDARD' },
    { yes: ['hate', 'repeat'], score: 5, level: 'STANDARD' },
    { yes: ['hate', 'vulnerable'], score: 6, level: 'MEDIUM' },
    { yes: ['hate', 'vulnerable', 'home', 'repeat'], score: 11, level: 'MEDIUM' },
    { yes: ['hate', 'vulnerable', 'repeat', 'health', 'children'], score: 12, level: 'HIGH' },
    { yes: ['repeat', 'hate', 'vulnerable', 'health', 'children', 'home', 'isolated', 'targeted'], score: 19, level: 'HIGH' },
    // Violence or self-harm alone is HIGH, whatever the score.
    { yes: ['violence'], score: 4, level: 'HIGH' },
    { yes: ['selfharm'], score: 5, level: 'HIGH' },
    { yes: ['violence', 'selfharm'], score: 9, level: 'HIGH' },
  ])('scores $yes as $score, $level, with its reassessment date', async ({ yes, score, level }) => {
    const caseId = await newCase();
    const res = await assess(caseId, answersYes(...yes));
    expect(res.errors).toBeUndefined();
    const a = res.data.assessRisk.riskAssessment!;
    expect(a).toMatchObject({ level, score, version: 1, redacted: false, assessedBy: { id: w.cst.user.id } });
    expect(a.answers.map((x: any) => x.questionId)).toEqual(DEFAULT_QUESTION_IDS);
    for (const x of a.answers) expect(x.score).toBe(yes.includes(x.questionId) ? DOMAIN_TABLE.find((r) => r[0] === x.questionId)![2] : 0);
    const within = ({ HIGH: 14, MEDIUM: 28, STANDARD: null } as Record<string, number | null>)[level];
    expect(a.reviewDueOn).toBe(within === null ? null : londonPlus(a.assessedAt, within));
    expect((await stored(caseId)).caseRow).toEqual([{ version: 2, risk_high: level === 'HIGH', risk_review_due_on: a.reviewDueOn }]);
  });

  it('keeps every version, newest first, with the latest on the case; each is a step on the case', async () => {
    const caseId = await newCase();
    for (const yes of [['violence'], ['hate', 'vulnerable'], []]) expect((await assess(caseId, answersYes(...yes))).errors).toBeUndefined();
    const { caseReview } = await send(hub, CaseRiskDocument, { id: caseId }, w.cst.token);
    expect(caseReview.riskAssessments.map((a: any) => [a.version, a.level, a.score])).toEqual([
      [3, 'STANDARD', 0],
      [2, 'MEDIUM', 6],
      [1, 'HIGH', 4],
    ]);
    expect(caseReview.riskAssessment).toEqual(caseReview.riskAssessments[0]);
    expect(caseReview.version).toBe(4);
    const events = await hub.dataSource.query("SELECT note FROM case_event WHERE case_id = $1 AND type = 'RISK_ASSESSED' ORDER BY id", [caseId]);
    expect(events).toEqual([{ note: 'HIGH (score 4)' }, { note: 'MEDIUM (score 6)' }, { note: 'STANDARD (score 0)' }]);
    // The latest decides the case's place in lists and its reassessment: STANDARD has none.
    expect((await stored(caseId)).caseRow).toEqual([{ version: 4, risk_high: false, risk_review_due_on: null }]);
  });

  it('refuses answers that are not one per question of the scheme, naming the input, and changes nothing', async () => {
    const caseId = await newCase();
    await assess(caseId, answersYes('hate'));
    const before = await stored(caseId);
    const cases = [
      { answers: [{ questionId: 'weather', answer: true }, ...answersYes()], field: 'answers.0.questionId', reason: 'RISK_UNKNOWN_QUESTION' },
      { answers: [...answersYes(), { questionId: 'hate', answer: true }], field: 'answers.10.questionId', reason: 'RISK_ANSWERED_TWICE' },
      { answers: answersYes('violence').filter((a) => a.questionId !== 'selfharm'), field: 'answers', reason: 'RISK_UNANSWERED' },
    ];
    for (const { answers, field, reason } of cases) {
      const res = await assess(caseId, answers);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
      expect(await stored(caseId)).toEqual(before);
    }
    const conflict = await assess(caseId, answersYes('violence'), w.cst.token, 1);
    expect(codes(conflict)).toEqual(['CONFLICT']);
    expect(await stored(caseId)).toEqual(before);
  });

  it('is refused to those who may not know the case (NOT_FOUND), to roles without the right (FORBIDDEN), and on a closed case', async () => {
    const caseId = await newCase();
    const before = await stored(caseId);
    expect(codes(await assess(caseId, answersYes('violence'), w.otherCst.token))).toEqual(['NOT_FOUND']);
    expect(codes(await assess(caseId, answersYes('violence'), w.housingPanelMember.token))).toEqual(['NOT_FOUND']);
    expect(codes(await assess(caseId, answersYes('violence'), w.policeResponder.token))).toEqual(['FORBIDDEN']);
    expect(codes(await assess(caseId, answersYes('violence'), w.admin.token))).toEqual(['FORBIDDEN']);
    expect(await stored(caseId)).toEqual(before);
    await send(hub, DecideThresholdDocument, { caseId, met: false, reason: 'No reports', alternativeAction: 'Mediation' }, w.cst.token);
    await send(hub, CloseCaseDocument, { caseId, reason: 'Closed' }, w.cst.token);
    const closed = await stored(caseId);
    expect(codes(await assess(caseId, answersYes('violence')))).toEqual(['INVALID_STATE']);
    expect(await stored(caseId)).toEqual(closed);
  });

  it("lets the case's panel members assess; their answers, like the CST's, are withheld from other agencies once consent is withdrawn", async () => {
    const k = await packCase(hub, w);
    const byPolice = await assess(k.caseId, answersYes('selfharm'), w.policePanelMember.token);
    expect(byPolice.data.assessRisk.riskAssessment).toMatchObject({ version: 2, level: 'HIGH', assessedBy: { id: w.policePanelMember.user.id } });
    await send(hub, WithdrawConsentDocument, { caseId: k.caseId }, w.cst.token);
    const seen = async (token: string) => (await send(hub, CaseRiskDocument, { id: k.caseId }, token)).caseReview.riskAssessments;
    // The police panel member sees its own agency's answers, not the council CST's; the CST the reverse; the chair neither.
    const police = await seen(w.policePanelMember.token);
    expect(police.map((a: any) => [a.version, a.redacted, a.answers.length])).toEqual([[2, false, 10], [1, true, 0]]);
    const cst = await seen(w.cst.token);
    expect(cst.map((a: any) => [a.version, a.redacted, a.answers.length])).toEqual([[2, true, 0], [1, false, 10]]);
    const chair = await seen(w.chair.token);
    expect(chair.map((a: any) => [a.version, a.level, a.score, a.redacted, a.answers.length])).toEqual([[2, 'HIGH', 5, true, 0], [1, 'HIGH', 7, true, 0]]);
  });

  it('puts HIGH cases first in the CST\'s list, through every page', async () => {
    const p = await buildPartnership(hub.dataSource, { lead: w.council, members: [w.police] });
    const submit = (receivedAt: string) => newCase({ partnershipId: p.id, receivedAt });
    const oldest = await submit('2026-01-05T10:00:00Z');
    const middle = await submit('2026-02-05T10:00:00Z');
    const newest = await submit('2026-03-05T10:00:00Z');
    const order = async () => {
      const ids: string[] = [];
      let after: string | null = null;
      do {
        const page: any = (await send(hub, CaseReviewsDocument, { filter: { partnershipId: p.id }, first: 1, after }, w.cst.token)).caseReviews;
        ids.push(...page.edges.map((e: any) => e.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return ids;
    };
    expect(await order()).toEqual([newest, middle, oldest]);
    await assess(oldest, answersYes('violence'));
    await assess(newest, answersYes('hate', 'vulnerable'));
    expect(await order()).toEqual([oldest, newest, middle]);
    await assess(oldest, answersYes());
    expect(await order()).toEqual([newest, middle, oldest]);
  });

  it('finds open cases whose reassessment is late, HIGH first (for the overdue list)', async () => {
    const p = await buildPartnership(hub.dataSource, { lead: w.council, members: [w.police] });
    const high = await newCase({ partnershipId: p.id });
    const medium = await newCase({ partnershipId: p.id });
    const standard = await newCase({ partnershipId: p.id });
    const highAt = (await assess(high, answersYes('violence'))).data.assessRisk.riskAssessment!;
    const mediumAt = (await assess(medium, answersYes('hate', 'vulnerable'))).data.assessRisk.riskAssessment!;
    await assess(standard, answersYes());
    const late = async (today: string) => {
      const ctx = createContext(hub.dataSource, pino({ level: 'silent' }), 'risk-test');
      try {
        return (await ctx.services.riskAssessments.lateReassessments([p.id], today)).map((c) => c.id);
      } finally {
        await ctx.db.finish(false);
      }
    };
    // Late once today is after the due date: not on it.
    expect(await late(highAt.reviewDueOn!)).toEqual([]);
    expect(await late(londonPlus(`${highAt.reviewDueOn}T12:00:00Z`, 1)!)).toEqual([high]);
    expect(await late(londonPlus(`${mediumAt.reviewDueOn}T12:00:00Z`, 1)!)).toEqual([high, medium]);
    // A closed case needs no reassessment.
    await send(hub, DecideThresholdDocument, { caseId: medium, met: false, reason: 'No reports', alternativeAction: 'Mediation' }, w.cst.token);
    await send(hub, CloseCaseDocument, { caseId: medium, reason: 'Closed' }, w.cst.token);
    expect(await late(londonPlus(`${mediumAt.reviewDueOn}T12:00:00Z`, 1)!)).toEqual([high]);
  });

  it('puts a case whose reassessment is late in overdueCases, from the day after its reassessment date', async () => {
    // A case received now, acknowledged and decided, so no milestone of its own is due for weeks.
    const now = new Date().toISOString();
    const caseId = await newCase({ receivedAt: now });
    await send(
      hub,
      `mutation ($caseId: ID!, $contact: ContactInput!) { recordContact(caseId: $caseId, contact: $contact) { id } }`,
      { caseId, contact: { direction: 'TO_APPLICANT', channel: 'EMAIL', letter: 'ACKNOWLEDGEMENT', summary: 'Acknowledged' } },
      w.cst.token,
    );
    await send(hub, DecideThresholdDocument, { caseId, met: true, reason: 'Met' }, w.cst.token);
    const { reviewDueOn } = (await assess(caseId, answersYes('selfharm'))).data.assessRisk.riskAssessment!;
    const overdueOn = async (today: string) => {
      const ctx = createContext(hub.dataSource, pino({ level: 'silent' }), 'risk-overdue-test');
      try {
        const cst = (await loadActor(ctx.db, w.cst.user.email))!;
        return (await ctx.services.milestones.overdueCases(cst, w.partnership.id, today)).map((c) => c.id);
      } finally {
        await ctx.db.finish(false);
      }
    };
    expect(await overdueOn(reviewDueOn!)).not.toContain(caseId);
    expect(await overdueOn(londonPlus(`${reviewDueOn}T12:00:00Z`, 1)!)).toContain(caseId);
  });
});
