import type { Reading } from '../../readings/day';
import { iso, type Finding } from './finding';

/** The missing spans between consecutive readings (in start order): [end of one, start of the next). */
export function missingSpans(readings: readonly Reading[]): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  for (let i = 1; i < readings.length; i++) {
    const end = readings[i - 1].start + readings[i - 1].seconds;
    if (readings[i].start > end) out.push({ from: end, to: readings[i].start });
  }
  return out;
}

/**
 * Rule: a hole in a channel's data (an interval missing between two that arrived) is a gap: usage
 * there is estimated when billed, and a person sees it. Only gaps that touch `fresh` (the readings
 * that just came) are new findings.
 */
export function gaps(channel: readonly Reading[], fresh: readonly Reading[], intervalSeconds: number): Finding[] {
  if (fresh.length === 0) return [];
  const from = fresh[0].start;
  const to = fresh[fresh.length - 1].start + fresh[fresh.length - 1].seconds;
  return missingSpans(channel)
    .filter((g) => g.to >= from && g.from <= to)
    .map((g) => ({
      rule: 'gap' as const,
      from: g.from,
      to: g.to,
      detail: `${Math.round((g.to - g.from) / intervalSeconds)} interval(s) missing from ${iso(g.from)}`,
    }));
}
