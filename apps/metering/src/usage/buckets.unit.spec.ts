import { buckets } from './buckets';

describe('usage in hours and local days', () => {
  const slot = (v: number | null, q: 'A' | 'E' | 'D' = 'A') => ({ value: v === null ? null : BigInt(v), quality: v === null ? null : q });

  it('sums quarter-hours into hours, the least sure value giving the quality', () => {
    const out = buckets([slot(1), slot(2), slot(3, 'E'), slot(4), slot(5), slot(null), slot(null), slot(null)], 0, 900, [0, 3600, 7200]);
    expect(out).toEqual([
      { start: 0, value: 10n, quality: 'E' },
      { start: 3600, value: 5n, quality: 'A' },
    ]);
  });

  it('a day of 25 hours (clocks going back) holds 25 hours of values', () => {
    const slots = Array.from({ length: 49 }, () => slot(1));
    const out = buckets(slots, 0, 3600, [0, 25 * 3600, 49 * 3600]);
    expect(out.map((b) => b.value)).toEqual([25n, 24n]);
  });

  it('a bucket with nothing measured is null, not zero', () => {
    expect(buckets([slot(null), slot(null)], 0, 3600, [0, 7200])).toEqual([{ start: 0, value: null, quality: null }]);
  });
});
