import type { Quality } from '../readings/day';
import type { Slot } from './series';

/** A bucket of a usage series (an hour, a local day): its start, summed value and least sure quality. */
export interface Bucket {
  start: number;
  value: bigint | null;
  quality: Quality | null;
}

const WORSE: Record<Quality, number> = { A: 0, D: 1, E: 2 };

/**
 * A uniform series (slots of `slotSeconds` from `from`) summed into the buckets between
 * consecutive `edges` (Unix seconds, ascending: hours, or local midnights, which may be 23 or 25
 * hours apart). A bucket no value falls in is null. Pure.
 */
export function buckets(slots: readonly Slot[], from: number, slotSeconds: number, edges: readonly number[]): Bucket[] {
  const out: Bucket[] = [];
  let i = 0;
  for (let k = 0; k + 1 < edges.length; k++) {
    const b: Bucket = { start: edges[k], value: null, quality: null };
    while (i < slots.length && from + i * slotSeconds < edges[k + 1]) {
      const s = slots[i++];
      if (s.value === null || s.quality === null) continue;
      b.value = (b.value ?? 0n) + s.value;
      if (b.quality === null || WORSE[s.quality] > WORSE[b.quality]) b.quality = s.quality;
    }
    out.push(b);
  }
  return out;
}
