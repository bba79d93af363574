/**
 * `inspect`: what `meter-data inspect` prints, one summary per IntervalBlock. The shape is the one of the reference
 * corpus's `EXPECTED_INSPECT.json` (fixtures/greenbutton), which checks outside the test suite compare with.
 */
import type { EspiDocument, IntervalBlock, ReadingTypeFields } from './model';
import { isoInstant } from './time';

/** The summary of one IntervalBlock. */
export interface IntervalBlockSummary {
  /** Number of `IntervalReading`s. */
  readonly count: number;
  /** Earliest reading start, ISO-8601 UTC without milliseconds; `null` for a block without readings. */
  readonly firstStart: string | null;
  /** Latest reading start (a start, not an end); `null` for a block without readings. */
  readonly lastStart: string | null;
  /** Exact sum of the raw `value`s (no powerOfTenMultiplier applied), as a decimal string. */
  readonly valueSum: string;
  /** Exact sum of the raw `cost`s (a reading without cost counts 0), as a decimal string. */
  readonly costSum: string;
  /** How many readings have each `timePeriod/duration`, by duration in seconds. */
  readonly durations: Readonly<Record<string, number>>;
}

/**
 * What `inspect` returns: blocks in document order, then the fields of every ReadingType in
 * document order (the corpus's expected output lists only the blocks; the command line's shape,
 * fixed by the metering issue, has both).
 */
export interface InspectResult {
  readonly intervalBlocks: readonly IntervalBlockSummary[];
  readonly readingTypes: readonly ReadingTypeFields[];
}

/**
 * Summarises one block. `firstStart`/`lastStart` are the earliest and latest starts, whatever the order the document
 * lists the readings in (`intervals_APUC000000_electric.xml` is in descending order and the corpus expects its
 * earliest start as `firstStart`).
 */
export function summariseBlock(block: IntervalBlock): IntervalBlockSummary {
  let valueSum = 0n;
  let costSum = 0n;
  let first: number | undefined;
  let last: number | undefined;
  const durations = new Map<string, number>();
  for (const r of block.readings) {
    valueSum += BigInt(r.value);
    if (r.cost !== undefined) costSum += BigInt(r.cost);
    const { start, duration } = r.timePeriod;
    if (first === undefined || start < first) first = start;
    if (last === undefined || start > last) last = start;
    durations.set(String(duration), (durations.get(String(duration)) ?? 0) + 1);
  }
  return {
    count: block.readings.length,
    firstStart: first === undefined ? null : isoInstant(first),
    lastStart: last === undefined ? null : isoInstant(last),
    valueSum: valueSum.toString(),
    costSum: costSum.toString(),
    durations: Object.fromEntries(durations),
  };
}

/** The summary `meter-data inspect` prints for a parsed document. */
export function inspect(doc: EspiDocument): InspectResult {
  return { intervalBlocks: doc.intervalBlocks.map(summariseBlock), readingTypes: doc.readingTypes.map((rt) => rt.fields) };
}
