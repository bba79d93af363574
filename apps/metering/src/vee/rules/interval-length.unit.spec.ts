import { intervalLengthMismatches } from './interval-length';

const t0 = Date.parse('2026-11-30T00:00:00Z') / 1000;
const r = (start: number, seconds: number) => ({ start, seconds, value: 1n, quality: 'A' as const });

describe('the interval-length check', () => {
  it('15-minute readings on the quarter hours pass', () => {
    expect(intervalLengthMismatches([r(t0, 900), r(t0 + 900, 900)], 900)).toEqual([]);
  });

  it('a reading off the boundary, or of another length, is refused', () => {
    const [f] = intervalLengthMismatches([r(t0 + 60, 900), r(t0 + 900, 1800)], 900);
    expect(f.rejected).toHaveLength(2);
    expect(f.detail).toContain('900 s interval');
  });

  it('daily readings of 23 and 25 hours (the days clocks change) pass', () => {
    expect(intervalLengthMismatches([r(t0, 82_800), r(t0 + 86_400, 90_000)], 86_400)).toEqual([]);
  });
});
