/**
 * Every message the rating library can raise, in one place.
 *
 * Messages name the offending field with a JSON-path-like address
 * (`energyratestructure[1][0].rate`, `calendar.timeZone`) so that a caller can point a user at it.
 */

/** Machine-readable error codes. */
export type RatingErrorCode = 'invalid-field' | 'missing-field' | 'unsupported-value' | 'inconsistent-input';

/** Templates for the error messages, keyed by rule. */
export const MESSAGES = {
  decimal: (field: string) => `${field} must be a decimal number`,
  nonNegativeDecimal: (field: string) => `${field} must be a decimal number >= 0`,
  integer: (field: string) => `${field} must be an integer`,
  positiveInteger: (field: string) => `${field} must be a positive integer`,
  required: (field: string) => `${field} is required`,
  array: (field: string) => `${field} must be an array`,
  nonEmptyArray: (field: string) => `${field} must be a non-empty array`,
  object: (field: string) => `${field} must be an object`,
  string: (field: string) => `${field} must be a string`,
  boolean: (field: string) => `${field} must be a boolean`,
  oneOf: (field: string, allowed: readonly string[]) => `${field} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
  schedule: (field: string) => `${field} must be 12 rows (months) of 24 period indexes (hours)`,
  periodIndex: (field: string, count: number) => `${field} must be a period index from 0 to ${count - 1}`,
  tierOrder: (field: string) => `${field} must be greater than the previous tier's limit`,
  lastTierOpen: (field: string) => `${field} must be set on every tier but the last`,
  localDate: (field: string) => `${field} must be a local date YYYY-MM-DD`,
  localDateTime: (field: string) => `${field} must be a local date-time YYYY-MM-DDTHH:mm[:ss]`,
  instant: (field: string) => `${field} must be an ISO-8601 instant with a zone offset (e.g. 2024-01-01T05:00:00Z)`,
  timeZone: (field: string) => `${field} must be an IANA time zone (e.g. America/New_York)`,
  currency: (field: string) => `${field} must be an ISO 4217 currency code`,
  periodOrder: (field: string) => `${field} must be after the period start`,
  whValue: (field: string) => `${field} must hold integer watt-hours`,
  intervalMinutes: (field: string) => `${field} must be a positive integer number of minutes that divides 1440`,
  sameInterval: (field: string) => `${field} must have the same start and interval length as the load`,
  sameSpan: (field: string) => `${field} must cover the same time span as the load`,
  bankByPeriod: (field: string) => `${field} must not hold more kWh than history.netMeteringBankKwh, the whole bank`,
  noVersion: (field: string) => `${field}: no tariff version is in force over the billing period`,
  versionOverlap: (field: string) => `${field} must not overlap the previous version`,
  registersByPeriod: (field: string) => `${field} must give one value per TOU period of the tariff`,
  noUsage: (field: string) => `${field} must hold an interval series or register totals`,
  loadValue: (field: string) => `${field} must be a decimal number`,
  emptyProfile: (field: string) => `${field} must hold at least one value`,
  json: (field: string) => `${field} is not valid JSON`,
  file: (field: string) => `${field} cannot be read`,
} as const;

/**
 * The one error type of the library: bad input (a malformed rate, scenario or usage).
 * `field` is the address of the offending value.
 */
export class RatingInputError extends Error {
  /** @param code machine-readable kind; @param field address of the bad value; @param message full text */
  constructor(
    readonly code: RatingErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'RatingInputError';
  }
}

/** Builds a {@link RatingInputError} for an invalid field from a message template. */
export function invalid(field: string, message: string, code: RatingErrorCode = 'invalid-field'): RatingInputError {
  return new RatingInputError(code, field, message);
}
