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
