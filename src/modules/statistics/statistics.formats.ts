import type { PeriodKind } from './periods';
import { CHANNELS, type PeriodReturn } from './statistics.types';

/*
 * The published forms of the figures: plain renderings of what the service
 * answers, nothing computed here. CSV lines end in CRLF (RFC 4180); every cell
 * is a generated label, a date or a number, so none needs quoting.
 */

const csv = (header: string[], rows: (string | number)[][]): string => `${[header, ...rows].map((cells) => cells.join(',')).join('\r\n')}\r\n`;

/** The four statutory figures, for the partnership's web page (victims told at a repeat report as a last, extra column). */
export function statisticsCsv(figures: readonly PeriodReturn[]): string {
  return csv(
    ['period', 'period_start', 'period_end', 'applications_received', 'threshold_not_met', 'reviews_carried_out', 'reviews_with_recommendations', 'victims_told_at_second_report'],
    figures.map((f) => [f.label, f.periodStart, f.periodEnd, f.applicationsReceived, f.thresholdNotMet, f.reviewsCarriedOut, f.reviewsWithRecommendations, f.victimsToldAtSecondReport]),
  );
}

/** The yearly return, one line per period: the four figures first, then the rest of PeriodReturn; the median is empty when there is none. */
export function returnCsv(figures: readonly PeriodReturn[]): string {
  return csv(
    [
      'period',
      'period_start',
      'period_end',
      'applications_received',
      'threshold_not_met',
      'reviews_carried_out',
      'reviews_with_recommendations',
      ...CHANNELS.map((channel) => `applications_by_${channel.toLowerCase()}`),
      'on_behalf_of_victim',
      'independent_chair',
      'victim_attended',
      'recommendations_made',
      'recommendations_accepted',
      'recommendations_declined',
      'recommendations_completed',
      'secondary_reviews_requested',
      'median_working_days_to_outcome',
      'victims_told_at_second_report',
    ],
    figures.map((f) => [
      f.label,
      f.periodStart,
      f.periodEnd,
      f.applicationsReceived,
      f.thresholdNotMet,
      f.reviewsCarriedOut,
      f.reviewsWithRecommendations,
      ...CHANNELS.map((channel) => f.applicationsByChannel.find((c) => c.channel === channel)?.count ?? 0),
      f.onBehalfOfVictim,
      f.independentChair,
      f.victimAttended,
      f.recommendationsMade,
      f.recommendationsAccepted,
      f.recommendationsDeclined,
      f.recommendationsCompleted,
      f.secondaryReviewsRequested,
      f.medianWorkingDaysToOutcome ?? '',
      f.victimsToldAtSecondReport,
    ]),
  );
}

/** The yearly return as JSON: the partnership, the kind of period, and one PeriodReturn (the GraphQL type's fields) per period. */
export function returnJson(partnership: { code: string; name: string }, period: PeriodKind, figures: readonly PeriodReturn[]): string {
  return `${JSON.stringify({ partnership: { code: partnership.code, name: partnership.name }, period, returns: figures }, null, 2)}\n`;
}
