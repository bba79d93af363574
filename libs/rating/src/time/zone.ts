/**
 * Local time in an IANA zone, for labelling intervals with month, day type and hour.
 *
 * Offsets come from `Intl.DateTimeFormat` (one cached formatter per zone) and are memoised per UTC hour,
 * so labelling a month of intervals asks Intl only once per hour it has not seen before.
 * Days of 23 and 25 hours need no special case: every interval is labelled from its own start instant.
 */
import { daysFromCivil } from './local-date';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const hourOffsets = new Map<string, Map<number, number>>();

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isValidTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0) return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Offset of local time from UTC in ms at an instant (local = utc + offset), straight from Intl. */
export function offsetAt(zone: string, utcMs: number): number {
  const parts = formatterFor(zone).formatToParts(new Date(utcMs));
  let y = 0,
    mo = 0,
    d = 0,
    h = 0,
    mi = 0,
    s = 0;
  for (const p of parts) {
    switch (p.type) {
      case 'year':
        y = Number(p.value);
        break;
      case 'month':
        mo = Number(p.value);
        break;
      case 'day':
        d = Number(p.value);
        break;
      case 'hour':
        h = Number(p.value);
        break;
      case 'minute':
        mi = Number(p.value);
        break;
      case 'second':
        s = Number(p.value);
        break;
    }
  }
  const local = daysFromCivil(y, mo, d) * DAY_MS + h * HOUR_MS + mi * 60_000 + s * 1000;
  const floored = utcMs - (((utcMs % 1000) + 1000) % 1000);
  return local - floored;
}

/**
 * Offset for the UTC hour `hour` (= floor(utc / 1h)), or NaN when the offset changes inside that hour
 * (zones whose transitions fall at :30 or :45 UTC); callers then ask {@link offsetAt} per instant.
 */
export function offsetForUtcHour(zone: string, hour: number): number {
  let cache = hourOffsets.get(zone);
  if (!cache) {
    cache = new Map();
    hourOffsets.set(zone, cache);
  }
  let off = cache.get(hour);
  if (off === undefined) {
    const a = offsetAt(zone, hour * HOUR_MS);
    const b = offsetAt(zone, hour * HOUR_MS + HOUR_MS - 1000);
    off = a === b ? a : NaN;
    if (cache.size > 200_000) cache.clear();
    cache.set(hour, off);
  }
  return off;
}

/** Local wall-clock ms (as if UTC) of an instant in `zone`. */
export function toLocalMs(zone: string, utcMs: number): number {
  const off = offsetForUtcHour(zone, Math.floor(utcMs / HOUR_MS));
  return utcMs + (Number.isNaN(off) ? offsetAt(zone, utcMs) : off);
}

/**
 * The instant at which a local date-time begins in `zone`. A wall time skipped by a DST gap maps to the
 * instant the clock jumps over it; a repeated wall time maps to its first occurrence.
 */
export function fromLocalMs(zone: string, localMs: number): number {
  // Try both offsets that can apply around this wall time and keep the earliest consistent one.
  const o1 = offsetAt(zone, localMs - DAY_MS);
  const o2 = offsetAt(zone, localMs + DAY_MS);
  const candidates = [localMs - o1, localMs - o2].sort((a, b) => a - b);
  for (const utc of candidates) if (toLocalMs(zone, utc) === localMs) return utc;
  // In a gap the wall time never happens: the day (or period) starts when the clock jumps past it.
  let lo = candidates[0];
  let hi = candidates[1];
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (toLocalMs(zone, mid) >= localMs) hi = mid;
    else lo = mid;
  }
  return hi;
}

const dayStarts = new Map<string, number>();

/** The instant local midnight of a day number begins in `zone` (memoised: bill runs ask for the same days). */
export function startOfLocalDay(zone: string, days: number): number {
  const key = `${zone}|${days}`;
  let t = dayStarts.get(key);
  if (t === undefined) {
    t = fromLocalMs(zone, days * DAY_MS);
    if (dayStarts.size > 100_000) dayStarts.clear();
    dayStarts.set(key, t);
  }
  return t;
}

export { HOUR_MS, DAY_MS };
