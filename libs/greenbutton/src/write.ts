/**
 * `writeEspi`: one usage point's interval energy as a Green Button (ESPI) Atom feed, built with xmlbuilder2.
 *
 * Feed layout (hrefs under `baseUrl`, `{id}` = the usage point id, URL-encoded):
 * - `UsagePoint/{id}`: title, `ServiceCategory/kind`; related `UsagePoint/{id}/MeterReading` and the LocalTimeParameters;
 * - `LocalTimeParameters/{id}` when given;
 * - `UsagePoint/{id}/MeterReading/1`: related `…/MeterReading/1/IntervalBlock` and `ReadingType/{id}`;
 * - `ReadingType/{id}`: uom 72 (Wh), powerOfTenMultiplier 0, accumulationBehaviour 4 (deltaData), kind 12 (energy),
 *   flowDirection 1 (import) or 19 (export), commodity, intervalLength;
 * - `UsagePoint/{id}/MeterReading/1/IntervalBlock/{n}`, up `…/MeterReading/1/IntervalBlock`: the readings.
 * Those links are what `parseEspi` follows from a block to its ReadingType.
 */
import { create } from 'xmlbuilder2';
import { ACCUMULATION_DELTA_DATA, COMMODITIES, FLOW_DIRECTION, KIND_ENERGY, UOM_WH, type Commodity } from './codes';
import { EspiError, MESSAGES } from './errors';
import { isoInstant } from './time';
import { uuidV5 } from './uuid';

const ATOM = 'http://www.w3.org/2005/Atom';
const ESPI = 'http://naesb.org/espi';
const XMLNS = 'http://www.w3.org/2000/xmlns/';

/** ESPI `value` is an Int48. */
const INT48_MAX = 2n ** 47n - 1n;
const INT48_MIN = -(2n ** 47n);

const DAY_SECONDS = 86_400;
const NO_QUALITIES: readonly string[] = [];

/** One reading to write. */
export interface WriteReading {
  /** Start, Unix seconds. */
  readonly start: number;
  /** Duration, seconds (> 0). */
  readonly seconds: number;
  /** Energy over the interval, integer Wh (a bigint, or a number that is a safe integer). */
  readonly wh: bigint | number;
  /** ESPI `ReadingQuality/quality` codes, e.g. `['8']` for estimated using reference day (see `READING_QUALITY`). */
  readonly qualities?: readonly string[];
}

/** ESPI `LocalTimeParameters` of the usage point. */
export interface WriteLocalTimeParameters {
  /** Standard-time offset from UTC, seconds (e.g. -18000 for UTC-5). */
  readonly tzOffset: number;
  /** Daylight-saving shift, seconds (usually 3600). */
  readonly dstOffset: number;
  /** ESPI DstRuleType bit map in hex, e.g. `360E2000` (North America, second Sunday of March 2:00). */
  readonly dstStartRule: string;
  /** ESPI DstRuleType bit map in hex, e.g. `B40E2000` (first Sunday of November 2:00). */
  readonly dstEndRule: string;
}

/** What {@link writeEspi} writes. */
export interface EspiWriteInput {
  /** Atom `updated` (and `published`) of the feed and its entries, ISO-8601: the writer reads no clock. */
  readonly updated: string;
  /** Prefix of every href, without trailing slash; default `/espi/1_1/resource`. */
  readonly baseUrl?: string;
  /** The usage point: its id (used in hrefs), title (Atom title, e.g. the address), and commodity (default electricity). */
  readonly usagePoint: { readonly id: string; readonly title: string; readonly commodity?: Commodity };
  /** Energy delivered to the customer (`import`, flowDirection 1, default) or received from them (`export`, 19). */
  readonly flowDirection?: 'import' | 'export';
  /** ReadingType `intervalLength`, seconds. */
  readonly intervalLength: number;
  /** Written as a LocalTimeParameters entry when given; its `tzOffset` also places the default day boundaries. */
  readonly localTimeParameters?: WriteLocalTimeParameters;
  /** The readings, in ascending order without overlap (gaps are allowed). */
  readonly readings: readonly WriteReading[];
  /**
   * Where IntervalBlocks begin (Unix seconds, strictly ascending); each reading goes to the last block start at or
   * before it. Default: one block per day, days starting at UTC midnight minus `localTimeParameters.tzOffset`
   * (local standard time; DST rules are not applied, so pass `blockStarts` for local days across DST changes).
   */
  readonly blockStarts?: readonly number[];
}

function invalid(field: string, message: string): EspiError {
  return new EspiError('invalid-input', field, message);
}

function wholeNumber(value: number, field: string, positive = false): number {
  if (!Number.isSafeInteger(value)) throw invalid(field, positive ? MESSAGES.positiveInteger(field) : MESSAGES.safeInteger(field));
  if (positive && value <= 0) throw invalid(field, MESSAGES.positiveInteger(field));
  return value;
}

function whOf(value: bigint | number, field: string): bigint {
  if (typeof value !== 'bigint' && !(typeof value === 'number' && Number.isSafeInteger(value))) throw invalid(field, MESSAGES.int48(field));
  const wh = BigInt(value);
  if (wh > INT48_MAX || wh < INT48_MIN) throw invalid(field, MESSAGES.int48(field));
  return wh;
}

function nonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, MESSAGES.nonEmptyString(field));
  return value;
}

interface Reading {
  readonly start: number;
  readonly seconds: number;
  readonly wh: bigint;
  readonly qualities: readonly string[];
}

function checkedReadings(input: EspiWriteInput): Reading[] {
  // A plain boolean, not Array.isArray's type guard, which would widen the readonly array to any[].
  const isList: boolean = Array.isArray(input.readings);
  if (!isList) throw invalid('readings', MESSAGES.required('readings'));
  let previousEnd = -Infinity;
  return input.readings.map((r, i) => {
    const field = `readings[${i}]`;
    const start = wholeNumber(r.start, `${field}.start`);
    const seconds = wholeNumber(r.seconds, `${field}.seconds`, true);
    if (start < previousEnd) throw invalid(`${field}.start`, MESSAGES.ascending(`${field}.start`));
    previousEnd = start + seconds;
    const qualities = (r.qualities ?? NO_QUALITIES).map((q, j) => {
      if (typeof q !== 'string' || !/^\d+$/.test(q)) throw invalid(`${field}.qualities[${j}]`, MESSAGES.qualityCode(`${field}.qualities[${j}]`));
      return q;
    });
    return { start, seconds, wh: whOf(r.wh, `${field}.wh`), qualities };
  });
}

function splitIntoBlocks(readings: readonly Reading[], input: EspiWriteInput): Reading[][] {
  const blocks: Reading[][] = [];
  let currentKey: number | undefined;
  const keyOf = blockKey(input);
  readings.forEach((r, i) => {
    const key = keyOf(r.start, `readings[${i}]`);
    if (key !== currentKey) blocks.push([]);
    currentKey = key;
    blocks[blocks.length - 1].push(r);
  });
  return blocks;
}

function blockKey(input: EspiWriteInput): (start: number, field: string) => number {
  const starts = input.blockStarts;
  if (starts === undefined) {
    const offset = input.localTimeParameters?.tzOffset ?? 0;
    return (start) => Math.floor((start + offset) / DAY_SECONDS);
  }
  starts.forEach((s, i) => {
    wholeNumber(s, `blockStarts[${i}]`);
    if (i > 0 && s <= starts[i - 1]) throw invalid('blockStarts', MESSAGES.blockStarts('blockStarts'));
  });
  // Binary search: the last block start at or before the reading's start.
  return (start, field) => {
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] <= start) low = mid + 1;
      else high = mid;
    }
    if (low === 0) throw invalid(field, MESSAGES.beforeFirstBlock(field));
    return low - 1;
  };
}

function checkedLocalTime(ltp: WriteLocalTimeParameters): WriteLocalTimeParameters {
  wholeNumber(ltp.tzOffset, 'localTimeParameters.tzOffset');
  wholeNumber(ltp.dstOffset, 'localTimeParameters.dstOffset');
  for (const rule of ['dstStartRule', 'dstEndRule'] as const) {
    const field = `localTimeParameters.${rule}`;
    if (typeof ltp[rule] !== 'string' || !/^[0-9A-Fa-f]{1,8}$/.test(ltp[rule])) throw invalid(field, MESSAGES.hexRule(field));
  }
  return ltp;
}

/** An element under construction (xmlbuilder2 does not export its builder type from the package root). */
type XMLBuilder = ReturnType<typeof create>;

/** Appends an Atom entry with its id (a name-based UUID of its self href), links, title and ESPI content. */
function entry(feed: XMLBuilder, updated: string, self: string, up: string, related: readonly string[], title: string): XMLBuilder {
  const e = feed.ele(ATOM, 'entry');
  e.ele(ATOM, 'id').txt(`urn:uuid:${uuidV5(self)}`);
  e.ele(ATOM, 'link').att('rel', 'self').att('href', self);
  e.ele(ATOM, 'link').att('rel', 'up').att('href', up);
  for (const href of related) e.ele(ATOM, 'link').att('rel', 'related').att('href', href);
  e.ele(ATOM, 'title').txt(title);
  const content = e.ele(ATOM, 'content');
  e.ele(ATOM, 'published').txt(updated);
  e.ele(ATOM, 'updated').txt(updated);
  return content;
}

const espi = (parent: XMLBuilder, name: string) => parent.ele(ESPI, `espi:${name}`);
const leaf = (parent: XMLBuilder, name: string, text: string | number | bigint) => espi(parent, name).txt(String(text));

/**
 * Writes one usage point's readings as an ESPI Atom feed (UTF-8 XML text): UsagePoint, optional LocalTimeParameters,
 * MeterReading, ReadingType (integer Wh, deltaData) and IntervalBlocks (one per day, or as `blockStarts` says). ESPI
 * element order follows the espi.xsd sequences. `parseEspi` of the result gives back the same readings and resolves
 * every block to the ReadingType through the links.
 *
 * @throws {@link EspiError} `invalid-input` naming the field (`readings[3].wh`, `usagePoint.id`, ...) for bad input:
 * readings out of order or overlapping, a non-integer or out-of-Int48 Wh value, a non-positive duration, ...
 */
export function writeEspi(input: EspiWriteInput): string {
  const updated = nonEmpty(input.updated, 'updated');
  if (Number.isNaN(Date.parse(updated))) throw invalid('updated', MESSAGES.instant('updated'));
  const id = nonEmpty(input.usagePoint?.id, 'usagePoint.id');
  const title = nonEmpty(input.usagePoint?.title, 'usagePoint.title');
  const commodity = input.usagePoint.commodity ?? 'electricity';
  if (!Object.hasOwn(COMMODITIES, commodity)) throw invalid('usagePoint.commodity', MESSAGES.oneOf('usagePoint.commodity', Object.keys(COMMODITIES)));
  const flow = input.flowDirection ?? 'import';
  if (!Object.hasOwn(FLOW_DIRECTION, flow)) throw invalid('flowDirection', MESSAGES.oneOf('flowDirection', Object.keys(FLOW_DIRECTION)));
  const intervalLength = wholeNumber(input.intervalLength, 'intervalLength', true);
  const ltp = input.localTimeParameters && checkedLocalTime(input.localTimeParameters);
  const blocks = splitIntoBlocks(checkedReadings(input), input);

  const base = (input.baseUrl ?? '/espi/1_1/resource').replace(/\/+$/, '');
  const key = encodeURIComponent(id);
  const usagePoint = `${base}/UsagePoint/${key}`;
  const localTime = `${base}/LocalTimeParameters/${key}`;
  const meterReading = `${usagePoint}/MeterReading/1`;
  const readingType = `${base}/ReadingType/${key}`;

  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const feed = doc.ele(ATOM, 'feed').att(XMLNS, 'xmlns:espi', ESPI);
  feed.ele(ATOM, 'id').txt(`urn:uuid:${uuidV5(`${usagePoint}#feed`)}`);
  feed.ele(ATOM, 'title').txt('Green Button Usage Feed');
  feed.ele(ATOM, 'updated').txt(updated);
  feed.ele(ATOM, 'link').att('rel', 'self').att('href', `${usagePoint}/feed`);

  const point = espi(entry(feed, updated, usagePoint, `${base}/UsagePoint`, [`${usagePoint}/MeterReading`, ...(ltp ? [localTime] : [])], title), 'UsagePoint');
  leaf(espi(point, 'ServiceCategory'), 'kind', COMMODITIES[commodity].serviceKind);

  if (ltp) {
    const l = espi(entry(feed, updated, localTime, `${base}/LocalTimeParameters`, [], 'Local time parameters'), 'LocalTimeParameters');
    leaf(l, 'dstEndRule', ltp.dstEndRule);
    leaf(l, 'dstOffset', ltp.dstOffset);
    leaf(l, 'dstStartRule', ltp.dstStartRule);
    leaf(l, 'tzOffset', ltp.tzOffset);
  }

  const direction = flow === 'import' ? 'delivered' : 'received';
  espi(
    entry(feed, updated, meterReading, `${usagePoint}/MeterReading`, [`${meterReading}/IntervalBlock`, readingType], `Energy ${direction} (Wh)`),
    'MeterReading',
  );

  const rt = espi(entry(feed, updated, readingType, `${base}/ReadingType`, [], `Energy ${direction} (Wh)`), 'ReadingType');
  leaf(rt, 'accumulationBehaviour', ACCUMULATION_DELTA_DATA);
  leaf(rt, 'commodity', COMMODITIES[commodity].commodity);
  leaf(rt, 'flowDirection', FLOW_DIRECTION[flow]);
  leaf(rt, 'intervalLength', intervalLength);
  leaf(rt, 'kind', KIND_ENERGY);
  leaf(rt, 'powerOfTenMultiplier', 0);
  leaf(rt, 'uom', UOM_WH);

  blocks.forEach((readings, i) => {
    const first = readings[0];
    const last = readings[readings.length - 1];
    const content = entry(
      feed,
      updated,
      `${meterReading}/IntervalBlock/${i + 1}`,
      `${meterReading}/IntervalBlock`,
      [],
      `IntervalBlock ${isoInstant(first.start)}`,
    );
    const block = espi(content, 'IntervalBlock');
    const interval = espi(block, 'interval');
    leaf(interval, 'duration', last.start + last.seconds - first.start);
    leaf(interval, 'start', first.start);
    for (const r of readings) {
      const reading = espi(block, 'IntervalReading');
      for (const q of r.qualities) leaf(espi(reading, 'ReadingQuality'), 'quality', q);
      const period = espi(reading, 'timePeriod');
      leaf(period, 'duration', r.seconds);
      leaf(period, 'start', r.start);
      leaf(reading, 'value', r.wh);
    }
  });
  return doc.end({ prettyPrint: true });
}
