import type { Reading } from '../../readings/day';
import { iso, type Finding } from './finding';

/** Rule: an interval cannot have been measured before it ended; one ending in the future (beyond a minute of clock slack) is refused. */
export function futureTimestamps(readings: readonly Reading[], now: Date, slackSeconds = 60): Finding[] {
  const limit = now.getTime() / 1000 + slackSeconds;
  const future = readings.filter((r) => r.start + r.seconds > limit);
  if (future.length === 0) return [];
  const from = future[0].start;
  const to = future[future.length - 1].start + future[future.length - 1].seconds;
  return [{ rule: 'future-timestamp', from, to, detail: `${future.length} reading(s) end after ${iso(Math.floor(limit))}, in the future`, rejected: future }];
}
