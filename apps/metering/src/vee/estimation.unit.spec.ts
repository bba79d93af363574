import type { Reading } from '../readings/day';
import { estimateGap, estimateRegister } from './estimation';

const r = (start: number, value: number): Reading => ({ start, seconds: 900, value: BigInt(value), quality: 'A' });
const values = (rs: Reading[]) => rs.map((x) => Number(x.value));

describe('estimating missing usage', () => {
  it('a short gap is filled by linear interpolation between the readings on each side', () => {
    const est = estimateGap({ from: 900, to: 3600 }, 900, { before: r(0, 100), after: r(3600, 400) }, [], 4);
    expect(values(est)).toEqual([175, 250, 325]);
    expect(est.every((e) => e.quality === 'E')).toBe(true);
  });

  it('a long gap takes the same weekday and time of the weeks before, averaged', () => {
    const week = 7 * 86_400;
    const t = 10 * week;
    const history = [r(t - week, 300), r(t - 2 * week, 100), r(t + 900 - week, 50)];
    expect(values(estimateGap({ from: t, to: t + 5 * 900 }, 900, { before: r(t - 900, 10), after: r(t + 5 * 900, 10) }, history, 4))).toEqual([
      200, 50, 10, 10, 10,
    ]);
  });

  it('without history, a long gap is interpolated too; with a reading on one side only, it carries that value', () => {
    expect(values(estimateGap({ from: 900, to: 6 * 900 }, 900, { before: r(0, 0), after: r(6 * 900, 600) }, [], 2))).toEqual([100, 200, 300, 400, 500]);
    expect(values(estimateGap({ from: 900, to: 3 * 900 }, 900, { before: r(0, 70) }, [], 4))).toEqual([70, 70]);
  });

  it("a register-only meter's read is estimated from its average daily use", () => {
    const day = 86_400;
    expect(
      estimateRegister(
        [
          { at: 0, value: 1000n },
          { at: 30 * day, value: 1300n },
        ],
        40 * day,
      ),
    ).toBe(1400n);
    expect(estimateRegister([{ at: 0, value: 1000n }], 40 * day)).toBeUndefined();
  });
});
