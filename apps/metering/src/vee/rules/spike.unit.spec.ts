import { spikes, typicalValue } from './spike';

const r = (i: number, value: number) => ({ start: i * 900, seconds: 900, value: BigInt(value), quality: 'A' as const });
const history = Array.from({ length: 96 }, (_, i) => r(i, 100 + (i % 7)));

describe('the spike check', () => {
  it('a reading above ten times the typical value of the day before is a spike', () => {
    const [f] = spikes([r(96, 120), r(97, 5000), r(98, 110)], history, 10);
    expect(f).toMatchObject({ rule: 'spike', from: 97 * 900, to: 98 * 900 });
    expect(f.detail).toContain('above 10 × the typical 103');
  });

  it('nothing is a spike without history to compare with, or under the factor', () => {
    expect(spikes([r(0, 5000)], [], 10)).toEqual([]);
    expect(spikes([r(96, 1000)], history, 10)).toEqual([]);
  });

  it('the typical value is the median of the positive values', () => {
    expect(typicalValue([0n, 0n, 3n, 1n, 2n])).toBe(2n);
  });
});
