/**
 * Usage invoicing estimates when metering has not answered in time (USAGE_TIMEOUT_POLICY=estimate):
 * the agreement's average daily use over its last bills, spread evenly over the hours of the days
 * billed. Pure. The actual usage, when it comes, replaces it (a credit note and rebill if the amount differs).
 */

/** An earlier bill's usage: its total Wh over its days. */
export interface PastUsage {
  importWh: number;
  days: number;
}

const DAY_MS = 86_400_000;

/** Days between two local dates [from, to). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * An hourly series of integer Wh for `hours` hours averaging the past bills' daily use (null when
 * there is nothing to estimate from). The total is exact: the remainder of the division goes one Wh
 * at a time to the first hours.
 */
export function estimateHourly(past: readonly PastUsage[], hours: number): number[] | null {
  const days = past.reduce((s, p) => s + p.days, 0);
  if (days <= 0 || hours <= 0) return null;
  const wh = past.reduce((s, p) => s + p.importWh, 0);
  const total = Math.round((wh * hours) / (days * 24));
  const each = Math.floor(total / hours);
  const extra = total - each * hours;
  return Array.from({ length: hours }, (_, i) => each + (i < extra ? 1 : 0));
}
