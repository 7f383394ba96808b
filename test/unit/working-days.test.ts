import { addCalendarMonths, addWorkingDays, isWorkingDay, londonDate, workingDaysSince } from '../../src/common/working-days';

/*
 * Every expected date below was counted by hand on a calendar of England and
 * Wales bank holidays (gov.uk), not taken from the code's output.
 */

describe('londonDate', () => {
  it('is the UTC date in winter (GMT)', () => {
    expect(londonDate(new Date('2026-01-15T23:59:59Z'))).toBe('2026-01-15');
    expect(londonDate(new Date('2026-01-16T00:00:00Z'))).toBe('2026-01-16');
  });

  it('is an hour ahead of UTC in summer (BST)', () => {
    expect(londonDate(new Date('2026-07-01T22:59:59.999Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-07-01T23:00:00Z'))).toBe('2026-07-02');
  });

  it('follows the clocks going forward on 29 March 2026 (01:00 UTC)', () => {
    expect(londonDate(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-28'); // still GMT
    expect(londonDate(new Date('2026-03-29T00:30:00Z'))).toBe('2026-03-29'); // still GMT
    expect(londonDate(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30'); // 00:30 BST
  });

  it('follows the clocks going back on 25 October 2026 (01:00 UTC)', () => {
    expect(londonDate(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25'); // 00:30 BST
    expect(londonDate(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25'); // 23:30 GMT
  });

  it('refuses an invalid instant', () => {
    expect(() => londonDate(new Date('nonsense'))).toThrow();
  });
});

describe('isWorkingDay', () => {
  it('counts an ordinary Monday to Friday and not the weekend', () => {
    expect(isWorkingDay('2024-01-08')).toBe(true); // Monday
    expect(isWorkingDay('2024-01-12')).toBe(true); // Friday
    expect(isWorkingDay('2024-01-13')).toBe(false); // Saturday
    expect(isWorkingDay('2024-01-14')).toBe(false); // Sunday
  });

  it.each([
    ['2020-12-28', 'Boxing Day substitute (Boxing Day was a Saturday)'],
    ['2021-12-27', 'Christmas Day substitute'],
    ['2021-12-28', 'Boxing Day substitute'],
    ['2022-01-03', "New Year's Day substitute"],
    ['2022-06-02', 'Spring bank holiday moved for the Platinum Jubilee'],
    ['2022-06-03', 'Platinum Jubilee'],
    ['2022-09-19', 'State funeral of Queen Elizabeth II'],
    ['2023-05-08', 'Coronation of King Charles III'],
    ['2024-03-29', 'Good Friday'],
    ['2024-04-01', 'Easter Monday'],
    ['2024-05-06', 'Early May bank holiday'],
    ['2024-08-26', 'Summer bank holiday'],
    ['2024-12-25', 'Christmas Day'],
    ['2024-12-26', 'Boxing Day'],
    ['2025-01-01', "New Year's Day"],
  ])('%s is not a working day (%s)', (date) => {
    expect(isWorkingDay(date)).toBe(false);
  });

  it('does not treat Scottish-only holidays as England and Wales ones', () => {
    expect(isWorkingDay('2024-01-02')).toBe(true); // 2 January: Scotland only
    expect(isWorkingDay('2024-08-05')).toBe(true); // first Monday of August: Scotland only
    expect(isWorkingDay('2024-12-02')).toBe(true); // St Andrew's Day substitute: Scotland only
  });

  it('works on the weekdays next to observances', () => {
    expect(isWorkingDay('2024-03-11')).toBe(true); // the Monday after Mother's Day
    expect(isWorkingDay('2024-06-17')).toBe(true); // the Monday after Father's Day
  });

  it.each(['2024-02-30', '2024-13-01', '2024-1-05', '05/01/2024', ''])('refuses %j', (bad) => {
    expect(() => isWorkingDay(bad)).toThrow();
  });
});

describe('isWorkingDay with a stubbed holiday library', () => {
  // In England every observance falls on a Sunday, so only a stub can show that observances are ignored.
  it('ignores observances, honours public holidays and asks the library once per year', () => {
    const getHolidays = jest.fn((year: number) => [
      { date: `${year}-06-05 00:00:00`, type: 'observance', name: 'Some observance' }, // Wednesday in 2024
      { date: `${year}-06-06 00:00:00`, type: 'public', name: 'Some bank holiday' }, // Thursday in 2024
    ]);
    jest.isolateModules(() => {
      jest.doMock('date-holidays', () => ({ __esModule: true, default: jest.fn(() => ({ getHolidays })) }));
      const stubbed = require('../../src/common/working-days') as typeof import('../../src/common/working-days');
      expect(stubbed.isWorkingDay('2024-06-05')).toBe(true);
      expect(stubbed.isWorkingDay('2024-06-06')).toBe(false);
      expect(stubbed.isWorkingDay('2024-06-07')).toBe(true);
      // 2024-06-04 (Tue) + 3: 05 (1), 06 holiday, 07 (2), 08-09 weekend, 10 (3).
      expect(stubbed.addWorkingDays('2024-06-04', 3)).toBe('2024-06-10');
    });
    jest.dontMock('date-holidays');
    expect(getHolidays).toHaveBeenCalledTimes(1);
    expect(getHolidays).toHaveBeenCalledWith(2024);
  });
});

describe('addWorkingDays', () => {
  it('never counts the start day', () => {
    expect(addWorkingDays('2024-01-08', 1)).toBe('2024-01-09'); // Monday -> Tuesday
    expect(addWorkingDays('2024-01-12', 1)).toBe('2024-01-15'); // Friday -> Monday
    expect(addWorkingDays('2024-01-13', 1)).toBe('2024-01-15'); // Saturday -> Monday
    expect(addWorkingDays('2024-01-08', 0)).toBe('2024-01-08');
  });

  it('skips Christmas when it falls at a weekend and the substitute days (2021)', () => {
    // Fri 24 Dec; Sat 25, Sun 26; Mon 27 and Tue 28 substitutes; Wed 29 (1), Thu 30 (2), Fri 31 (3).
    expect(addWorkingDays('2021-12-24', 3)).toBe('2021-12-31');
  });

  it('skips Boxing Day and the Christmas Day substitute (2022)', () => {
    // Fri 23 Dec; Sat 24, Sun 25; Mon 26 Boxing Day; Tue 27 substitute; Wed 28 (1).
    expect(addWorkingDays('2022-12-23', 1)).toBe('2022-12-28');
  });

  it("skips a New Year's Day substitute, also across the year end", () => {
    // Fri 31 Dec 2021; Sat 1, Sun 2 Jan; Mon 3 substitute; Tue 4 (1).
    expect(addWorkingDays('2021-12-31', 1)).toBe('2022-01-04');
    // Fri 30 Dec 2022; Sat 31, Sun 1 Jan; Mon 2 Jan 2023 substitute; Tue 3 (1).
    expect(addWorkingDays('2022-12-30', 1)).toBe('2023-01-03');
  });

  it('skips Good Friday and Easter Monday', () => {
    // Thu 28 Mar 2024; Fri 29 Good Friday; Sat 30, Sun 31; Mon 1 Apr Easter Monday; Tue 2 (1).
    expect(addWorkingDays('2024-03-28', 1)).toBe('2024-04-02');
    // Thu 2 Apr 2026; Fri 3 Good Friday; Sat 4, Sun 5; Mon 6 Easter Monday; Tue 7 (1), Wed 8 (2).
    expect(addWorkingDays('2026-04-02', 2)).toBe('2026-04-08');
  });

  it('gives the 25-working-day response date over Christmas', () => {
    // Mon 2 Dec 2024: 3-6 Dec (1-4), 9-13 (5-9), 16-20 (10-14), 23-24 (15-16), 25-26 holidays,
    // 27 (17), 30-31 (18-19), 1 Jan holiday, 2-3 Jan (20-21), 6-9 Jan (22-25).
    expect(addWorkingDays('2024-12-02', 25)).toBe('2025-01-09');
    // Mon 6 Dec 2021: 7-10 Dec (1-4), 13-17 (5-9), 20-24 (10-14), 27-28 substitutes,
    // 29-31 (15-17), 3 Jan substitute, 4-7 Jan (18-21), 10-13 Jan (22-25).
    expect(addWorkingDays('2021-12-06', 25)).toBe('2022-01-13');
  });

  it('refuses a bad date or a bad number of days', () => {
    expect(() => addWorkingDays('2024-02-30', 1)).toThrow();
    expect(() => addWorkingDays('not a date', 1)).toThrow();
    expect(() => addWorkingDays('2024-1-5', 1)).toThrow();
    expect(() => addWorkingDays('2024-01-05', -1)).toThrow();
    expect(() => addWorkingDays('2024-01-05', 1.5)).toThrow();
  });
});

describe('addCalendarMonths', () => {
  it('clamps to the last day of a shorter month', () => {
    expect(addCalendarMonths('2024-01-31', 1)).toBe('2024-02-29'); // leap year
    expect(addCalendarMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addCalendarMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(addCalendarMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addCalendarMonths('2024-03-31', 1)).toBe('2024-04-30');
  });

  it('goes backwards with negative months', () => {
    expect(addCalendarMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addCalendarMonths('2024-08-31', -6)).toBe('2024-02-29');
    expect(addCalendarMonths('2024-01-15', -1)).toBe('2023-12-15');
  });

  it('keeps the day when it exists, across a year end and with zero months', () => {
    expect(addCalendarMonths('2024-12-15', 1)).toBe('2025-01-15');
    expect(addCalendarMonths('2024-03-15', 0)).toBe('2024-03-15');
  });

  it('refuses a bad date or a fraction of a month', () => {
    expect(() => addCalendarMonths('2024-02-30', 1)).toThrow();
    expect(() => addCalendarMonths('2024-01-15', 0.5)).toThrow();
  });
});

describe('workingDaysSince', () => {
  it('counts the working days after the first date, up to each date of the range (Easter 2025: 18 and 21 April)', () => {
    // Wed 16, Thu 17, Good Friday 18, Sat 19, Sun 20, Easter Monday 21, Tue 22, Wed 23 April 2025.
    expect(workingDaysSince('2025-04-16', '2025-04-23')).toEqual([0, 1, 1, 1, 1, 1, 2, 3]);
  });

  it('skips a substitute bank holiday (Boxing Day 2026 falls on a Saturday: Monday 28 December off)', () => {
    // Wed 23, Thu 24, Christmas Fri 25, Sat 26, Sun 27, Mon 28 (substitute), Tue 29, Wed 30, Thu 31.
    expect(workingDaysSince('2026-12-23', '2026-12-31')).toEqual([0, 1, 1, 1, 1, 1, 2, 3, 4]);
  });

  it('agrees with addWorkingDays over a year', () => {
    const counts = workingDaysSince('2025-03-03', '2026-03-31');
    const index = (date: string) => (Date.parse(`${date}T00:00:00Z`) - Date.parse('2025-03-03T00:00:00Z')) / 86_400_000;
    for (const n of [1, 2, 3, 4, 5, 10, 25, 40, 41, 60, 100, 180, 250]) expect(counts[index(addWorkingDays('2025-03-03', n))]).toBe(n);
  });

  it('is empty when the range ends before it starts', () => {
    expect(workingDaysSince('2026-01-02', '2026-01-01')).toEqual([]);
  });
});
