/**
 * Labels each interval of a series with a small integer "code" = (month × 3 + day type) × 24 + hour, read from
 * the local wall-clock time of the interval's start. A tariff turns codes into TOU periods with one array
 * lookup, so rating never does calendar work per interval.
 *
 * Label arrays are memoised per (zone, holidays, start, interval, count): every account in a bill cycle
 * shares the same calendar month, so the calendar work is done once per cycle, not once per bill.
 */
import { civilFromDays, weekdayOfDays } from './local-date';
import { DAY_MS, HOUR_MS, offsetAt, offsetForUtcHour } from './zone';

/** Day types: weekday (Mon–Fri), weekend (Sat, Sun), holiday. */
export const DAY_TYPES = 3;
/** Number of distinct codes: 12 months × 3 day types × 24 hours. */
export const CODE_COUNT = 12 * DAY_TYPES * 24;

/** The code of a month (0..11), day type (0..2) and hour (0..23). */
export function codeOf(month: number, dayType: number, hour: number): number {
  return (month * DAY_TYPES + dayType) * 24 + hour;
}

/** Month (0..11) of a code. */
export function monthOfCode(code: number): number {
  return Math.floor(code / (DAY_TYPES * 24));
}

const MAX_CACHED = 64;
const cache = new Map<string, Uint16Array>();

/**
 * Codes of `count` intervals of `intervalMinutes` starting at `startMs` (UTC), in `zone`, with the given
 * holiday day numbers. The returned array is shared: do not modify it.
 */
export function intervalCodes(
  zone: string,
  startMs: number,
  intervalMinutes: number,
  count: number,
  holidays: ReadonlySet<number>,
  holidayKey: string,
): Uint16Array {
  const key = `${zone}|${holidayKey}|${startMs}|${intervalMinutes}|${count}`;
  let codes = cache.get(key);
  if (codes) return codes;
  codes = computeCodes(zone, startMs, intervalMinutes * 60_000, count, holidays);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, codes);
  return codes;
}

function computeCodes(zone: string, startMs: number, stepMs: number, count: number, holidays: ReadonlySet<number>): Uint16Array {
  const codes = new Uint16Array(count);
  let hour = NaN;
  let offset = 0;
  let day = NaN;
  let dayBase = 0;
  for (let i = 0; i < count; i++) {
    const t = startMs + i * stepMs;
    const h = Math.floor(t / HOUR_MS);
    if (h !== hour) {
      hour = h;
      offset = offsetForUtcHour(zone, h);
    }
    const local = t + (Number.isNaN(offset) ? offsetAt(zone, t) : offset);
    const d = Math.floor(local / DAY_MS);
    if (d !== day) {
      day = d;
      const month = civilFromDays(d)[1] - 1;
      const wd = weekdayOfDays(d);
      const type = holidays.has(d) ? 2 : wd === 0 || wd === 6 ? 1 : 0;
      dayBase = (month * DAY_TYPES + type) * 24;
    }
    codes[i] = dayBase + Math.floor((local - d * DAY_MS) / HOUR_MS);
  }
  return codes;
}
