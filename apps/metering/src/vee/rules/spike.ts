import type { Reading } from '../../readings/day';
import { iso, spans, type Finding } from './finding';

/** The median of the positive values among `values` (0 when there are none). */
export function typicalValue(values: readonly bigint[]): bigint {
  const positive = values.filter((v) => v > 0n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return positive.length === 0 ? 0n : positive[Math.floor(positive.length / 2)];
}

/**
 * Rule: a reading above `factor` × the typical value of the readings before it (the median of the
 * positive ones among the trailing readings of the channel) is a spike worth a look. It is stored:
 * it may be real (a heat wave, a new heat pump). Without history to compare with, nothing is a spike.
 */
export function spikes(readings: readonly Reading[], trailing: readonly Reading[], factor: number): Finding[] {
  const typical = typicalValue(trailing.map((r) => r.value));
  if (typical === 0n) return [];
  const limit = typical * BigInt(factor);
  return spans(readings, (r) => r.value > limit).map((s) => ({
    rule: 'spike' as const,
    from: s.from,
    to: s.to,
    detail: `${s.readings.length} reading(s) from ${iso(s.from)} above ${factor} × the typical ${typical} (highest ${s.readings.reduce((m, r) => (r.value > m ? r.value : m), 0n)})`,
  }));
}
