import { daysBetween, estimateHourly } from './estimate';

describe('usage estimated when metering does not answer in time', () => {
  it('averages the daily use of the last bills over the hours billed, to the exact Wh', () => {
    // 30 days at 12 kWh/day and 31 days at 15.5 kWh/day: 840.5 kWh over 61 days = 13.778... kWh a day.
    const series = estimateHourly(
      [
        { importWh: 360_000, days: 30 },
        { importWh: 480_500, days: 31 },
      ],
      24 * 10,
    ) as number[];
    expect(series).toHaveLength(240);
    expect(series.reduce((s, x) => s + x, 0)).toBe(Math.round((840_500 * 240) / (61 * 24)));
    expect(Math.max(...series) - Math.min(...series)).toBeLessThanOrEqual(1);
  });

  it('has nothing to estimate from without an earlier bill', () => {
    expect(estimateHourly([], 720)).toBeNull();
    expect(estimateHourly([{ importWh: 5, days: 0 }], 720)).toBeNull();
  });

  it('counts the days of a period, end exclusive, across a month end', () => {
    expect(daysBetween('2026-06-22', '2026-07-07')).toBe(15);
    expect(daysBetween('2026-02-07', '2026-03-07')).toBe(28);
  });
});
