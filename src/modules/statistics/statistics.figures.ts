import type { EntityManager } from 'typeorm';
import type { Period } from './periods';
import type { PeriodStatistics } from './statistics.types';

/**
 * The statutory figures for applications received in each period (Europe/London
 * dates), in one statement. A review counts as carried out when the case's
 * first panel (not the secondary review's) recorded its findings after the
 * threshold was met, so thresholdNotMet + reviewsCarriedOut <= applicationsReceived.
 */
export async function statutoryFigures(manager: EntityManager, partnershipId: string, periods: readonly Period[]): Promise<PeriodStatistics[]> {
  if (periods.length === 0) return [];
  // An aggregate over every application of the partnership, so it runs as the
  // function's owner (see the RowLevelSecurity migration); no row leaves it.
  const rows: { label: string; start: string; end: string; received: number; not_met: number; reviewed: number; with_recs: number }[] =
    await manager.query(`SELECT * FROM hub_case_review_figures($1, $2::text[], $3::date[], $4::date[])`, [
      partnershipId,
      periods.map((p) => p.label),
      periods.map((p) => p.start),
      periods.map((p) => p.end),
    ]);
  // The same kind of aggregate over every agency's prompts (the ReviewPromptSecurity migration).
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
    victimsToldAtSecondReport: told[i]?.told ?? 0,
  }));
}

/** The same figures as CSV, for the partnership's web page (victims told at a repeat report as a last, extra column). */
export function figuresCsv(figures: readonly PeriodStatistics[]): string {
  const header = 'period,period_start,period_end,applications_received,threshold_not_met,reviews_carried_out,reviews_with_recommendations,victims_told_at_second_report';
  const lines = figures.map((f) =>
    [f.label, f.periodStart, f.periodEnd, f.applicationsReceived, f.thresholdNotMet, f.reviewsCarriedOut, f.reviewsWithRecommendations, f.victimsToldAtSecondReport].join(','),
  );
  return `${[header, ...lines].join('\r\n')}\r\n`;
}
