/**
 * Every message the Green Button library can raise, in one place.
 *
 * Messages say where: an element path such as `feed/entry[3]/content/IntervalBlock/IntervalReading[2]/timePeriod/start`
 * (local names, namespace prefixes dropped; `[n]` is the 1-based position among siblings of the same name, always
 * given for `entry` and `IntervalReading`), followed by the Atom entry's title when it has one, or a field of the
 * writer's input such as `readings[4].wh`.
 */

/** Machine-readable error codes. */
export type EspiErrorCode =
  'not-xml' | 'not-espi' | 'missing-element' | 'invalid-number' | 'missing-uom' | 'unsupported-uom' | 'invalid-multiplier' | 'fractional-wh' | 'invalid-input';

/** Templates for the error messages, keyed by rule. */
export const MESSAGES = {
  empty: () => 'the document is empty: no root element',
  notWellFormed: (line: number | undefined, column: number | undefined, detail: string) =>
    `not well-formed XML${line === undefined ? '' : ` at line ${line}${column === undefined ? '' : `, column ${column}`}`}: ${detail}`,
  severalRoots: (names: readonly string[]) => `not well-formed XML: more than one root element (${names.join(', ')})`,
  notEspi: (root: string, known: readonly string[]) =>
    `${root}: the root element is neither an Atom feed or entry nor an ESPI element this library reads (${known.join(', ')})`,
  missing: (path: string) => `${path} is missing`,
  integer: (path: string, text: string) => `${path} must be an integer, found ${JSON.stringify(text)}`,
  nonNegativeInteger: (path: string, text: string) => `${path} must be a non-negative integer, found ${JSON.stringify(text)}`,
  instantRange: (path: string, text: string) => `${path} is out of range for a Unix time in seconds, found ${JSON.stringify(text)}`,
  inEntry: (message: string, title: string) => `${message} (entry ${JSON.stringify(title)})`,
  missingUom: (path: string) => `${path}: the ReadingType has no uom`,
  power: (path: string) => `${path}: uom 38 (W) is power, not energy; readings in W cannot be turned into Wh without knowing how they were averaged`,
  unsupportedUom: (path: string, uom: string, name: string | undefined) =>
    `${path}: uom ${uom}${name === undefined ? '' : ` (${name})`} is not energy in watt-hours; only uom 72 (Wh) is converted`,
  multiplier: (path: string, text: string) => `${path}: powerOfTenMultiplier must be an integer from -12 to 12, found ${JSON.stringify(text)}`,
  fractionalWh: (path: string, start: number, exact: string) =>
    `${path}: the reading starting at ${start} is ${exact} Wh, not a whole number of watt-hours (negative powerOfTenMultiplier); use scaledValue for the exact decimal`,
  required: (field: string) => `${field} is required`,
  nonEmptyString: (field: string) => `${field} must be a non-empty string`,
  positiveInteger: (field: string) => `${field} must be a positive integer`,
  safeInteger: (field: string) => `${field} must be an integer (a safe JS integer)`,
  int48: (field: string) => `${field} must be an integer Wh value that fits ESPI's Int48 (from -2^47 to 2^47 - 1)`,
  instant: (field: string) => `${field} must be an ISO-8601 date-time such as 2025-01-01T00:00:00Z`,
  oneOf: (field: string, allowed: readonly string[]) => `${field} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
  ascending: (field: string) => `${field} must start at or after the end of the previous reading (readings in ascending order, no overlap)`,
  blockStarts: (field: string) => `${field} must be strictly ascending integers`,
  beforeFirstBlock: (field: string) => `${field} starts before the first of blockStarts`,
  hexRule: (field: string) => `${field} must be an ESPI DstRuleType: 1 to 8 hexadecimal digits`,
  qualityCode: (field: string) => `${field} must be a ReadingQuality code: a non-negative integer written in decimal`,
} as const;

/**
 * The base error of the library. `where` is the element path (parsing, conversion) or the input field (writing).
 */
export class EspiError extends Error {
  /** @param code machine-readable kind; @param where element path or input field; @param message full text */
  constructor(
    readonly code: EspiErrorCode,
    readonly where: string,
    message: string,
  ) {
    super(message);
    this.name = 'EspiError';
  }
}

/** A document `parseEspi` cannot read: not well-formed XML, not Green Button, or an element it needs missing or unreadable. */
export class EspiParseError extends EspiError {
  /** @param code machine-readable kind; @param where element path; @param message full text, naming the path and entry */
  constructor(code: EspiErrorCode, where: string, message: string) {
    super(code, where, message);
    this.name = 'EspiParseError';
  }
}
