import { type UsageProfileReadyV1 } from '@utilia/contracts';
import type { CommandTx } from '@utilia/platform';
import type { VeeSettings } from '../config';
import { metersAt } from '../meter/meter.queries';
import { channelKey, IMPORT_WH } from '../readings/channel';
import { byDay, mergeDay, type Reading } from '../readings/day';
import { dayKey, loadDays, loadRange, saveDays } from '../readings/store';
import { estimateGap } from '../vee/estimation';
import { missingSpans } from '../vee/rules/gap';
import { nativeInterval, toSlots, type Slot } from './series';

export const EXPORT_WH = channelKey({ ...IMPORT_WH, direction: 'export' });
const FOUR_WEEKS = 28 * 86_400;

/** A service point's usage over [from, to): the series, how sure it is, and the estimates it needed. */
export interface PeriodUsage {
  intervalSeconds: number;
  importSlots: Slot[];
  exportSlots: Slot[] | null;
  counts: UsageProfileReadyV1['counts'];
  maxDemandW: number | null;
}

/**
 * The readings of one channel of a service point over [from, to): of each meter for the time it was
 * installed there (a reading belongs to the point where its meter was when it was taken).
 */
export async function pointReadings(
  tx: Pick<CommandTx, 'query'>,
  servicePointId: string,
  channel: string,
  from: number,
  to: number,
): Promise<Array<{ meterId: string; from: number; to: number; readings: Reading[] }>> {
  const meters = await metersAt(tx, servicePointId, from, to);
  const out = [];
  for (const m of meters) {
    const a = Math.max(from, m.from);
    const b = Math.min(to, m.to ?? to);
    out.push({ meterId: m.meterId, from: a, to: b, readings: await loadRange(tx, m.meterId, channel, a, b) });
  }
  return out;
}

/**
 * Fills the holes in a meter's import readings over [from, to) with estimates (see
 * `estimateGap`), stores them (quality E, so a second request gives the same answer and a late
 * read replaces them, which corrects what was delivered) and returns the readings with them.
 */
async function withEstimates(
  tx: Pick<CommandTx, 'query'>,
  meterId: string,
  from: number,
  to: number,
  readings: Reading[],
  interval: number,
  vee: VeeSettings,
): Promise<Reading[]> {
  const bounded: Reading[] = [
    { start: from - interval, seconds: interval, value: 0n, quality: 'A' },
    ...readings,
    { start: to, seconds: interval, value: 0n, quality: 'A' },
  ];
  const holes = missingSpans(bounded);
  if (holes.length === 0) return readings;
  const history = await loadRange(tx, meterId, channelKey(IMPORT_WH), from - FOUR_WEEKS, from);
  const context = [...history, ...readings];
  const estimates = holes.flatMap((h) => {
    const before = [...context].reverse().find((r) => r.start + r.seconds <= h.from && r.start >= h.from - interval * 4);
    const after = readings.find((r) => r.start >= h.to);
    return estimateGap(h, interval, { before, after }, history, vee.shortGap);
  });
  const channel = channelKey(IMPORT_WH);
  const days = byDay(estimates);
  const stored = await loadDays(
    tx,
    [...days.keys()].map((day) => ({ meterId, channel, day })),
  );
  await saveDays(
    tx,
    [...days].map(([day, list]) => ({ meterId, channel, day, readings: mergeDay(stored.get(dayKey({ meterId, channel, day })) ?? [], list).readings })),
  );
  return [...readings, ...estimates].sort((a, b) => a.start - b.start);
}

/** Counts of the series' intervals by quality. */
function countsOf(slots: readonly Slot[]): UsageProfileReadyV1['counts'] {
  const counts = { actual: 0, estimated: 0, edited: 0, missing: 0 };
  for (const s of slots) {
    if (s.quality === null) counts.missing++;
    else if (s.quality === 'E') counts.estimated++;
    else if (s.quality === 'D') counts.edited++;
    else counts.actual++;
  }
  return counts;
}

/**
 * A service point's usage over [from, to) (Unix seconds) at its meters' interval: import energy in
 * integer Wh (holes estimated and stored when `estimateWith` gives the settings), export when measured, the
 * highest demand (from the intervals: Wh × 3600 / interval seconds), and counts by quality.
 */
export async function periodUsage(
  tx: Pick<CommandTx, 'query'>,
  servicePointId: string,
  from: number,
  to: number,
  estimateWith: VeeSettings | null,
): Promise<PeriodUsage> {
  const imports = await pointReadings(tx, servicePointId, channelKey(IMPORT_WH), from, to);
  const interval = nativeInterval(
    imports.flatMap((m) => m.readings),
    900,
  );
  const slotSeconds = interval > 3600 ? 3600 : interval;
  const readings: Reading[] = [];
  for (const m of imports)
    readings.push(...(estimateWith && interval <= 3600 ? await withEstimates(tx, m.meterId, m.from, m.to, m.readings, interval, estimateWith) : m.readings));
  const importSlots = toSlots(readings, from, to, slotSeconds);
  const exported = await pointReadings(tx, servicePointId, EXPORT_WH, from, to);
  const exportReadings = exported.flatMap((m) => m.readings);
  const exportSlots = exportReadings.length > 0 ? toSlots(exportReadings, from, to, slotSeconds) : null;
  const peak = importSlots.reduce((m, s) => (s.value !== null && s.value > m ? s.value : m), -1n);
  return {
    intervalSeconds: slotSeconds,
    importSlots,
    exportSlots,
    counts: countsOf(importSlots),
    maxDemandW: peak < 0n ? null : Number((peak * 3600n) / BigInt(slotSeconds)),
  };
}
