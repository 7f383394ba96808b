import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

/*
 * Calendar dates in Europe/London and England and Wales working days. Bank
 * holidays (substitute days included) come from date-holidays, a maintained
 * library, never a hand-kept list.
 */

const ZONE = 'Europe/London';
const holidays = new Holidays('GB', 'ENG');
// Callers count working days in loops: ask date-holidays once per year.
const byYear = new Map<number, Set<string>>();

function bankHolidays(year: number): Set<string> {
  let set = byYear.get(year);
  if (!set) {
    // Observances (Mother's Day, Easter Sunday, ...) are not days off.
    set = new Set(holidays.getHolidays(year).filter((h) => h.type === 'public' || h.type === 'bank').map((h) => h.date.slice(0, 10)));
    byYear.set(year, set);
  }
  return set;
}

// A calendar date has no time of day, so its arithmetic is done in UTC: the same
// dates as in Europe/London, without a time-zone offset to work out at every step
// (which made a page of 20 cases' due dates cost ~20 ms of CPU).
function parse(date: string): DateTime {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a calendar date: ${date}`);
  const parsed = DateTime.fromISO(date, { zone: 'utc' });
  if (!parsed.isValid) throw new Error(`not a calendar date: ${date}`);
  return parsed;
}

function working(day: DateTime): boolean {
  return day.weekday <= 5 && !bankHolidays(day.year).has(day.toISODate()!);
}

// London's offset from UTC only changes on the hour (01:00 UTC, at the clock changes), so it is
// worked out once per hour of time seen; luxon's zone arithmetic per call was most of a case list's CPU.
const offsetByHour = new Map<number, number>();
const HOUR_MS = 3_600_000;

/** The Europe/London calendar date (YYYY-MM-DD) of an instant. */
export function londonDate(instant: Date): string {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new Error('not a valid instant');
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = DateTime.fromMillis(hour * HOUR_MS, { zone: ZONE }).offset;
    if (offsetByHour.size >= 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return new Date(ms + offset * 60_000).toISOString().slice(0, 10);
}

/** Monday to Friday and not an England and Wales bank holiday. */
export function isWorkingDay(date: string): boolean {
  return working(parse(date));
}

// Due dates repeat (every case received on one day shares them): remembered, up to a bound.
const added = new Map<string, string>();

/** start plus `days` working days; day 1 is the first working day after start. */
export function addWorkingDays(start: string, days: number): string {
  if (!Number.isInteger(days) || days < 0) throw new Error(`not a number of working days: ${days}`);
  const key = `${start}+${days}`;
  const known = added.get(key);
  if (known) return known;
  let day = parse(start);
  for (let counted = 0; counted < days; ) {
    day = day.plus({ days: 1 });
    if (working(day)) counted += 1;
  }
  const result = day.toISODate()!;
  if (added.size >= 50_000) added.clear();
  added.set(key, result);
  return result;
}

const DAY_MS = 86_400_000;
let lastCounts: { key: string; counts: number[] } | null = null;

/**
 * For each calendar date from `first` to `last` inclusive, how many working days
 * follow `first` up to and including it (0 for `first` itself): the working days
 * between two dates of the range are the difference of their entries, counted as
 * addWorkingDays counts them (day 1 is the first working day after the earlier).
 * Lets the database count working days between many pairs of dates without a
 * second definition of a working day. Empty when `last` is before `first`.
 */
export function workingDaysSince(first: string, last: string): number[] {
  const key = `${first}..${last}`;
  if (lastCounts?.key === key) return lastCounts.counts;
  const start = parse(first).toMillis();
  const end = parse(last).toMillis();
  const counts: number[] = [];
  let counted = 0;
  // Plain UTC dates, not luxon: a dozen years of days in a millisecond or two.
  for (let ms = start; ms <= end; ms += DAY_MS) {
    const day = new Date(ms);
    const iso = day.toISOString().slice(0, 10);
    const weekday = day.getUTCDay();
    if (ms > start && weekday !== 0 && weekday !== 6 && !bankHolidays(day.getUTCFullYear()).has(iso)) counted += 1;
    counts.push(counted);
  }
  lastCounts = { key, counts };
  return counts;
}

/** Calendar-month arithmetic, clamped to the month's last day (31 January + 1 month = 28 or 29 February). */
export function addCalendarMonths(date: string, months: number): string {
  // luxon would quietly turn a fraction of a month into days.
  if (!Number.isInteger(months)) throw new Error(`not a whole number of months: ${months}`);
  return parse(date).plus({ months }).toISODate()!;
}

/** Calendar-day arithmetic on a calendar date (an update asked for "every 14 days", a risk reassessment within 14 days: every day counts). */
export function addCalendarDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new Error(`not a whole number of days: ${days}`);
  return parse(date).plus({ days }).toISODate()!;
}

/** The instant a Europe/London calendar date begins (a date-only item placed among dated ones). */
export function startOfLondonDay(date: string): Date {
  parse(date);
  return DateTime.fromISO(date, { zone: ZONE }).toJSDate();
}
