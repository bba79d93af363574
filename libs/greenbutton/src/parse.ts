/**
 * `parseEspi`: a Green Button document (an Atom `feed`, a single Atom `entry`, or a bare ESPI element) into its ESPI
 * resources. Values are kept as written; nothing is sorted, summed or converted.
 */
import { EspiParseError, MESSAGES, type EspiErrorCode } from './errors';
import { resolveReadingType } from './links';
import type {
  EntryRef,
  EspiDocument,
  EspiFields,
  IntervalBlock,
  IntervalReading,
  LocalTimeParameters,
  RawElement,
  ReadingType,
  TimePeriod,
  UsagePoint,
  UsageSummary,
} from './model';
import { child, childrenNamed, readXml, type XmlNode } from './xml';

/** The ESPI resources `parseEspi` reads, inside an Atom `content` or as the document's root element. */
export const ESPI_RESOURCES = [
  'IntervalBlock',
  'ReadingType',
  'MeterReading',
  'UsagePoint',
  'LocalTimeParameters',
  'UsageSummary',
  'ElectricPowerUsageSummary',
] as const;

const RESOURCE_NAMES: ReadonlySet<string> = new Set(ESPI_RESOURCES);

// Unix seconds that a JS Date can hold (±8.64e15 ms), so every start can be written as an ISO instant.
const MAX_INSTANT_SECONDS = 8_640_000_000_000;

/** An integer as XML Schema writes one (xs:long, ESPI Int48/Int64/UInt32): optional sign, decimal digits. */
const INTEGER = /^[+-]?\d+$/;

interface Located {
  readonly node: XmlNode;
  readonly entry?: EntryRef;
}

function fail(code: EspiErrorCode, path: string, message: string, entry: EntryRef | undefined): never {
  throw new EspiParseError(code, path, entry?.title ? MESSAGES.inEntry(message, entry.title) : message);
}

function required(parent: XmlNode, name: string, entry: EntryRef | undefined): XmlNode {
  const node = child(parent, name);
  return node ?? fail('missing-element', `${parent.path}/${name}`, MESSAGES.missing(`${parent.path}/${name}`), entry);
}

/** The element's text if it is an integer; the string as written. */
function integerText(node: XmlNode, entry: EntryRef | undefined): string {
  return INTEGER.test(node.text) ? node.text : fail('invalid-number', node.path, MESSAGES.integer(node.path, node.text), entry);
}

/** ESPI `TimeType` (`start`): Unix seconds. */
function instant(node: XmlNode, entry: EntryRef | undefined): number {
  const seconds = Number(integerText(node, entry));
  if (!Number.isSafeInteger(seconds) || Math.abs(seconds) > MAX_INSTANT_SECONDS) {
    fail('invalid-number', node.path, MESSAGES.instantRange(node.path, node.text), entry);
  }
  return seconds;
}

/** ESPI `UInt32` (`duration`): seconds, not negative. */
function duration(node: XmlNode, entry: EntryRef | undefined): number {
  const seconds = INTEGER.test(node.text) ? Number(node.text) : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 0) fail('invalid-number', node.path, MESSAGES.nonNegativeInteger(node.path, node.text), entry);
  return seconds;
}

/** An ESPI `DateTimeInterval`: `interval` of a block or `timePeriod` of a reading; both children required. */
function timePeriod(node: XmlNode, entry: EntryRef | undefined): TimePeriod {
  return { start: instant(required(node, 'start', entry), entry), duration: duration(required(node, 'duration', entry), entry) };
}

function intervalReading(node: XmlNode, entry: EntryRef | undefined): IntervalReading {
  const period = timePeriod(required(node, 'timePeriod', entry), entry);
  const value = integerText(required(node, 'value', entry), entry);
  const costNode = child(node, 'cost');
  const cost = costNode ? integerText(costNode, entry) : undefined;
  const qualities = childrenNamed(node, 'ReadingQuality').map((q) => {
    const code = required(q, 'quality', entry);
    return /^\d+$/.test(code.text) ? code.text : fail('invalid-number', code.path, MESSAGES.nonNegativeInteger(code.path, code.text), entry);
  });
  return { timePeriod: period, value, ...(cost === undefined ? {} : { cost }), ...(qualities.length === 0 ? {} : { qualities }) };
}

/** Text of the child elements by local name; nested children flattened with a dot; a repeated child keeps its first value. */
function fieldsOf(node: XmlNode): EspiFields {
  const out = new Map<string, string>();
  const walk = (n: XmlNode, prefix: string) => {
    for (const c of n.children) {
      const key = `${prefix}${c.name}`;
      if (c.children.length > 0) walk(c, `${key}.`);
      else if (!out.has(key)) out.set(key, c.text);
    }
  };
  walk(node, '');
  return Object.fromEntries(out);
}

function rawOf(node: XmlNode): RawElement {
  if (node.children.length === 0) return node.text;
  const out = new Map<string, RawElement[]>();
  for (const c of node.children) out.set(c.name, [...(out.get(c.name) ?? []), rawOf(c)]);
  return Object.fromEntries([...out].map(([name, values]) => [name, values.length === 1 ? values[0] : values]));
}

function entryRef(entry: XmlNode, index: number): EntryRef {
  const title = child(entry, 'title')?.text;
  // Atom: a link without rel is rel="alternate".
  const links = childrenNamed(entry, 'link')
    .map((l) => ({ rel: l.attributes.rel ?? 'alternate', href: (l.attributes.href ?? '').trim() }))
    .filter((l) => l.href !== '');
  const self = links.find((l) => l.rel === 'self')?.href;
  const up = links.find((l) => l.rel === 'up')?.href;
  const related = [...new Set(links.filter((l) => l.rel === 'related').map((l) => l.href))];
  return { index, ...(title ? { title } : {}), ...(self === undefined ? {} : { self }), ...(up === undefined ? {} : { up }), related };
}

function entryResources(entry: XmlNode, index: number): Located[] {
  const ref = entryRef(entry, index);
  const content = child(entry, 'content');
  return content ? content.children.filter((c) => RESOURCE_NAMES.has(c.name)).map((node) => ({ node, entry: ref })) : [];
}

function located(root: XmlNode): Located[] {
  if (root.name === 'feed') return childrenNamed(root, 'entry').flatMap((e, i) => entryResources(e, i + 1));
  if (root.name === 'entry') return entryResources(root, 1);
  if (RESOURCE_NAMES.has(root.name)) return [{ node: root }];
  throw new EspiParseError('not-espi', root.path, MESSAGES.notEspi(root.name, ['feed', 'entry', ...ESPI_RESOURCES]));
}

const withEntry = (entry: EntryRef | undefined) => (entry === undefined ? {} : { entry });

/**
 * Reads a Green Button / NAESB ESPI XML document: an Atom `feed` of entries, a single Atom `entry`, or a bare ESPI
 * element (`IntervalBlock`, `ReadingType`, `UsageSummary`, `LocalTimeParameters`, ...), with or without namespace
 * prefixes (`espi:`, `ns0:`, a default namespace). Every list is in document order and every value is the string
 * written. Each interval block gets the ReadingType its Atom links lead to (block → MeterReading → ReadingType),
 * else the only ReadingType of the document, else none (see `IntervalBlock.readingTypeResolution`).
 *
 * @throws {@link EspiParseError} for a document that is not well-formed XML (with line and column), whose root is not
 * Atom or ESPI, or where an `IntervalReading` lacks `timePeriod`, `start`, `duration` or `value`, or one of those (or
 * `cost`, an `interval`'s `start`/`duration`, a `ReadingQuality`'s `quality`) is not an integer; the message names
 * the element path and the entry's title.
 */
export function parseEspi(xml: string): EspiDocument {
  const resources = located(readXml(xml));
  const of = (...names: string[]) => resources.filter((r) => names.includes(r.node.name));

  const readingTypes: ReadingType[] = of('ReadingType').map(({ node, entry }) => ({ path: node.path, ...withEntry(entry), fields: fieldsOf(node) }));
  const meterReadings = of('MeterReading').flatMap((r) => (r.entry ? [r.entry] : []));
  const intervalBlocks: IntervalBlock[] = of('IntervalBlock').map(({ node, entry }) => {
    const intervalNode = child(node, 'interval');
    const readings = childrenNamed(node, 'IntervalReading').map((r) => intervalReading(r, entry));
    const { readingType, resolution } = resolveReadingType(entry, meterReadings, readingTypes);
    return {
      path: node.path,
      ...withEntry(entry),
      ...(intervalNode ? { interval: timePeriod(intervalNode, entry) } : {}),
      readings,
      ...(readingType ? { readingType } : {}),
      readingTypeResolution: resolution,
    };
  });
  const firstLocalTime = of('LocalTimeParameters')[0];
  const localTimeParameters: LocalTimeParameters | undefined = firstLocalTime && {
    path: firstLocalTime.node.path,
    ...withEntry(firstLocalTime.entry),
    fields: fieldsOf(firstLocalTime.node),
  };
  const usageSummaries: UsageSummary[] = of('UsageSummary', 'ElectricPowerUsageSummary').map(({ node, entry }) => ({
    path: node.path,
    ...withEntry(entry),
    element: node.name,
    content: rawOf(node),
  }));
  const usagePoints: UsagePoint[] = of('UsagePoint').map(({ node, entry }) => {
    const category = child(node, 'ServiceCategory');
    const kind = category ? child(category, 'kind')?.text : undefined;
    return { path: node.path, ...withEntry(entry), ...(kind ? { serviceCategoryKind: kind } : {}) };
  });
  return { readingTypes, intervalBlocks, ...(localTimeParameters ? { localTimeParameters } : {}), usageSummaries, usagePoints };
}
