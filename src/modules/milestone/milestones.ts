import { addCalendarDays, addWorkingDays, londonDate } from '../../common/working-days';
import type { CaseEventRecord } from '../case-review/case-event.entity';
import type { CaseReviewRecord } from '../case-review/case-review.entity';
import { CaseStatus } from '../case-review/case-review.enums';
import { OUTGOING } from '../contact/contact-direction';
import type { ContactRecord } from '../contact/contact.entity';
import { LetterKind } from '../letter/letter-kind';
import type { PanelRecord } from '../panel/panel.entity';
import { dueDates, type Timescales } from '../partnership/timescales';
import { Milestone } from './milestone.enums';
import type { MilestoneStatus, UpdateDue } from './milestone.types';

/*
 * DOMAIN.md, "Keeping the victim informed": each milestone is due a number of
 * working days after receipt (the partnership's timescales) and met by its step.
 * Pure: the facts come from the request's loaders (milestone.service.ts) or the
 * reminder job's, and "today" is the caller's Europe/London date.
 */

/** What a case's milestones are worked out from. */
export type MilestoneFacts = {
  record: Pick<CaseReviewRecord, 'status' | 'receivedAt' | 'thresholdMet' | 'thresholdDecidedAt' | 'secondaryReviewRequestedAt'>;
  timescales: Timescales;
  /** In the order they happened (by id). */
  events: readonly Pick<CaseEventRecord, 'type' | 'at' | 'note'>[];
  panels: readonly Pick<PanelRecord, 'round' | 'reviewedAt'>[];
  contacts: readonly Pick<ContactRecord, 'at' | 'direction' | 'letter'>[];
};

/** Nothing is due on a case that has ended. */
const ENDED: readonly CaseStatus[] = [CaseStatus.CLOSED, CaseStatus.WITHDRAWN];

/** The letter whose sending (a contact) meets each milestone, besides the milestone's own step. */
const LETTERS_MEETING: Record<Milestone, readonly LetterKind[]> = {
  [Milestone.ACKNOWLEDGEMENT]: [LetterKind.ACKNOWLEDGEMENT],
  [Milestone.THRESHOLD_DECISION]: [LetterKind.THRESHOLD_MET, LetterKind.THRESHOLD_NOT_MET],
  [Milestone.PANEL]: [],
  [Milestone.OUTCOME]: [LetterKind.OUTCOME],
  [Milestone.SECONDARY_REVIEW_OUTCOME]: [LetterKind.SECONDARY_REVIEW_OUTCOME],
};

export function caseMilestones(facts: MilestoneFacts, today: string): MilestoneStatus[] {
  const { record } = facts;
  const due = dueDates(record.receivedAt, facts.timescales);
  const [firstOutcome, secondaryOutcome] = outcomesSent(facts.events);
  const reviewed = facts.panels.find((p) => p.round === 1)?.reviewedAt ?? null;
  const steps: [Milestone, string, Date | null][] = [
    [Milestone.ACKNOWLEDGEMENT, due.acknowledgement, null],
    [Milestone.THRESHOLD_DECISION, due.thresholdDecision, record.thresholdDecidedAt],
  ];
  // A threshold not met ends the first review: there is no panel and no outcome letter (the decision letter tells the applicant).
  if (record.thresholdMet !== false) steps.push([Milestone.PANEL, due.panel, reviewed], [Milestone.OUTCOME, due.outcome, firstOutcome]);
  if (record.secondaryReviewRequestedAt) {
    steps.push([Milestone.SECONDARY_REVIEW_OUTCOME, addWorkingDays(londonDate(record.secondaryReviewRequestedAt), facts.timescales.outcomeWorkingDays), secondaryOutcome]);
  }
  const ended = ENDED.includes(record.status);
  return steps.map(([milestone, dueOn, byStep]) => {
    const met = extreme([byStep, ...facts.contacts.filter((c) => c.letter && LETTERS_MEETING[milestone].includes(c.letter)).map((c) => c.at)]);
    const metOn = met ? londonDate(met) : null;
    return { milestone, dueOn, metOn, overdue: !metOn && !ended && today > dueOn };
  });
}

/**
 * The next update the victim asked for (every `everyDays` days): due that many
 * calendar days after the last contact that told the applicant or victim
 * something (or the application); null when they asked for none or the case has ended.
 */
export function updateDue(facts: Pick<MilestoneFacts, 'record' | 'contacts'>, everyDays: number | null, today: string): UpdateDue | null {
  if (!everyDays || ENDED.includes(facts.record.status)) return null;
  const last = extreme(facts.contacts.filter((c) => OUTGOING.includes(c.direction)).map((c) => c.at), 'latest') ?? facts.record.receivedAt;
  const since = last > facts.record.receivedAt ? last : facts.record.receivedAt;
  const dueOn = addCalendarDays(londonDate(since), everyDays);
  return { dueOn, overdue: today > dueOn };
}

/**
 * When the outcome was sent, before and after a secondary review was asked for:
 * markOutcomeSent keeps only the latest date on the case, its events keep each
 * (their note is the sentAt it was given).
 */
function outcomesSent(events: MilestoneFacts['events']): [Date | null, Date | null] {
  const requested = events.findIndex((e) => e.type === 'SECONDARY_REVIEW_REQUESTED');
  const sentAt = (e: MilestoneFacts['events'][number]) => {
    const given = e.note ? new Date(e.note) : null;
    return given && Number.isFinite(given.getTime()) ? given : e.at;
  };
  const sent = events.map((e, i) => ({ e, i })).filter(({ e }) => e.type === 'OUTCOME_SENT');
  const first = sent.find(({ i }) => requested < 0 || i < requested);
  const second = requested < 0 ? undefined : sent.find(({ i }) => i > requested);
  return [first ? sentAt(first.e) : null, second ? sentAt(second.e) : null];
}

function extreme(dates: readonly (Date | null)[], which: 'earliest' | 'latest' = 'earliest'): Date | null {
  let best: Date | null = null;
  for (const d of dates) {
    if (d && (!best || (which === 'earliest' ? d < best : d > best))) best = d;
  }
  return best;
}
