import { zeroStreaks } from './zero-streak';

const r = (i: number, value: number) => ({ start: i * 900, seconds: 900, value: BigInt(value), quality: 'A' as const });

describe('the zero-streak check', () => {
  it('a day of zeros in a row is worth a look', () => {
    const day = Array.from({ length: 96 }, (_, i) => r(i, 0));
    expect(zeroStreaks(day, [], 96)).toEqual([{ rule: 'zero-streak', from: 0, to: 96 * 900, detail: '96 zero reading(s) in a row from 1970-01-01T00:00:00Z' }]);
  });

  it('a streak across midnight counts whole, once it reaches the new readings', () => {
    const yesterday = Array.from({ length: 50 }, (_, i) => r(i, 0));
    const today = [...Array.from({ length: 50 }, (_, i) => r(50 + i, 0)), r(100, 7)];
    expect(zeroStreaks(today, yesterday, 96)).toHaveLength(1);
    expect(zeroStreaks([r(200, 5)], yesterday, 10)).toEqual([]);
  });

  it('a few zeros (a night with the heating off) are not a finding', () => {
    expect(zeroStreaks([r(0, 0), r(1, 0), r(2, 4)], [], 96)).toEqual([]);
  });
});
