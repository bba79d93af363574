/**
 * Which ReadingType applies to an IntervalBlock. ESPI says it through Atom links, not nesting: the block's entry sits
 * under a MeterReading (`link rel="up"` = `…/MeterReading/{id}/IntervalBlock`, or the MeterReading lists the block or
 * its collection as `rel="related"`), and that MeterReading lists its ReadingType as `rel="related"`, equal to the
 * ReadingType entry's `rel="self"`.
 */
import type { EntryRef, ReadingType, ReadingTypeResolution } from './model';

/** True when the MeterReading entry `meterReading` is the one the block entry `block` belongs to. */
function owns(meterReading: EntryRef, block: EntryRef): boolean {
  const blockHrefs = [block.self, block.up].filter((h): h is string => h !== undefined);
  if (blockHrefs.some((h) => meterReading.related.includes(h))) return true;
  const self = meterReading.self;
  return self !== undefined && blockHrefs.some((h) => h.startsWith(`${self}/`));
}

const fieldsKey = (rt: ReadingType) => JSON.stringify(Object.entries(rt.fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The first of `candidates` if they all carry the same fields; `undefined` if they differ; `null` if there are none. */
function single(candidates: readonly ReadingType[]): ReadingType | undefined | null {
  if (candidates.length === 0) return null;
  const key = fieldsKey(candidates[0]);
  return candidates.every((c) => fieldsKey(c) === key) ? candidates[0] : undefined;
}

/**
 * The ReadingType of a block: through the links when they lead to one (several entries with identical fields count
 * as one, as duplicated entries do), else the only ReadingType of the document, else none.
 */
export function resolveReadingType(
  block: EntryRef | undefined,
  meterReadings: readonly EntryRef[],
  readingTypes: readonly ReadingType[],
): { readingType?: ReadingType; resolution: ReadingTypeResolution } {
  if (block) {
    const linked = new Set(meterReadings.filter((m) => owns(m, block)).flatMap((m) => m.related));
    const viaLinks = single(readingTypes.filter((rt) => rt.entry?.self !== undefined && linked.has(rt.entry.self)));
    if (viaLinks) return { readingType: viaLinks, resolution: 'link' };
    if (viaLinks === undefined) return { resolution: 'ambiguous' };
  }
  const only = single(readingTypes);
  return only ? { readingType: only, resolution: 'only-in-document' } : { resolution: 'none' };
}
