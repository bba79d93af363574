/**
 * What `parseEspi` returns: the ESPI resources of a Green Button document, with every value kept as the string the
 * document wrote (values and costs are ESPI Int48 and would lose digits in sums of JS numbers). Only instants and
 * durations, which are seconds well inside JS's safe integers, are numbers.
 */

/** The Atom `entry` an ESPI resource came from. */
export interface EntryRef {
  /** 1-based position of the entry in its feed (1 for a document whose root is an `entry`). */
  readonly index: number;
  /** Atom `title`, when not empty. */
  readonly title?: string;
  /** Atom `link rel="self"` href (the first one). */
  readonly self?: string;
  /** Atom `link rel="up"` href (the first one): the collection the resource belongs to. */
  readonly up?: string;
  /** Atom `link rel="related"` hrefs, in document order, without duplicates. */
  readonly related: readonly string[];
}

/**
 * Text of the child elements of an ESPI element, by local name, as written. Nested children are flattened with a dot
 * (`argument.numerator`); a child that repeats keeps its first value.
 */
export type EspiFields = Readonly<Record<string, string>>;

/** The `ReadingType` fields this library names; any other child element is kept too. */
export type ReadingTypeFields = EspiFields & {
  /** ESPI `uom` (UnitSymbolKind): 72 = Wh, 38 = W, 169 = therm, ... (see `UOM`). */
  readonly uom?: string;
  /** ESPI `powerOfTenMultiplier`: values are `value × 10^powerOfTenMultiplier` uom. */
  readonly powerOfTenMultiplier?: string;
  /** ESPI `intervalLength`: seconds per interval. */
  readonly intervalLength?: string;
  /** ESPI `flowDirection`: 1 = forward (delivered to the customer), 19 = reverse (received from the customer). */
  readonly flowDirection?: string;
  /** ESPI `accumulationBehaviour`: 4 = deltaData (interval consumption), 1 = bulkQuantity (register reads), ... */
  readonly accumulationBehaviour?: string;
  /** ESPI `commodity`: 1 = electricity secondary metered, 7 = natural gas, ... */
  readonly commodity?: string;
  /** ESPI `kind`: 12 = energy, 37 = power, 8 = demand, ... */
  readonly kind?: string;
  /** ESPI `currency`: ISO 4217 numeric code (840 = USD) of the readings' `cost`. */
  readonly currency?: string;
};

/** An ESPI `ReadingType`: what the values of the interval blocks that point at it measure. */
export interface ReadingType {
  /** Element path, for messages. */
  readonly path: string;
  /** The entry it came from; absent for a document whose root is the `ReadingType` itself. */
  readonly entry?: EntryRef;
  /** Its child elements' text. */
  readonly fields: ReadingTypeFields;
}

/** An ESPI `DateTimeInterval` (`interval` of a block, `timePeriod` of a reading). */
export interface TimePeriod {
  /** ESPI `start`: Unix time in seconds (UTC). */
  readonly start: number;
  /** ESPI `duration`: seconds. */
  readonly duration: number;
}

/** An ESPI `IntervalReading`. */
export interface IntervalReading {
  /** ESPI `timePeriod`: the interval the value covers. */
  readonly timePeriod: TimePeriod;
  /** ESPI `value`, an integer as written; multiply by 10^powerOfTenMultiplier of the ReadingType for the uom. */
  readonly value: string;
  /** ESPI `cost`, an integer as written, in hundred-thousandths of the ReadingType's currency; absent when not given. */
  readonly cost?: string;
  /** ESPI `ReadingQuality/quality` codes (17 = validated, 8 = estimated using reference day, ...), in document order; absent when none. */
  readonly qualities?: readonly string[];
}

/** How the ReadingType of an interval block was found. */
export type ReadingTypeResolution =
  /** The Atom links lead from the block to a MeterReading and from it to exactly one ReadingType. */
  | 'link'
  /** No link resolved, and the document holds a single ReadingType (or several with identical fields). */
  | 'only-in-document'
  /** The links lead to several ReadingTypes with different fields (for instance two under the same href): none is chosen. */
  | 'ambiguous'
  /** No link resolved and the document does not hold exactly one ReadingType. */
  | 'none';

/** An ESPI `IntervalBlock`: readings of one MeterReading. */
export interface IntervalBlock {
  /** Element path, for messages. */
  readonly path: string;
  /** The entry it came from; absent for a document whose root is the `IntervalBlock` itself. */
  readonly entry?: EntryRef;
  /** ESPI `interval`: the span the block claims to cover, when written. */
  readonly interval?: TimePeriod;
  /** Its readings in document order (feeds exist in descending time order: nothing is sorted). */
  readonly readings: readonly IntervalReading[];
  /** The ReadingType that applies, when it can be told (see `readingTypeResolution`); one of `EspiDocument.readingTypes`. */
  readonly readingType?: ReadingType;
  /** How `readingType` was found, or why it is absent. */
  readonly readingTypeResolution: ReadingTypeResolution;
}

/** ESPI `LocalTimeParameters`: the zone of the usage point (`tzOffset`, `dstOffset` in seconds; DST rules as hex bit maps). */
export interface LocalTimeParameters {
  /** Element path, for messages. */
  readonly path: string;
  /** The entry it came from. */
  readonly entry?: EntryRef;
  /** `dstEndRule`, `dstOffset`, `dstStartRule`, `tzOffset` as written. */
  readonly fields: EspiFields & { readonly tzOffset?: string; readonly dstOffset?: string; readonly dstStartRule?: string; readonly dstEndRule?: string };
}

/** An element kept as data: text for a leaf, an object of children by local name, an array for a repeated child. */
export type RawElement = string | { readonly [name: string]: RawElement | readonly RawElement[] };

/** An ESPI `UsageSummary` (or its ESPI 1.0 name `ElectricPowerUsageSummary`), kept raw. */
export interface UsageSummary {
  /** Element path, for messages. */
  readonly path: string;
  /** The entry it came from. */
  readonly entry?: EntryRef;
  /** `UsageSummary` or `ElectricPowerUsageSummary`. */
  readonly element: string;
  /** Its children, as written. */
  readonly content: RawElement;
}

/** An ESPI `UsagePoint`: the service delivery point the readings belong to. */
export interface UsagePoint {
  /** Element path, for messages. */
  readonly path: string;
  /** The entry it came from (its title is usually the address or the name of the point). */
  readonly entry?: EntryRef;
  /** ESPI `ServiceCategory/kind`: 0 = electricity, 1 = gas, 2 = water, ... (see `SERVICE_KIND`). */
  readonly serviceCategoryKind?: string;
}

/** A Green Button document: its ESPI resources, each list in document order. */
export interface EspiDocument {
  /** Every `ReadingType`. */
  readonly readingTypes: readonly ReadingType[];
  /** Every `IntervalBlock`, in document order. */
  readonly intervalBlocks: readonly IntervalBlock[];
  /** The first `LocalTimeParameters` of the document, when there is one. */
  readonly localTimeParameters?: LocalTimeParameters;
  /** Every `UsageSummary` / `ElectricPowerUsageSummary`, raw. */
  readonly usageSummaries: readonly UsageSummary[];
  /** Every `UsagePoint`. */
  readonly usagePoints: readonly UsagePoint[];
}
