/** Business dates (`YYYY-MM-DD`, UTC, the services' default UTILITY_TIME_ZONE). */
const DAY_MS = 86_400_000;

export const today = (): string => new Date().toISOString().slice(0, 10);
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The days [from, to). */
export function daysOf(from: string, to: string): string[] {
  return Array.from({ length: daysBetween(from, to) }, (_, i) => addDays(from, i));
}

/**
 * A bill cycle's read date at least `daysAgo` days before today: the cycles (01-20) read on that
 * day of the month, so a date after the 20th steps back to the 20th. Returns the run date and its cycle code.
 */
export function readDateBefore(daysAgo: number): { runDate: string; cycle: string } {
  const base = addDays(today(), -daysAgo);
  const day = Number(base.slice(8, 10));
  const runDate = day <= 20 ? base : `${base.slice(0, 8)}20`;
  return { runDate, cycle: runDate.slice(8, 10) };
}
