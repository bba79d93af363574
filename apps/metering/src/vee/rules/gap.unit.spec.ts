import { gaps, missingSpans } from './gap';

const r = (i: number) => ({ start: i * 900, seconds: 900, value: 1n, quality: 'A' as const });

describe('the gap check', () => {
  it('intervals missing between two that arrived are a gap', () => {
    const channel = [r(0), r(1), r(5), r(6)];
    expect(missingSpans(channel)).toEqual([{ from: 2 * 900, to: 5 * 900 }]);
    expect(gaps(channel, [r(5), r(6)], 900)).toEqual([{ rule: 'gap', from: 1800, to: 4500, detail: '3 interval(s) missing from 1970-01-01T00:30:00Z' }]);
  });

  it('a gap the fresh readings do not touch was found before', () => {
    expect(gaps([r(0), r(3), r(10), r(11)], [r(10), r(11)], 900)).toEqual([
      { rule: 'gap', from: 3600, to: 9000, detail: '6 interval(s) missing from 1970-01-01T01:00:00Z' },
    ]);
    expect(gaps([r(0), r(3), r(10), r(11), r(20)], [r(20)], 900).map((g) => g.from)).toEqual([12 * 900]);
  });

  it('complete data has no gap', () => {
    expect(gaps([r(0), r(1), r(2)], [r(2)], 900)).toEqual([]);
  });
});
