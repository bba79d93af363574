import type { Reading } from '../../readings/day';
import { iso, type Finding } from './finding';

/**
 * Rule: each reading covers the reading type's interval, starting on its boundary (a 15-minute
 * reading starts at :00, :15, :30 or :45 UTC). Daily readings may be an hour shorter or longer (the
 * days clocks change). Readings that do not fit are refused.
 */
export function intervalLengthMismatches(readings: readonly Reading[], intervalSeconds: number): Finding[] {
  const daily = intervalSeconds === 86_400;
  const wrong = readings.filter((r) =>
    daily ? Math.abs(r.seconds - intervalSeconds) > 3600 : r.seconds !== intervalSeconds || r.start % intervalSeconds !== 0,
  );
  if (wrong.length === 0) return [];
  return [
    {
      rule: 'interval-length',
      from: wrong[0].start,
      to: wrong[wrong.length - 1].start + wrong[wrong.length - 1].seconds,
      detail: `${wrong.length} reading(s) do not fit the ${intervalSeconds} s interval of the reading type (first at ${iso(wrong[0].start)}, ${wrong[0].seconds} s)`,
      rejected: wrong,
    },
  ];
}
