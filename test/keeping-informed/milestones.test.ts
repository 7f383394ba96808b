import {
  CaseKeepingInformedDocument,
  DecideThresholdDocument,
  OverdueCasesDocument,
  PartnershipLettersDocument,
  RecordContactDocument,
  SetPartnershipTimescalesDocument,
  SetVictimInvolvementDocument,
  SubmitApplicationDocument,
  WithdrawApplicationDocument,
} from '../generated/graphql';
import { londonToday } from '../../src/common/clock';
import { addCalendarDays } from '../../src/common/working-days';
import { codes, startTestHub, type TestHub } from '../support/hub';
import { application, buildWorld, type World } from '../support/world';
import { markers, walkthrough } from './walkthrough';

/*
 * Each case's milestones: due a number of England and Wales working days after
 * receipt (the partnership's timescales), met by their step, overdue once today
 * (Europe/London) is past the due date and they are not met. The expected dates
 * are worked out by hand from the 2025 and 2026 bank holidays.
 */
describe('timescales and milestones', () => {
  let hub: TestHub;
  let w: World;
  const today = londonToday();
  const send = async (doc: any, vars: any, token = w.cst.token) => {
    const res = await hub.gql(doc, vars, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const submit = async (world: World, receivedAt: string) => (await send(SubmitApplicationDocument, { input: application(world, { receivedAt }) }, world.cst.token)).submitApplication.id as string;
  const milestonesOf = async (caseId: string, token = w.cst.token) => (await send(CaseKeepingInformedDocument, { id: caseId }, token)).caseReview;
  const due = (caseReview: { milestones: { milestone: string; dueOn: string }[] }) => Object.fromEntries(caseReview.milestones.map((m) => [m.milestone, m.dueOn]));
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

  beforeAll(async () => {
    hub = await startTestHub();
    w = await buildWorld(hub);
  });
  afterAll(() => hub.close());

  it('puts the due dates the partnership promises across Easter and the early May bank holiday', async () => {
    // Monday 30 March 2026 at 00:30 in London (still the 29th in UTC): Good Friday 3 April, Easter Monday 6 April, 4 May.
    const caseId = await submit(w, '2026-03-29T23:30:00Z');
    const c = await milestonesOf(caseId);
    expect(due(c)).toEqual({ ACKNOWLEDGEMENT: '2026-04-08', THRESHOLD_DECISION: '2026-04-15', PANEL: '2026-04-29', OUTCOME: '2026-05-07' });
    expect(c.responseDueOn).toBe('2026-05-07');
  });

  it('puts them across Christmas and New Year', async () => {
    // Friday 19 December 2025: 25 and 26 December, 1 January 2026 are bank holidays.
    const c = await milestonesOf(await submit(w, '2025-12-19T10:00:00Z'));
    expect(due(c)).toMatchObject({ ACKNOWLEDGEMENT: '2025-12-30', THRESHOLD_DECISION: '2026-01-07' });
  });

  it("follows the partnership's own timescales once its CST sets them, and refuses targets out of order, changing nothing", async () => {
    const own = await buildWorld(hub);
    const caseId = await submit(own, '2026-03-29T23:30:00Z');
    const timescales = { acknowledgeWorkingDays: 3, thresholdDecisionWorkingDays: 8, panelWorkingDays: 15, outcomeWorkingDays: 30 };
    const set = await send(SetPartnershipTimescalesDocument, { partnershipId: own.partnership.id, timescales }, own.cst.token);
    expect(set.setPartnershipTimescales).toMatchObject({ responseWorkingDays: 30, timescales });
    const c = await milestonesOf(caseId, own.cst.token);
    expect(due(c)).toEqual({ ACKNOWLEDGEMENT: '2026-04-02', THRESHOLD_DECISION: '2026-04-13', PANEL: '2026-04-22', OUTCOME: '2026-05-14' });
    expect(c.responseDueOn).toBe('2026-05-14');

    const before = (await send(PartnershipLettersDocument, { id: own.partnership.id }, own.cst.token)).partnership.timescales;
    const refusals: [string, typeof timescales, string | undefined, string][] = [
      [own.cst.token, { ...timescales, panelWorkingDays: 7 }, 'timescales.panelWorkingDays', 'BAD_USER_INPUT'],
      [own.cst.token, { ...timescales, acknowledgeWorkingDays: 0 }, 'timescales.acknowledgeWorkingDays', 'BAD_USER_INPUT'],
      [w.cst.token, timescales, 'partnershipId', 'NOT_FOUND'],
      [own.policePanelMember.token, timescales, undefined, 'FORBIDDEN'],
      [own.policeContributor.token, timescales, undefined, 'FORBIDDEN'],
    ];
    for (const [token, attempt, field, code] of refusals) {
      const res = await hub.gql(SetPartnershipTimescalesDocument, { partnershipId: own.partnership.id, timescales: attempt }, token);
      expect({ code: res.errors?.[0].extensions.code, field: res.errors?.[0].extensions.field }).toEqual({ code, field });
    }
    expect((await send(PartnershipLettersDocument, { id: own.partnership.id }, own.cst.token)).partnership.timescales).toEqual(before);
  });

  it('marks a milestone met by its step (an acknowledgement letter, not any call) and flags the late ones overdue', async () => {
    const caseId = await submit(w, '2026-03-29T23:30:00Z');
    await send(RecordContactDocument, { caseId, contact: { at: '2026-03-31T09:00:00Z', direction: 'TO_APPLICANT', channel: 'PHONE', summary: 'Called to say we have it' } });
    let c = await milestonesOf(caseId);
    expect(c.milestones[0]).toEqual({ milestone: 'ACKNOWLEDGEMENT', dueOn: '2026-04-08', metOn: null, overdue: true });
    await send(RecordContactDocument, { caseId, contact: { at: '2026-04-01T09:00:00Z', direction: 'TO_APPLICANT', channel: 'POST', letter: 'ACKNOWLEDGEMENT', summary: 'Acknowledgement posted' } });
    await send(DecideThresholdDocument, { caseId, met: true, reason: 'Met' });
    c = await milestonesOf(caseId);
    expect(c.milestones).toEqual([
      { milestone: 'ACKNOWLEDGEMENT', dueOn: '2026-04-08', metOn: '2026-04-01', overdue: false },
      // Decided today: late, but met, so not overdue.
      { milestone: 'THRESHOLD_DECISION', dueOn: '2026-04-15', metOn: today, overdue: false },
      { milestone: 'PANEL', dueOn: '2026-04-29', metOn: null, overdue: true },
      { milestone: 'OUTCOME', dueOn: '2026-05-07', metOn: null, overdue: true },
    ]);
    expect(c.events.filter((e: { type: string }) => e.type === 'CONTACT_RECORDED').map((e: { note: string }) => e.note)).toEqual([
      'to applicant by phone',
      'to applicant by post: ACKNOWLEDGEMENT letter',
    ]);
  });

  it('meets each step of a case taken to a secondary review and closed, the first outcome and the second apart', async () => {
    const walk = await walkthrough(hub, w, markers());
    const c = await milestonesOf(walk.caseId);
    expect(c.milestones.map((m: { milestone: string; metOn: string | null; overdue: boolean }) => [m.milestone, m.metOn, m.overdue])).toEqual([
      ['ACKNOWLEDGEMENT', '2026-03-03', false],
      ['THRESHOLD_DECISION', today, false],
      ['PANEL', '2026-03-25', false],
      ['OUTCOME', '2026-03-27', false],
      ['SECONDARY_REVIEW_OUTCOME', '2026-04-22', false],
    ]);
    expect(c.milestones[4].dueOn).toBe(c.secondaryReviewDueOn);
    // Not met: no panel, no outcome; what is left is the decision letter's business.
    const notMet = await milestonesOf(walk.notMetCaseId);
    expect(notMet.milestones.map((m: { milestone: string }) => m.milestone)).toEqual(['ACKNOWLEDGEMENT', 'THRESHOLD_DECISION']);
  });

  it("lists the CST's overdue cases, longest overdue first: late milestones and late updates, not new, ended or other partnerships' cases", async () => {
    const own = await buildWorld(hub);
    const older = await submit(own, daysAgo(90));
    const old = await submit(own, daysAgo(60));
    const fresh = await submit(own, daysAgo(0));
    const withdrawn = await submit(own, daysAgo(80));
    await send(WithdrawApplicationDocument, { caseId: withdrawn, reason: 'Moved away' }, own.cst.token);
    // Received five days ago, nothing late yet, but the victim asked for an update every two days.
    const updates = await submit(own, daysAgo(5));
    await submit(w, daysAgo(90));
    const involvement = await send(SetVictimInvolvementDocument, { caseId: updates, involvement: { wantsToAttendPanel: true, updateEveryDays: 2 } }, own.cst.token);
    const receivedOn = (await hub.dataSource.query(`SELECT (received_at AT TIME ZONE 'Europe/London')::date::text AS d FROM case_review WHERE id = $1`, [updates]))[0].d;
    expect(involvement.setVictimInvolvement.involvement).toMatchObject({ nextUpdateDueOn: addCalendarDays(receivedOn, 2), updateOverdue: true });
    expect((await milestonesOf(updates, own.cst.token)).milestones.some((m: { overdue: boolean }) => m.overdue)).toBe(false);

    const listed = async () => (await send(OverdueCasesDocument, { partnershipId: own.partnership.id }, own.cst.token)).overdueCases.map((c: { id: string }) => c.id);
    expect(await listed()).toEqual([older, old, updates]);
    expect(await listed()).not.toContain(fresh);

    // Telling the victim something brings the next update forward: the case is no longer overdue.
    await send(RecordContactDocument, { caseId: updates, contact: { direction: 'TO_VICTIM', channel: 'PHONE', summary: 'Update on progress' } }, own.cst.token);
    const after = (await milestonesOf(updates, own.cst.token)).involvement;
    expect(after).toMatchObject({ nextUpdateDueOn: addCalendarDays(today, 2), updateOverdue: false });
    expect(await listed()).toEqual([older, old]);

    for (const [token, id, code] of [
      [w.cst.token, own.partnership.id, 'NOT_FOUND'],
      [own.policePanelMember.token, own.partnership.id, 'FORBIDDEN'],
      [own.policeResponder.token, own.partnership.id, 'FORBIDDEN'],
      [own.cst.token, 'not-an-id', 'BAD_USER_INPUT'],
    ] as const) {
      expect(codes(await hub.gql(OverdueCasesDocument, { partnershipId: id }, token))).toEqual([code]);
    }
  });
});
