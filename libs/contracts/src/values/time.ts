import { Type, type Static } from '@sinclair/typebox';

/** The syntax of a {@link LocalDate}. A real calendar date is also required (no 2025-02-30). */
export const LOCAL_DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

/** The syntax of an {@link Instant}: UTC only, seconds required, up to nanosecond fractions. */
export const INSTANT_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$';

/** Schema of a {@link LocalDate}: the pattern plus the `date` format, which rejects impossible days. */
export const LocalDateSchema = Type.String({
  format: 'date',
  pattern: LOCAL_DATE_PATTERN,
  description: "A calendar date, YYYY-MM-DD, in the utility's time zone.",
});

/** Schema of an {@link Instant}: RFC 3339 `date-time`, restricted to UTC (`Z`). */
export const InstantSchema = Type.String({
  format: 'date-time',
  pattern: INSTANT_PATTERN,
  description: 'An instant, ISO-8601 in UTC with a Z suffix.',
});

/**
 * A calendar date without a time zone (`YYYY-MM-DD`), as business dates are: bill periods, due dates,
 * service start dates. It is read in the utility's IANA time zone by whoever needs an instant.
 */
export type LocalDate = Static<typeof LocalDateSchema>;

/** A point in time as ISO-8601 in UTC with a `Z` suffix, e.g. `2025-03-01T08:00:00.000Z`. */
export type Instant = Static<typeof InstantSchema>;

const localDateRe = /^(\d{4})-(\d{2})-(\d{2})$/;
const instantRe = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isRealDate(y: string, m: string, d: string): boolean {
  const month = Number(m);
  const day = Number(d);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(y), month);
}

/** True when `value` is a {@link LocalDate} naming a day that exists. */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = localDateRe.exec(value);
  return m !== null && isRealDate(m[1], m[2], m[3]);
}

/** True when `value` is an {@link Instant}: UTC, a real date, hours 00-23, minutes and seconds 00-59. */
export function isInstant(value: unknown): value is Instant {
  if (typeof value !== 'string') return false;
  const m = instantRe.exec(value);
  return m !== null && isRealDate(m[1], m[2], m[3]) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60;
}
