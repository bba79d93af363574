/**
 * Sums interval usage into buckets, exactly, in integer watt-hours: imports and exports per energy TOU
 * period and the highest interval per demand TOU period. Every interval is touched once with integer
 * arithmetic; pricing then works on the handful of buckets, never on intervals.
 */
import { invalid, MESSAGES } from '../errors';
import type { IntervalSeries, MeteringMode, Usage } from '../model';
import { Big, type Decimal, kwhFromWh, shifted } from '../money';
import type { CompiledVersion } from '../tariff/compile';
import { intervalCodes } from '../time/labels';

/** Usage of one segment of a bill, ready for pricing. */
export interface UsageTotals {
  /** Import kWh per energy period. */
  readonly importsKwh: Decimal[];
  /** Export kWh per energy period. */
  readonly exportsKwh: Decimal[];
  /** Highest kW per TOU demand period (undefined: no interval fell in it). */
  readonly touDemandKw: (Decimal | undefined)[];
  /** Highest kW over the segment. */
  readonly peakKw: Decimal | undefined;
  /** Number of intervals counted. */
  readonly intervals: number;
}

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an interval series' start instant. */
export function seriesStartMs(series: IntervalSeries, field: string): number {
  const ms = typeof series.start === 'string' && INSTANT_RE.test(series.start) ? Date.parse(series.start) : NaN;
  if (Number.isNaN(ms)) throw invalid(`${field}.start`, MESSAGES.instant(`${field}.start`));
  return ms;
}

/** Checks an interval length: a positive integer number of minutes dividing a day. */
export function checkIntervalMinutes(minutes: unknown, field: string): number {
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes <= 0 || 1440 % minutes !== 0) {
    throw invalid(field, MESSAGES.intervalMinutes(field));
  }
  return minutes;
}

/**
 * Totals of the intervals starting in [fromMs, toMs). `mode` decides how load and generation meet:
 * netted per interval (net billing, net metering), kept apart (buy-all/sell-all) or generation ignored.
 */
export function intervalTotals(v: CompiledVersion, zone: string, usage: Usage, mode: MeteringMode, fromMs: number, toMs: number): UsageTotals {
  const load = usage.load as IntervalSeries;
  const startMs = seriesStartMs(load, 'usage.load');
  const minutes = checkIntervalMinutes(load.intervalMinutes, 'usage.load.intervalMinutes');
  const wh = load.wh;
  if (!wh || typeof wh.length !== 'number') throw invalid('usage.load.wh', MESSAGES.array('usage.load.wh'));
  const gen = mode !== 'none' ? usage.generation : undefined;
  let gw: ArrayLike<number> | undefined;
  if (gen) {
    if (seriesStartMs(gen, 'usage.generation') !== startMs || gen.intervalMinutes !== minutes) {
      throw invalid('usage.generation', MESSAGES.sameInterval('usage.generation'), 'inconsistent-input');
    }
    gw = gen.wh;
    if (!gw || gw.length !== wh.length) throw invalid('usage.generation.wh', MESSAGES.sameSpan('usage.generation.wh'), 'inconsistent-input');
  }
  const step = minutes * 60_000;
  const n = wh.length;
  const i0 = Math.max(0, Math.ceil((fromMs - startMs) / step));
  const i1 = Math.min(n, Math.ceil((toMs - startMs) / step));
  const codes = intervalCodes(zone, startMs, minutes, n, v.holidays, v.holidayKey);
  const energyOf = v.energyOf;
  const demandOf = v.demandOf;
  const nE = Math.max(1, v.energy.length);
  const nD = v.touDemand.length;
  const imp = new Float64Array(nE);
  const exp = new Float64Array(nE);
  const peaks = new Float64Array(nD).fill(-1);
  let peak = -1;
  let bad = -1;
  if (!gw) {
    // One channel: the common case. With generation metered, a negative value is energy sent to the
    // grid (a signed net-meter channel); consumption-only ignores it.
    const r = bucketOneChannel(wh, codes, energyOf, demandOf, i0, i1, mode !== 'none', imp, exp, peaks);
    peak = r.peak;
    bad = r.bad;
  } else {
    const split = mode === 'buy-all-sell-all';
    for (let i = i0; i < i1; i++) {
      const w = wh[i];
      const g = gw[i];
      if (!Number.isSafeInteger(w)) {
        bad = i;
        break;
      }
      if (!Number.isSafeInteger(g)) throw invalid(`usage.generation.wh[${i}]`, MESSAGES.whValue(`usage.generation.wh[${i}]`));
      const c = codes[i];
      const p = energyOf[c];
      // Buy-all/sell-all keeps load and generation apart: all generation is sold, all load bought, and
      // what a generator draws from the grid (an inverter's standby at night, a negative value) is
      // bought too, not dropped. Net billing and net metering net them per interval.
      const net = split ? (g < 0 ? w - g : w) : w - g;
      if (split && g > 0) exp[p] += g;
      if (net <= 0) {
        if (!split) exp[p] -= net;
        continue;
      }
      imp[p] += net;
      if (net > peak) peak = net;
      const d = demandOf[c];
      if (d >= 0 && net > peaks[d]) peaks[d] = net;
    }
  }
  if (bad >= 0) throw invalid(`usage.load.wh[${bad}]`, MESSAGES.whValue(`usage.load.wh[${bad}]`));
  // kW = Wh per interval × 60 / interval minutes / 1000, exact.
  const perHour = 60 / minutes;
  const toKw = Number.isInteger(perHour) ? (w: number) => shifted(w * perHour, 3) : (w: number) => new Big(w).times(60).div(minutes * 1000);
  return {
    importsKwh: Array.from(imp, kwhFromWh),
    exportsKwh: Array.from(exp, kwhFromWh),
    touDemandKw: Array.from(peaks, (w) => (w < 0 ? undefined : toKw(w))),
    peakKw: peak < 0 ? undefined : toKw(peak),
    intervals: Math.max(0, i1 - i0),
  };
}

/** Totals from register reads (no interval data). */
export function registerTotals(v: CompiledVersion, usage: Usage): UsageTotals {
  const r = usage.registers;
  if (!r) throw invalid('usage', MESSAGES.noUsage('usage'), 'missing-field');
  const nE = Math.max(1, v.energy.length);
  let importsKwh: Decimal[];
  if (r.kwhByPeriod !== undefined) {
    if (!Array.isArray(r.kwhByPeriod) || r.kwhByPeriod.length !== nE) {
      throw invalid('usage.registers.kwhByPeriod', MESSAGES.registersByPeriod('usage.registers.kwhByPeriod'));
    }
    importsKwh = r.kwhByPeriod.map((k, i) => dec(k, `usage.registers.kwhByPeriod[${i}]`));
  } else if (r.kwh !== undefined && nE === 1) {
    importsKwh = [dec(r.kwh, 'usage.registers.kwh')];
  } else {
    throw invalid('usage.registers.kwhByPeriod', MESSAGES.registersByPeriod('usage.registers.kwhByPeriod'));
  }
  const nD = v.touDemand.length;
  let touDemandKw: (Decimal | undefined)[] = new Array(nD).fill(undefined);
  if (r.demandKwByPeriod !== undefined) {
    if (!Array.isArray(r.demandKwByPeriod) || r.demandKwByPeriod.length !== nD) {
      throw invalid('usage.registers.demandKwByPeriod', MESSAGES.registersByPeriod('usage.registers.demandKwByPeriod'));
    }
    touDemandKw = r.demandKwByPeriod.map((k, i) => dec(k, `usage.registers.demandKwByPeriod[${i}]`));
  }
  let peakKw = r.demandKw === undefined ? undefined : dec(r.demandKw, 'usage.registers.demandKw');
  for (const d of touDemandKw) if (d && (!peakKw || d.gt(peakKw))) peakKw = d;
  return { importsKwh, exportsKwh: importsKwh.map(() => new Big(0)), touDemandKw, peakKw, intervals: 0 };
}

function dec(value: unknown, field: string): Decimal {
  if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) throw invalid(field, MESSAGES.nonNegativeDecimal(field));
  return new Big(value);
}

/**
 * The hot loop of rating, alone in a small function so the JIT compiles it tightly: integer Wh into
 * per-period buckets and per-period peaks. Returns the highest interval and the first bad index (-1).
 */
function bucketOneChannel(
  wh: ArrayLike<number>,
  codes: Uint16Array,
  energyOf: ArrayLike<number>,
  demandOf: ArrayLike<number>,
  i0: number,
  i1: number,
  signed: boolean,
  imp: Float64Array,
  exp: Float64Array,
  peaks: Float64Array,
): { peak: number; bad: number } {
  let peak = -1;
  for (let i = i0; i < i1; i++) {
    const w = wh[i];
    if (!Number.isSafeInteger(w)) return { peak, bad: i };
    if (w <= 0) {
      if (w < 0 && signed) exp[energyOf[codes[i]]] -= w;
      continue;
    }
    const c = codes[i];
    imp[energyOf[c]] += w;
    if (w > peak) peak = w;
    const d = demandOf[c];
    if (d >= 0 && w > peaks[d]) peaks[d] = w;
  }
  return { peak, bad: -1 };
}
