import { addDays, daysBetween, localDateOf, startOfLocalDate } from './dates';

describe('business dates', () => {
  it('a day begins at local midnight in the utility zone', () => {
    expect(new Date(startOfLocalDate('2026-12-01', 'America/Chicago')).toISOString()).toBe('2026-12-01T06:00:00.000Z');
    expect(new Date(startOfLocalDate('2026-07-01', 'America/Chicago')).toISOString()).toBe('2026-07-01T05:00:00.000Z');
    expect(new Date(startOfLocalDate('2026-12-01', 'UTC')).toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('the days clocks change are 23 and 25 hours long', () => {
    const hours = (a: string, b: string, zone: string) => (startOfLocalDate(b, zone) - startOfLocalDate(a, zone)) / 3_600_000;
    expect(hours('2026-03-08', '2026-03-09', 'America/New_York')).toBe(23);
    expect(hours('2026-11-01', '2026-11-02', 'America/New_York')).toBe(25);
  });

  it('a day where the clock skips midnight begins when the clock jumps past it', () => {
    // Santiago moves from 00:00 to 01:00 on the first Sunday of September.
    const start = startOfLocalDate('2026-09-06', 'America/Santiago');
    expect(localDateOf(new Date(start), 'America/Santiago')).toBe('2026-09-06');
    expect(localDateOf(new Date(start - 1000), 'America/Santiago')).toBe('2026-09-05');
  });

  it('adds days and counts them', () => {
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
  });
});
