import { londonToday } from '../../common/clock';

export type PeriodKind = 'FINANCIAL_YEAR' | 'CALENDAR_YEAR';
/** A publication period: dates YYYY-MM-DD, inclusive. */
export type Period = { label: string; start: string; end: string };

/** The periods fromYear..toYear; a financial year (1 April to 31 March) is named by its starting year. */
export function periodsBetween(kind: PeriodKind, fromYear: number, toYear: number): Period[] {
  if (fromYear > toYear) throw new Error('fromYear is after toYear');
  if (toYear - fromYear >= 50) throw new Error('at most 50 years');
  const periods: Period[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    periods.push(
      kind === 'FINANCIAL_YEAR'
        ? { label: `${year} to ${year + 1}`, start: `${year}-04-01`, end: `${year + 1}-03-31` }
        : { label: `${year}`, start: `${year}-01-01`, end: `${year}-12-31` },
    );
  }
  return periods;
}

/** The year that names the period holding `today` (a financial year is named by the year it starts). */
export function currentYear(kind: PeriodKind, today = londonToday()): number {
  const year = Number(today.slice(0, 4));
  return kind === 'FINANCIAL_YEAR' && today.slice(5) < '04-01' ? year - 1 : year;
}
