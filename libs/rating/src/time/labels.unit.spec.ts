import { codeOf, intervalCodes } from './labels';

const hourOf = (code: number) => code % 24;
const dayTypeOf = (code: number) => Math.floor(code / 24) % 3;

describe('interval labels', () => {
  it('labels New York hours across spring-forward by their local wall-clock start', () => {
    // 2025-03-09 05:00Z is local midnight (EST); 24 elapsed hours cover 00,01,03..23 and 00 of the next day.
    const codes = intervalCodes('America/New_York', Date.UTC(2025, 2, 9, 5), 60, 24, new Set(), '');
    expect(Array.from(codes, hourOf)).toEqual([0, 1, ...Array.from({ length: 21 }, (_, i) => i + 3), 0]);
  });

  it('repeats the 01:00 hour on the fall-back day', () => {
    const codes = intervalCodes('America/New_York', Date.UTC(2025, 10, 2, 4), 60, 25, new Set(), '');
    expect(Array.from(codes, hourOf).slice(0, 4)).toEqual([0, 1, 1, 2]);
    expect(hourOf(codes[24])).toBe(23);
  });

  it('tells weekdays, weekends and holidays apart', () => {
    // 2025-07-04 (Friday, a holiday), 07-05 (Saturday), 07-07 (Monday), at noon UTC
    const holiday = 20273; // days since epoch of 2025-07-04
    const day = (d: number) => Date.UTC(2025, 6, d, 12);
    const types = [4, 5, 7].map((d) => dayTypeOf(intervalCodes('UTC', day(d), 60, 1, new Set([holiday]), String(holiday))[0]));
    expect(types).toEqual([2, 1, 0]);
  });

  it('puts the month, day type and hour into one code', () => {
    expect(codeOf(11, 2, 23)).toBe(12 * 3 * 24 - 1);
  });
});
