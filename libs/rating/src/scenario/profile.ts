/**
 * Load and generation profiles: text with one value per line (average kW, or kWh, per interval) turned into
 * integer watt-hours exactly: each value is parsed as a decimal and rounded half-up once, never summed as a float.
 */
import { invalid, MESSAGES } from '../errors';
import { Big } from '../money';

/** Units a profile file can be written in. */
export type ProfileUnit = 'kW' | 'kWh';

const VALUE_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses profile text into decimal strings, one per non-empty line. */
export function profileValues(text: string, field: string): string[] {
  const out: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const v = raw.trim();
    if (v === '') return;
    if (!VALUE_RE.test(v)) throw invalid(`${field} line ${i + 1}`, MESSAGES.loadValue(`${field} line ${i + 1}`));
    out.push(v);
  });
  if (out.length === 0) throw invalid(field, MESSAGES.emptyProfile(field));
  return out;
}

/**
 * Integer Wh per step of `stepMinutes` from values given per `intervalMinutes` (a multiple of the step):
 * an average-kW value holds for its whole interval, so it repeats over the steps it covers; a kWh value is
 * spread evenly over them.
 *
 * Rounding rule: the running sum is rounded, not each value (`wh[i] = round(S[i]) - round(S[i-1])` with S the
 * exact running sum). Rounding values one by one biases series full of small values (an inverter's -0.3 Wh
 * standby draw every 15 minutes would vanish); this way any run of consecutive intervals, such as a TOU block
 * or a month, sums to within 1 Wh of the exact energy.
 */
export function toWattHours(values: readonly string[], unit: ProfileUnit, intervalMinutes: number, stepMinutes: number): number[] {
  const repeat = intervalMinutes / stepMinutes;
  const out = new Array<number>(values.length * repeat);
  let k = 0;
  let exactSum = new Big(0);
  let roundedSum = 0;
  for (const v of values) {
    const wh = unit === 'kW' ? new Big(v).times(stepMinutes * 1000).div(60) : new Big(v).times(1000).div(repeat);
    for (let r = 0; r < repeat; r++) {
      exactSum = exactSum.plus(wh);
      const next = Number(exactSum.round(0, Big.roundHalfUp).toFixed(0));
      out[k++] = next - roundedSum;
      roundedSum = next;
    }
  }
  return out;
}
