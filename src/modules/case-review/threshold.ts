import { addCalendarMonths, londonDate } from '../../common/working-days';
import type { AsbCategory } from '../incident/asb-category';
import type { ThresholdRule } from '../partnership/threshold-rule';

export type ThresholdIncident = { id: string; occurredAt: Date; reportedAt: Date; category: AsbCategory; reporterId: string | null };
export type ThresholdResult = { met: boolean; qualifyingReports: number; ruleIndex: number | null; qualifyingIncidentIds: string[] };

/**
 * The threshold suggestion (DOMAIN.md, "Threshold computation"): for received
 * date R, a report qualifies under a rule when, as Europe/London dates and
 * inclusive at both ends, R - windowMonths <= reported <= R, reported <=
 * occurred + reportWithinMonths, and its category counts. A rule holds with
 * minReports qualifying reports from minDistinctReporters distinct reporters.
 */
export function suggestThreshold(receivedAt: Date, rules: readonly ThresholdRule[], incidents: readonly ThresholdIncident[]): ThresholdResult {
  const received = londonDate(receivedAt);
  const dated = incidents.map((i) => ({ ...i, reported: londonDate(i.reportedAt), occurred: londonDate(i.occurredAt) }));
  let best: ThresholdResult = { met: false, qualifyingReports: 0, ruleIndex: null, qualifyingIncidentIds: [] };
  let bestIndex = -1;
  for (const [index, rule] of rules.entries()) {
    const windowStart = addCalendarMonths(received, -rule.windowMonths);
    const qualifying = dated.filter(
      (i) =>
        i.reported <= received &&
        i.reported >= windowStart &&
        i.reported <= addCalendarMonths(i.occurred, rule.reportWithinMonths) &&
        (rule.categories.length === 0 || rule.categories.includes(i.category)),
    );
    const reporters = new Set(qualifying.flatMap((i) => (i.reporterId ? [i.reporterId] : [])));
    const holds = qualifying.length >= rule.minReports && reporters.size >= rule.minDistinctReporters;
    const result = { met: holds, qualifyingReports: qualifying.length, ruleIndex: holds ? index : null, qualifyingIncidentIds: qualifying.map((i) => i.id) };
    if (holds) return result;
    if (bestIndex < 0 || qualifying.length > best.qualifyingReports) {
      best = result;
      bestIndex = index;
    }
  }
  return best;
}
