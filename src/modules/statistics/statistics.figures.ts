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
  const rows: { label: string; start: string; end: string; received: number; not_met: number; reviewed: number; with_recs: number }[] =
    await manager.query(
      `SELECT p.label, p.start::text AS start, p.end_date::text AS "end",
              count(c.id)::int AS received,
              count(c.id) FILTER (WHERE c.threshold_met = false)::int AS not_met,
              count(c.id) FILTER (WHERE c.threshold_met AND f.reviewed)::int AS reviewed,
              count(c.id) FILTER (WHERE c.threshold_met AND f.reviewed AND f.with_recs)::int AS with_recs
         FROM unnest($2::text[], $3::date[], $4::date[]) WITH ORDINALITY AS p(label, start, end_date, n)
         LEFT JOIN case_review c
           ON c.partnership_id = $1
          AND c.received_at >= (p.start::timestamp AT TIME ZONE 'Europe/London')
          AND c.received_at < ((p.end_date + 1)::timestamp AT TIME ZONE 'Europe/London')
         LEFT JOIN LATERAL (
           SELECT pn.reviewed_at IS NOT NULL AS reviewed,
                  EXISTS (SELECT 1 FROM recommendation r WHERE r.panel_id = pn.id) AS with_recs
             FROM panel pn WHERE pn.case_id = c.id AND pn.round = 1
         ) f ON true
        GROUP BY p.n, p.label, p.start, p.end_date
        ORDER BY p.n`,
      [partnershipId, periods.map((p) => p.label), periods.map((p) => p.start), periods.map((p) => p.end)],
    );
  return rows.map((r) => ({
    label: r.label,
    periodStart: r.start,
    periodEnd: r.end,
    applicationsReceived: r.received,
    thresholdNotMet: r.not_met,
    reviewsCarriedOut: r.reviewed,
    reviewsWithRecommendations: r.with_recs,
  }));
}

/** The same figures as CSV, for the partnership's web page. */
export function figuresCsv(figures: readonly PeriodStatistics[]): string {
  const header = 'period,period_start,period_end,applications_received,threshold_not_met,reviews_carried_out,reviews_with_recommendations';
  const lines = figures.map((f) =>
    [f.label, f.periodStart, f.periodEnd, f.applicationsReceived, f.thresholdNotMet, f.reviewsCarriedOut, f.reviewsWithRecommendations].join(','),
  );
  return `${[header, ...lines].join('\r\n')}\r\n`;
}
