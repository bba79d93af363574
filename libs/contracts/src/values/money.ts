import { Type, type Static } from '@sinclair/typebox';
import { Strict } from './schema';

/** The pattern of a decimal string amount: an optional minus sign, digits without leading zeros, optional fraction. */
export const DECIMAL_PATTERN = '^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$';

/** The pattern of an ISO 4217 alphabetic currency code. */
export const CURRENCY_PATTERN = '^[A-Z]{3}$';

const decimalRe = new RegExp(DECIMAL_PATTERN);
const currencyRe = new RegExp(CURRENCY_PATTERN);

/** Schema of a decimal string amount. */
export const DecimalSchema = Type.String({
  pattern: DECIMAL_PATTERN,
  description: 'An exact decimal number as a string, e.g. "123.45" or "-0.5".',
});

/** Schema of an ISO 4217 currency code. */
export const CurrencySchema = Type.String({
  pattern: CURRENCY_PATTERN,
  description: 'An ISO 4217 alphabetic currency code, e.g. "USD".',
});

/** Schema of {@link Money}. */
export const MoneySchema = Strict(
  // `amount`: a decimal string such as "123.45", "-0.5" or "7" (optional minus, no exponent, no plus sign).
  // `currency`: an ISO 4217 alphabetic code, three capital letters.
  { amount: DecimalSchema, currency: CurrencySchema },
  { description: 'An exact amount of money: a decimal string and an ISO 4217 currency code.' },
);

/**
 * An exact amount of money on the wire: a decimal string and an ISO 4217 currency code.
 * Never a JS number: services parse `amount` with big.js.
 *
 * @example { amount: '123.45', currency: 'USD' }
 */
export type Money = Static<typeof MoneySchema>;

/** True when `value` is a decimal string as the `amount` of {@link Money} requires. */
export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && decimalRe.test(value);
}

/** True when `value` is a {@link Money} with nothing else in it. */
export function isMoney(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const m = value as Record<string, unknown>;
  return keys.length === 2 && isDecimalString(m.amount) && typeof m.currency === 'string' && currencyRe.test(m.currency);
}
