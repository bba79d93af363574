/**
 * Small validators shared by the tariff compiler, the URDB importer and the scenario parser.
 * Each throws a {@link RatingInputError} naming the field.
 */
import { invalid, MESSAGES } from '../errors';
import { Big, type Decimal } from '../money';

const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses a decimal given as a string or a finite JSON number (URDB publishes numbers). */
export function decimal(value: unknown, field: string): Decimal {
  if (typeof value === 'number' && Number.isFinite(value)) return new Big(String(value));
  if (typeof value === 'string' && DECIMAL_RE.test(value.trim())) return new Big(value.trim());
  throw invalid(field, MESSAGES.decimal(field));
}

/** A decimal >= 0. */
export function nonNegative(value: unknown, field: string): Decimal {
  const d = decimal(value, field);
  if (d.lt(0)) throw invalid(field, MESSAGES.nonNegativeDecimal(field));
  return d;
}

/** An integer (number, not string). */
export function integer(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(field, MESSAGES.integer(field));
  return value;
}

/** A non-null, non-array object. */
export function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, MESSAGES.object(field));
  return value as Record<string, unknown>;
}

/** An array. */
export function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(field, MESSAGES.array(field));
  return value;
}

/** A non-empty array. */
export function nonEmptyArray(value: unknown, field: string): unknown[] {
  const a = array(value, field);
  if (a.length === 0) throw invalid(field, MESSAGES.nonEmptyArray(field));
  return a;
}

/** A string. */
export function string(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(field, MESSAGES.string(field));
  return value;
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(field, MESSAGES.oneOf(field, allowed), 'unsupported-value');
  }
  return value as T;
}

/** A 12 × 24 month-hour schedule of period indexes below `count`. */
export function schedule(value: unknown, count: number, field: string): number[][] {
  if (!Array.isArray(value) || value.length !== 12) throw invalid(field, MESSAGES.schedule(field));
  return value.map((row, m) => {
    if (!Array.isArray(row) || row.length !== 24) throw invalid(`${field}[${m}]`, MESSAGES.schedule(field));
    return row.map((p, h) => {
      const f = `${field}[${m}][${h}]`;
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= count) throw invalid(f, MESSAGES.periodIndex(f, count));
      return p;
    });
  });
}
