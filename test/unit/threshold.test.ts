import { AsbCategory } from '../../src/modules/incident/asb-category';
import type { ThresholdRule } from '../../src/modules/partnership/threshold-rule';
import { suggestThreshold, type ThresholdIncident } from '../../src/modules/case-review/threshold';

/*
 * Expected results are worked out by hand from DOMAIN.md "Threshold
 * computation": R is the London date of receipt; a report qualifies when
 * R - windowMonths <= reported <= R and reported <= occurred + reportWithinMonths.
 */

const NATIONAL: ThresholdRule = { minReports: 3, windowMonths: 6, reportWithinMonths: 1, minDistinctReporters: 1, categories: [] };

function rule(overrides: Partial<ThresholdRule> = {}): ThresholdRule {
  return { ...NATIONAL, ...overrides };
}

/** Midday UTC is the same calendar date in London whatever the season. */
function at(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

function incident(id: string, occurred: string | Date, reported: string | Date, extra: Partial<ThresholdIncident> = {}): ThresholdIncident {
  return {
    id,
    occurredAt: typeof occurred === 'string' ? at(occurred) : occurred,
    reportedAt: typeof reported === 'string' ? at(reported) : reported,
    category: AsbCategory.NOISE,
    reporterId: 'p1',
    ...extra,
  };
}

/** Which incidents qualify under one rule that needs a single report. */
function qualifying(receivedAt: Date, incidents: ThresholdIncident[], overrides: Partial<ThresholdRule> = {}): string[] {
  return suggestThreshold(receivedAt, [rule({ minReports: 1, ...overrides })], incidents).qualifyingIncidentIds;
}

describe('suggestThreshold: the national rule', () => {
  it('is met by three reports in the six months, each within a month of its incident', () => {
    const incidents = [incident('a', '2024-05-01', '2024-05-02'), incident('b', '2024-05-20', '2024-05-21'), incident('c', '2024-06-01', '2024-06-10')];
    expect(suggestThreshold(at('2024-06-20'), [NATIONAL], incidents)).toEqual({
      met: true,
      qualifyingReports: 3,
      ruleIndex: 0,
      qualifyingIncidentIds: ['a', 'b', 'c'],
    });
  });

  it('is not met by two', () => {
    const incidents = [incident('a', '2024-05-01', '2024-05-02'), incident('b', '2024-05-20', '2024-05-21')];
    expect(suggestThreshold(at('2024-06-20'), [NATIONAL], incidents)).toEqual({
      met: false,
      qualifyingReports: 2,
      ruleIndex: null,
      qualifyingIncidentIds: ['a', 'b'],
    });
  });

  it('with no rules at all, nothing holds and nothing qualifies', () => {
    expect(suggestThreshold(at('2024-06-20'), [], [incident('a', '2024-05-01', '2024-05-02')])).toEqual({
      met: false,
      qualifyingReports: 0,
      ruleIndex: null,
      qualifyingIncidentIds: [],
    });
  });
});

describe('suggestThreshold: reported within reportWithinMonths of the incident', () => {
  it('31 January + 1 month is 29 February in a leap year', () => {
    // occurred 2024-01-31 + 1 month = 2024-02-29: reported 29 Feb is in time, 1 March is not.
    const incidents = [incident('feb29', '2024-01-31', '2024-02-29'), incident('mar1', '2024-01-31', '2024-03-01')];
    expect(qualifying(at('2024-03-10'), incidents)).toEqual(['feb29']);
  });

  it('31 January + 1 month is 28 February in a common year', () => {
    const incidents = [incident('feb28', '2023-01-31', '2023-02-28'), incident('mar1', '2023-01-31', '2023-03-01')];
    expect(qualifying(at('2023-03-15'), incidents)).toEqual(['feb28']);
  });

  it('a report one day too late does not qualify', () => {
    // occurred 2024-05-15 + 1 month = 2024-06-15.
    const incidents = [incident('in-time', '2024-05-15', '2024-06-15'), incident('late', '2024-05-15', '2024-06-16')];
    expect(qualifying(at('2024-07-01'), incidents)).toEqual(['in-time']);
  });

  it('a longer reportWithinMonths admits the late report', () => {
    const incidents = [incident('in-time', '2024-05-15', '2024-06-15'), incident('late', '2024-05-15', '2024-06-16')];
    expect(qualifying(at('2024-07-01'), incidents, { reportWithinMonths: 2 })).toEqual(['in-time', 'late']);
  });

  it('counts from the London date of the incident', () => {
    // 2024-05-31T23:30Z is 00:30 BST on 1 June: + 1 month = 1 July, so a report on 1 July is in time.
    // (From the UTC date, 31 May + 1 month = 30 June, it would have been late.)
    const incidents = [incident('bst', new Date('2024-05-31T23:30:00Z'), '2024-07-01')];
    expect(qualifying(at('2024-07-10'), incidents)).toEqual(['bst']);
  });
});

describe('suggestThreshold: the window before receipt', () => {
  // R = 2024-08-31; R - 6 months = 2024-02-29 (31 February does not exist).
  const received = at('2024-08-31');

  it('includes a report made exactly windowMonths before R and excludes one a day earlier', () => {
    const incidents = [incident('edge', '2024-02-29', '2024-02-29'), incident('before', '2024-02-28', '2024-02-28')];
    expect(qualifying(received, incidents)).toEqual(['edge']);
  });

  it('includes a report made on R and excludes one made after R', () => {
    const incidents = [incident('on-r', '2024-08-30', '2024-08-31'), incident('after-r', '2024-08-31', '2024-09-01')];
    expect(qualifying(received, incidents)).toEqual(['on-r']);
  });

  it('compares calendar dates, not instants', () => {
    // Received at 10:00 BST; a report at 21:00 BST the same day still counts (same date),
    // one at 00:30 BST the next day (23:30Z on the 31st) does not.
    const incidents = [
      incident('same-day-later', '2024-08-30', new Date('2024-08-31T20:00:00Z')),
      incident('next-london-day', '2024-08-30', new Date('2024-08-31T23:30:00Z')),
    ];
    expect(qualifying(new Date('2024-08-31T09:00:00Z'), incidents)).toEqual(['same-day-later']);
  });

  it('takes R as the London date when a summer application arrives late in the evening', () => {
    // 2024-07-31T23:30Z is 00:30 BST on 1 August: R = 2024-08-01, window from 2024-02-01.
    const receivedAt = new Date('2024-07-31T23:30:00Z');
    const incidents = [
      incident('x', '2024-07-30', new Date('2024-08-01T08:00:00Z')), // 1 August: on R (after R if R were the UTC date)
      incident('y', '2024-01-30', '2024-01-31'), // before the window (inside it if R were the UTC date)
      incident('z', '2024-07-14', '2024-07-15'),
    ];
    expect(suggestThreshold(receivedAt, [NATIONAL], incidents)).toEqual({
      met: false,
      qualifyingReports: 2,
      ruleIndex: null,
      qualifyingIncidentIds: ['x', 'z'],
    });
    expect(suggestThreshold(receivedAt, [rule({ minReports: 2 })], incidents)).toEqual({
      met: true,
      qualifyingReports: 2,
      ruleIndex: 0,
      qualifyingIncidentIds: ['x', 'z'],
    });
  });

  it('takes R as the London date on a winter evening too (GMT)', () => {
    // 2024-01-15T23:30Z is 23:30 GMT on 15 January; a report at 00:10Z on the 16th is after R.
    const incidents = [incident('before', '2024-01-10', '2024-01-15'), incident('after', '2024-01-10', new Date('2024-01-16T00:10:00Z'))];
    expect(qualifying(new Date('2024-01-15T23:30:00Z'), incidents)).toEqual(['before']);
  });
});

describe('suggestThreshold: distinct reporters', () => {
  const twoReporters = rule({ minDistinctReporters: 2 });

  it('three reports from one person do not meet a rule needing two reporters', () => {
    const incidents = [incident('a', '2024-05-01', '2024-05-02'), incident('b', '2024-05-10', '2024-05-11'), incident('c', '2024-06-01', '2024-06-02')];
    expect(suggestThreshold(at('2024-06-20'), [twoReporters], incidents)).toEqual({
      met: false,
      qualifyingReports: 3,
      ruleIndex: null,
      qualifyingIncidentIds: ['a', 'b', 'c'],
    });
  });

  it('a second reporter meets it', () => {
    const incidents = [
      incident('a', '2024-05-01', '2024-05-02'),
      incident('b', '2024-05-10', '2024-05-11', { reporterId: 'p2' }),
      incident('c', '2024-06-01', '2024-06-02'),
    ];
    expect(suggestThreshold(at('2024-06-20'), [twoReporters], incidents)).toMatchObject({ met: true, ruleIndex: 0, qualifyingReports: 3 });
  });

  it('an unknown reporter counts as a report but never as a distinct reporter', () => {
    const incidents = [
      incident('a', '2024-05-01', '2024-05-02'),
      incident('b', '2024-05-10', '2024-05-11', { reporterId: null }),
      incident('c', '2024-06-01', '2024-06-02', { reporterId: null }),
    ];
    // One known reporter: enough for the national rule (1 distinct), not for two.
    expect(suggestThreshold(at('2024-06-20'), [NATIONAL], incidents)).toMatchObject({ met: true, ruleIndex: 0, qualifyingReports: 3 });
    expect(suggestThreshold(at('2024-06-20'), [twoReporters], incidents)).toMatchObject({ met: false, ruleIndex: null, qualifyingReports: 3 });
    // No known reporter at all: not even one distinct reporter.
    const anonymous = incidents.map((i) => ({ ...i, reporterId: null }));
    expect(suggestThreshold(at('2024-06-20'), [NATIONAL], anonymous)).toMatchObject({ met: false, ruleIndex: null, qualifyingReports: 3 });
  });

  it('only qualifying reports count towards distinct reporters', () => {
    // p2's report is outside the six months (R - 6 = 2023-12-20).
    const incidents = [
      incident('a', '2024-05-01', '2024-05-02'),
      incident('b', '2024-05-10', '2024-05-11'),
      incident('c', '2024-06-01', '2024-06-02'),
      incident('old', '2023-12-01', '2023-12-02', { reporterId: 'p2' }),
    ];
    expect(suggestThreshold(at('2024-06-20'), [twoReporters], incidents)).toEqual({
      met: false,
      qualifyingReports: 3,
      ruleIndex: null,
      qualifyingIncidentIds: ['a', 'b', 'c'],
    });
  });
});

describe('suggestThreshold: categories and several rules', () => {
  const hateRule = rule({ minReports: 1, categories: [AsbCategory.HATE] });

  it('a single hate report meets a second, hate-only rule: ruleIndex 1', () => {
    const incidents = [incident('noise', '2024-05-01', '2024-05-02'), incident('hate', '2024-06-01', '2024-06-02', { category: AsbCategory.HATE })];
    expect(suggestThreshold(at('2024-06-20'), [NATIONAL, hateRule], incidents)).toEqual({
      met: true,
      qualifyingReports: 1,
      ruleIndex: 1,
      qualifyingIncidentIds: ['hate'],
    });
  });

  it('the first rule that holds wins even when a later one also holds', () => {
    const incidents = [
      incident('noise1', '2024-05-01', '2024-05-02'),
      incident('hate', '2024-06-01', '2024-06-02', { category: AsbCategory.HATE }),
      incident('noise2', '2024-06-05', '2024-06-06'),
    ];
    expect(suggestThreshold(at('2024-06-20'), [NATIONAL, hateRule], incidents)).toEqual({
      met: true,
      qualifyingReports: 3,
      ruleIndex: 0,
      qualifyingIncidentIds: ['noise1', 'hate', 'noise2'],
    });
  });

  it('a hate report outside the window does not meet the hate rule', () => {
    const incidents = [incident('hate', '2023-11-01', '2023-11-02', { category: AsbCategory.HATE })];
    expect(suggestThreshold(at('2024-06-20'), [NATIONAL, hateRule], incidents)).toMatchObject({ met: false, ruleIndex: null, qualifyingReports: 0 });
  });

  describe('when no rule holds, reports the rule with the most qualifying reports', () => {
    // R = 2024-06-20: 6 months back is 2023-12-20, 12 months back is 2023-06-20. Given out of date order
    // to show that the ids keep the input order.
    const incidents = [
      incident('i5', '2024-01-10', '2024-04-20'), // within 6 months of the incident, not within 1 (2024-02-10)
      incident('i3', '2024-03-01', '2024-03-05', { category: AsbCategory.VANDALISM }),
      incident('i1', '2024-05-25', '2024-06-01'),
      incident('i2', '2024-05-09', '2024-05-10', { category: AsbCategory.HATE }),
      incident('i4', '2023-09-30', '2023-10-01'), // outside 6 months, inside 12
    ];
    const r0 = rule({ minReports: 2, categories: [AsbCategory.HATE] }); // i2: 1
    const r1 = rule({ minReports: 5 }); // i3, i1, i2: 3
    const r2 = rule({ minReports: 4, windowMonths: 12, minDistinctReporters: 2, categories: [AsbCategory.NOISE, AsbCategory.VANDALISM] }); // i3, i1, i4: 3
    const r3 = rule({ minReports: 4, reportWithinMonths: 6, minDistinctReporters: 2 }); // i5, i3, i1, i2: 4, but one reporter

    it('the most qualifying reports wins, even when it is not the first rule', () => {
      expect(suggestThreshold(at('2024-06-20'), [r0, r1, r2, r3], incidents)).toEqual({
        met: false,
        qualifyingReports: 4,
        ruleIndex: null,
        qualifyingIncidentIds: ['i5', 'i3', 'i1', 'i2'],
      });
    });

    it('a tie goes to the lowest index', () => {
      expect(suggestThreshold(at('2024-06-20'), [r0, r1, r2], incidents)).toEqual({
        met: false,
        qualifyingReports: 3,
        ruleIndex: null,
        qualifyingIncidentIds: ['i3', 'i1', 'i2'],
      });
      expect(suggestThreshold(at('2024-06-20'), [r0, r2, r1], incidents)).toEqual({
        met: false,
        qualifyingReports: 3,
        ruleIndex: null,
        qualifyingIncidentIds: ['i3', 'i1', 'i4'],
      });
    });

    it('a second reporter on i1 makes r3 hold', () => {
      const withP2 = incidents.map((i) => (i.id === 'i1' ? { ...i, reporterId: 'p2' } : i));
      expect(suggestThreshold(at('2024-06-20'), [r0, r1, r2, r3], withP2)).toEqual({
        met: true,
        qualifyingReports: 4,
        ruleIndex: 3,
        qualifyingIncidentIds: ['i5', 'i3', 'i1', 'i2'],
      });
    });
  });
});
