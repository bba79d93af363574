import type { Reading } from '../../readings/day';
import { iso, spans, type Finding } from './finding';

/**
 * Rule: `streak` or more consecutive zero readings (a day of 15-minute zeros by default) may be a
 * stopped meter or a vacant premise: worth a look, stored as read. `before` are the channel's
 * readings just before, so a streak across midnight counts whole; only streaks that reach into
 * `readings` are findings.
 */
export function zeroStreaks(readings: readonly Reading[], before: readonly Reading[], streak: number): Finding[] {
  const firstNew = readings.length > 0 ? readings[0].start : Infinity;
  return spans([...before, ...readings], (r) => r.value === 0n)
    .filter((s) => s.readings.length >= streak && s.to > firstNew)
    .map((s) => ({ rule: 'zero-streak' as const, from: s.from, to: s.to, detail: `${s.readings.length} zero reading(s) in a row from ${iso(s.from)}` }));
}
