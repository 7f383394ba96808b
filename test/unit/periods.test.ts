import { currentYear, periodsBetween } from '../../src/modules/statistics/periods';

describe('periodsBetween', () => {
  it('gives financial years from 1 April to 31 March, named by both years', () => {
    expect(periodsBetween('FINANCIAL_YEAR', 2022, 2022)).toEqual([{ label: '2022 to 2023', start: '2022-04-01', end: '2023-03-31' }]);
  });

  it('gives calendar years from 1 January to 31 December', () => {
    expect(periodsBetween('CALENDAR_YEAR', 2022, 2022)).toEqual([{ label: '2022', start: '2022-01-01', end: '2022-12-31' }]);
  });

  it('gives every year from fromYear to toYear inclusive, in ascending order', () => {
    expect(periodsBetween('FINANCIAL_YEAR', 2022, 2024)).toEqual([
      { label: '2022 to 2023', start: '2022-04-01', end: '2023-03-31' },
      { label: '2023 to 2024', start: '2023-04-01', end: '2024-03-31' },
      { label: '2024 to 2025', start: '2024-04-01', end: '2025-03-31' },
    ]);
    expect(periodsBetween('CALENDAR_YEAR', 2023, 2024)).toEqual([
      { label: '2023', start: '2023-01-01', end: '2023-12-31' },
      { label: '2024', start: '2024-01-01', end: '2024-12-31' },
    ]);
  });

  it('ends a financial year on 31 March even when the next February has 29 days', () => {
    expect(periodsBetween('FINANCIAL_YEAR', 2023, 2023)[0]).toEqual({ label: '2023 to 2024', start: '2023-04-01', end: '2024-03-31' });
  });

  it('refuses fromYear after toYear', () => {
    expect(() => periodsBetween('CALENDAR_YEAR', 2024, 2023)).toThrow(Error);
    expect(() => periodsBetween('FINANCIAL_YEAR', 2024, 2023)).toThrow(Error);
  });

  it('allows 50 years and refuses more', () => {
    const fifty = periodsBetween('CALENDAR_YEAR', 2000, 2049);
    expect(fifty).toHaveLength(50);
    expect(fifty[0]!.label).toBe('2000');
    expect(fifty[49]!.label).toBe('2049');
    expect(() => periodsBetween('CALENDAR_YEAR', 2000, 2050)).toThrow(Error);
    expect(() => periodsBetween('FINANCIAL_YEAR', 1900, 2100)).toThrow(Error);
  });
});

describe('currentYear', () => {
  it('names the financial year by the year it starts: 1 January to 31 March belong to the year before', () => {
    expect(currentYear('FINANCIAL_YEAR', '2026-03-31')).toBe(2025);
    expect(currentYear('FINANCIAL_YEAR', '2026-04-01')).toBe(2026);
    expect(currentYear('FINANCIAL_YEAR', '2026-12-31')).toBe(2026);
    expect(currentYear('CALENDAR_YEAR', '2026-01-01')).toBe(2026);
    expect(currentYear('CALENDAR_YEAR', '2026-12-31')).toBe(2026);
  });
});
