import { londonToday } from '../../src/common/clock';

describe('londonToday', () => {
  it('is the Europe/London date, not the UTC one, in the hour after midnight in summer', () => {
    const lateUtc = new Date('2026-07-01T23:30:00Z');
    expect(lateUtc.toISOString().slice(0, 10)).toBe('2026-07-01');
    expect(londonToday(lateUtc)).toBe('2026-07-02');
  });

  it('is the UTC date in winter, when London keeps GMT', () => {
    expect(londonToday(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-15');
  });
});
