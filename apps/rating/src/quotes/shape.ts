import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { profileValues } from '@utilia/rating';

/** Typical hourly load shapes a year of monthly totals is spread over. */
export const SHAPES = ['residential', 'commercial'] as const;
export type ShapeName = (typeof SHAPES)[number];

// NREL SAM's test loads (fixtures/loads, BSD-3-Clause): a house and a commercial building, hourly
// average kW over a year starting on a Monday, 1 January.
const FILES: Record<ShapeName, string> = { residential: 'ssc-residential-load-hourly.csv', commercial: 'ssc-commercial-load-hourly.csv' };
const LOADS_DIR = path.resolve(__dirname, '../../../../fixtures/loads');

const cache = new Map<ShapeName, number[]>();

/** A shape's 8,760 hourly values (relative weights: only their proportions within a month matter). */
export function shapeOf(name: ShapeName): number[] {
  let values = cache.get(name);
  if (!values) {
    values = profileValues(readFileSync(path.join(LOADS_DIR, FILES[name]), 'utf8'), name).map(Number);
    cache.set(name, values);
  }
  return values;
}

/** The weights of a month's hours from a yearly hourly shape: its hours of that calendar month, wrapped when the month is longer. */
export function monthWeights(shape: readonly number[], month: number, hours: number): number[] {
  const start = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][month] * 24;
  const length = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month] * 24;
  return Array.from({ length: hours }, (_, h) => Math.max(0, shape[start + (h % length)]));
}

/**
 * Integer Wh per hour that sum exactly to `totalWh`, in proportion to `weights` (equal shares when the
 * weights are all zero). The running sum is rounded, so no Wh is lost or made up.
 */
export function spread(totalWh: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const share = (i: number) => (sum > 0 ? weights[i] / sum : 1 / weights.length);
  const out = new Array<number>(weights.length);
  let running = 0;
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    running += share(i);
    const next = i === weights.length - 1 ? totalWh : Math.round(totalWh * running);
    out[i] = next - given;
    given = next;
  }
  return out;
}
