import type { Reading } from '../readings/day';

const WEEK = 7 * 86_400;

/** a × (n − i) + b × i, over n, rounded half up: the i-th of n steps from a to b, in integers. */
function between(a: bigint, b: bigint, i: number, n: number): bigint {
  const num = a * BigInt(n - i) + b * BigInt(i);
  const den = BigInt(n);
  return (2n * num + den) / (2n * den);
}

/**
 * Estimates for the missing intervals of a channel in [from, to), every `intervalSeconds`:
 * - a short gap (at most `shortGap` intervals) with a reading on each side: linear interpolation
 *   between them;
 * - a longer gap: each interval takes the average of the same weekday and time over the previous
 *   four weeks of `history` (a Tuesday 18:00 looks like the Tuesdays 18:00 before it);
 * - without any of that to go on: interpolation if both sides exist, else the last value before.
 * Every estimate has quality E and names its method as its source. Pure.
 */
export function estimateGap(
  gap: { from: number; to: number },
  intervalSeconds: number,
  neighbours: { before?: Reading; after?: Reading },
  history: readonly Reading[],
  shortGap: number,
): Reading[] {
  const starts: number[] = [];
  for (let t = gap.from; t < gap.to; t += intervalSeconds) starts.push(t);
  const { before, after } = neighbours;
  const interpolate = (i: number) => between(before?.value ?? after?.value ?? 0n, after?.value ?? before?.value ?? 0n, i + 1, starts.length + 1);
  if (starts.length <= shortGap && before && after) {
    return starts.map((start, i) => ({ start, seconds: intervalSeconds, value: interpolate(i), quality: 'E', source: 'estimate:linear' }));
  }
  const byStart = new Map(history.map((r) => [r.start, r.value]));
  return starts.map((start, i) => {
    const sameSlot = [1, 2, 3, 4].map((w) => byStart.get(start - w * WEEK)).filter((v): v is bigint => v !== undefined);
    const value = sameSlot.length > 0 ? (2n * sameSlot.reduce((s, v) => s + v, 0n) + BigInt(sameSlot.length)) / (2n * BigInt(sameSlot.length)) : interpolate(i);
    return { start, seconds: intervalSeconds, value, quality: 'E' as const, source: sameSlot.length > 0 ? 'estimate:weekday-profile' : 'estimate:linear' };
  });
}

/**
 * A register-only meter's read at `at`, estimated from its history: the last read plus the average
 * daily use between the first and last reads for the days since. Undefined with fewer than two reads.
 */
export function estimateRegister(reads: ReadonlyArray<{ at: number; value: bigint }>, at: number): bigint | undefined {
  if (reads.length < 2) return undefined;
  const sorted = [...reads].sort((a, b) => a.at - b.at);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (last.at === first.at || at <= last.at) return last.value;
  const perSecondNum = last.value - first.value;
  const spanSeconds = BigInt(last.at - first.at);
  return last.value + (perSecondNum * BigInt(at - last.at) + spanSeconds / 2n) / spanSeconds;
}
