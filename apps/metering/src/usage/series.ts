import type { Quality, Reading } from '../readings/day';

/** One slot of a uniform series: its value (null: nothing measured) and how sure it is. */
export interface Slot {
  value: bigint | null;
  quality: Quality | null;
}

const WORSE: Record<Quality, number> = { A: 0, D: 1, E: 2 };

/** The less sure of two qualities (estimated over edited over actual). */
function worse(a: Quality | null, b: Quality): Quality {
  return a === null || WORSE[b] > WORSE[a] ? b : a;
}

/**
 * Readings over [from, to) as a uniform series of `slotSeconds`: a reading shorter than a slot adds
 * into the slot it starts in (15-minute data into hours); a longer one (a daily reading into hours)
 * is spread evenly over the slots it covers, the remainder going to the first ones, so the total
 * stays exact. A slot no reading touches is null. Pure.
 */
export function toSlots(readings: readonly Reading[], from: number, to: number, slotSeconds: number): Slot[] {
  const slots: Slot[] = Array.from({ length: Math.max(0, Math.ceil((to - from) / slotSeconds)) }, () => ({ value: null, quality: null }));
  const add = (i: number, v: bigint, q: Quality) => {
    if (i < 0 || i >= slots.length) return;
    slots[i] = { value: (slots[i].value ?? 0n) + v, quality: worse(slots[i].quality, q) };
  };
  for (const r of readings) {
    if (r.start + r.seconds <= from || r.start >= to) continue;
    const first = Math.floor((r.start - from) / slotSeconds);
    if (r.seconds <= slotSeconds) {
      add(first, r.value, r.quality);
      continue;
    }
    const n = Math.ceil(r.seconds / slotSeconds);
    const share = r.value / BigInt(n);
    const rest = Number(r.value - share * BigInt(n));
    for (let k = 0; k < n; k++) add(first + k, share + (k < rest ? 1n : 0n), r.quality);
  }
  return slots;
}

/** The interval most readings have (the series' native interval), `fallback` when there are none. */
export function nativeInterval(readings: readonly Reading[], fallback: number): number {
  const counts = new Map<number, number>();
  for (const r of readings) counts.set(r.seconds, (counts.get(r.seconds) ?? 0) + 1);
  let best = fallback;
  let most = 0;
  for (const [seconds, n] of counts) if (n > most) [best, most] = [seconds, n];
  return best;
}

/** The sum of a series' values (nulls count as nothing). */
export function total(slots: readonly Slot[]): bigint {
  return slots.reduce((s, x) => s + (x.value ?? 0n), 0n);
}
