import type { Reading } from '../readings/day';
import { nativeInterval, toSlots, total } from './series';

const r = (start: number, seconds: number, value: number, quality: Reading['quality'] = 'A'): Reading => ({ start, seconds, value: BigInt(value), quality });

describe('usage as a uniform series', () => {
  it('15-minute readings add up into hours; an estimate makes its hour estimated', () => {
    const slots = toSlots([r(0, 900, 10), r(900, 900, 20), r(1800, 900, 30), r(2700, 900, 40, 'E'), r(3600, 900, 5)], 0, 7200, 3600);
    expect(slots).toEqual([
      { value: 100n, quality: 'E' },
      { value: 5n, quality: 'A' },
    ]);
  });

  it('a daily reading spread over its hours keeps its total exactly, and a 25-hour day fills 25 hours', () => {
    const slots = toSlots([r(0, 90_000, 2501)], 0, 90_000, 3600);
    expect(slots).toHaveLength(25);
    expect(total(slots)).toBe(2501n);
    expect(slots[0].value).toBe(101n);
    expect(slots[24].value).toBe(100n);
  });

  it('a slot nothing was read for is null, not zero', () => {
    expect(toSlots([r(0, 900, 1)], 0, 2700, 900).map((s) => s.value)).toEqual([1n, null, null]);
  });

  it('the native interval is the one most readings have', () => {
    expect(nativeInterval([r(0, 86_400, 1), r(0, 82_800, 1), r(0, 86_400, 1)], 900)).toBe(86_400);
    expect(nativeInterval([], 900)).toBe(900);
  });
});
