import type { VEE_RULES } from '@utilia/contracts';
import type { Reading } from '../../readings/day';

/** A check of validation (VEE). */
export type VeeRule = (typeof VEE_RULES)[number];

/** What a check found over a span of a channel: a person looks at it (an exception), and `rejected` readings are not stored. */
export interface Finding {
  rule: VeeRule;
  /** Unix seconds: the span the finding is about. */
  from: number;
  to: number;
  detail: string;
  rejected?: Reading[];
}

/** An instant as people read it in a finding. */
export function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** Consecutive readings (in start order) that `test` picks, as spans of [first start, last end). */
export function spans(readings: readonly Reading[], test: (r: Reading, i: number) => boolean): Array<{ from: number; to: number; readings: Reading[] }> {
  const out: Array<{ from: number; to: number; readings: Reading[] }> = [];
  let current: Reading[] = [];
  const close = () => {
    if (current.length > 0)
      out.push({ from: current[0].start, to: current[current.length - 1].start + current[current.length - 1].seconds, readings: current });
    current = [];
  };
  readings.forEach((r, i) => {
    const contiguous = current.length === 0 || current[current.length - 1].start + current[current.length - 1].seconds === r.start;
    if (test(r, i) && contiguous) current.push(r);
    else {
      close();
      if (test(r, i)) current.push(r);
    }
  });
  close();
  return out;
}
