import type { EntityManager } from 'typeorm';
import { workingDaysSince } from '../../common/working-days';
import { londonToday } from '../../common/clock';
import type { Channel } from '../case-review/case-review.enums';
import { ATTENDS } from '../involvement/panel-attendance';
import type { Period } from './periods';
import { CHANNELS, type PeriodReturn } from './statistics.types';

type ReturnRow = {
  label: string;
  start: string;
  end: string;
  received: number;
  not_met: number;
  reviewed: number;
  with_recs: number;
  by_channel: Partial<Record<Channel, number>>;
  on_behalf: number;
  independent_chair: number;
  victim_attended: number;
  recs_made: number;
  recs_accepted: number;
  recs_declined: number;
  recs_completed: number;
  secondary: number;
  median_days: number | null;
};

/**
 * Every figure of the yearly return (the four statutory figures among them) for
 * applications received in each period, Europe/London dates. Each figure is
 * defined once, in the database: hub_case_review_return (the OversightSecurity
 * migration, which says what each counts) and, for victimsToldAtSecondReport,
 * hub_review_prompt_figures (ReviewPromptSecurity). Both are aggregates over
 * every agency's records that run as their owner; no row leaves them. Two
 * statements, whatever the number of periods.
 */
export async function periodReturns(manager: EntityManager, partnershipId: string, periods: readonly Period[], today = londonToday()): Promise<PeriodReturn[]> {
  if (periods.length === 0) return [];
  // Working days from the first period's start to today: no letter is dated later than today.
  const dayZero = periods[0].start;
  const rows: ReturnRow[] = await manager.query(`SELECT * FROM hub_case_review_return($1, $2::text[], $3::date[], $4::date[], $5::date, $6::int[], $7::text[])`, [
    partnershipId,
    periods.map((p) => p.label),
    periods.map((p) => p.start),
    periods.map((p) => p.end),
    dayZero,
    workingDaysSince(dayZero, today),
    ATTENDS,
  ]);
  const told: { n: string; told: number }[] = await manager.query(`SELECT * FROM hub_review_prompt_figures($1, $2::date[], $3::date[])`, [
    partnershipId,
    periods.map((p) => p.start),
    periods.map((p) => p.end),
  ]);
  return rows.map((r, i) => ({
    label: r.label,
    periodStart: r.start,
    periodEnd: r.end,
    applicationsReceived: r.received,
    thresholdNotMet: r.not_met,
    reviewsCarriedOut: r.reviewed,
    reviewsWithRecommendations: r.with_recs,
    applicationsByChannel: CHANNELS.map((channel) => ({ channel, count: Number(r.by_channel[channel] ?? 0) })),
    onBehalfOfVictim: r.on_behalf,
    independentChair: r.independent_chair,
    victimAttended: r.victim_attended,
    recommendationsMade: r.recs_made,
    recommendationsAccepted: r.recs_accepted,
    recommendationsDeclined: r.recs_declined,
    recommendationsCompleted: r.recs_completed,
    secondaryReviewsRequested: r.secondary,
    medianWorkingDaysToOutcome: r.median_days === null ? null : Number(r.median_days),
    victimsToldAtSecondReport: told[i]?.told ?? 0,
  }));
}
