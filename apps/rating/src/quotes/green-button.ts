import { EspiError, parseEspi, readingsInWh, type WhReading } from '@utilia/greenbutton';
import { RuleViolation } from '@utilia/platform';
import type { IntervalSeries } from '@utilia/rating';

/** Usage read from a Green Button file, as regular series. */
export interface GreenButtonUsage {
  load: IntervalSeries;
  generation?: IntervalSeries;
  /** Intervals of the series no reading covered (counted as 0 Wh). */
  missing: number;
  /** Readings left out: another interval length than the series', or not interval energy in Wh. */
  skipped: number;
}

const FLOW_REVERSE = '19';

/** The most common reading length that divides a day (the file's interval). */
function intervalOf(readings: readonly WhReading[]): number {
  const counts = new Map<number, number>();
  for (const r of readings) if (r.seconds > 0 && 86_400 % r.seconds === 0) counts.set(r.seconds, (counts.get(r.seconds) ?? 0) + 1);
  let best = 0;
  for (const [seconds, n] of counts) if (n > (counts.get(best) ?? 0)) best = seconds;
  if (!best) throw new RuleViolation('green-button-no-intervals', 'the file has no interval energy readings whose length divides a day');
  return best;
}

/**
 * The interval energy of a Green Button (ESPI) file as a regular series from its first to its last
 * interval: energy delivered as the load, energy received (flowDirection 19) as generation. Register
 * reads (not deltaData) and readings of another length are left out and counted. Pure.
 */
export function greenButtonUsage(xml: string): GreenButtonUsage {
  let doc;
  try {
    doc = parseEspi(xml);
  } catch (e) {
    if (e instanceof EspiError || e instanceof Error) throw new RuleViolation('green-button-unreadable', e.message);
    throw e;
  }
  const delivered: WhReading[] = [];
  const received: WhReading[] = [];
  let skipped = 0;
  for (const block of doc.intervalBlocks) {
    const type = block.readingType;
    const behaviour = type?.fields.accumulationBehaviour;
    if (!type || (behaviour !== undefined && behaviour !== '4')) {
      skipped += block.readings.length;
      continue;
    }
    let readings: WhReading[];
    try {
      readings = readingsInWh(block, type);
    } catch (e) {
      if (e instanceof EspiError) throw new RuleViolation('green-button-unit', e.message);
      throw e;
    }
    (type.fields.flowDirection === FLOW_REVERSE ? received : delivered).push(...readings);
  }
  if (delivered.length === 0) throw new RuleViolation('green-button-no-intervals', 'the file has no interval energy delivered in Wh');
  const seconds = intervalOf(delivered);
  const all = [...delivered, ...received].filter((r) => r.seconds === seconds);
  skipped += delivered.length + received.length - all.length;
  const first = Math.min(...all.map((r) => r.start));
  const last = Math.max(...all.map((r) => r.start));
  const slots = Math.floor((last - first) / seconds) + 1;
  const fill = (readings: readonly WhReading[]) => {
    const wh = new Array<number>(slots).fill(0);
    const seen = new Array<boolean>(slots).fill(false);
    for (const r of readings) {
      if (r.seconds !== seconds || (r.start - first) % seconds !== 0) continue;
      const i = (r.start - first) / seconds;
      wh[i] += Number(r.wh);
      seen[i] = true;
    }
    return { wh, seen };
  };
  const load = fill(delivered);
  const gen = received.length ? fill(received) : undefined;
  const series = (wh: number[]): IntervalSeries => ({ start: new Date(first * 1000).toISOString(), intervalMinutes: seconds / 60, wh });
  return {
    load: series(load.wh),
    ...(gen ? { generation: series(gen.wh) } : {}),
    missing: load.seen.filter((s, i) => !s && !(gen?.seen[i] ?? false)).length,
    skipped,
  };
}
