import { londonDate } from './working-days';

/**
 * The hub's one answer to "what day is it": the calendar date in Europe/London
 * (YYYY-MM-DD), where the hub's partnerships work and its dates are kept. A
 * check against "today" (a date of birth, an incident's date, a due date)
 * asks this, never the UTC date, which is yesterday's between midnight and
 * 1 am in summer. `now` is for tests and for callers that fixed the instant
 * of their request.
 */
export function londonToday(now: Date = new Date()): string {
  return londonDate(now);
}
