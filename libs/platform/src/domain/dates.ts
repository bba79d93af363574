import type { LocalDate } from '@utilia/contracts';

// Building an Intl.DateTimeFormat is costly (it was the top item of the account 360 view's CPU
// profile); one per zone is kept and reused.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The business date (YYYY-MM-DD) of an instant in an IANA `timeZone`. */
export function localDateOf(now: Date, timeZone: string): LocalDate {
  let format = dateFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(now);
}

/** `date` plus `days` (may be negative). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The offset from UTC (ms) of `timeZone` at an instant. */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
}

/**
 * The instant (Unix ms) a business date begins in `timeZone`: its local midnight, or, where a
 * clock change skips midnight, the first instant of the day.
 */
export function startOfLocalDate(date: LocalDate, timeZone: string): number {
  const local = Date.parse(`${date}T00:00:00Z`);
  let utc = local - zoneOffsetMs(timeZone, local);
  utc = local - zoneOffsetMs(timeZone, utc);
  while (localDateOf(new Date(utc), timeZone) < date) utc += 15 * 60_000;
  while (localDateOf(new Date(utc - 15 * 60_000), timeZone) === date) utc -= 15 * 60_000;
  return utc;
}
