import BigJs from 'big.js';

/**
 * The library's own Big constructor: 40 significant decimals for the few divisions we need
 * (proportional tier shares, kW from Wh) and half-up rounding, without touching the global
 * `Big` settings other code may rely on.
 */
export const Big = BigJs();
Big.DP = 40;
Big.RM = Big.roundHalfUp;
/** A Big decimal of this library. */
export type Decimal = BigJs;

/** Zero, shared (Big values are immutable). */
export const ZERO = new Big(0);
/** One, shared. */
export const ONE = new Big(1);

/**
 * ISO 4217 currencies whose minor unit is not 2 decimals. Everything else rounds to cents.
 */
const MINOR_UNITS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Number of decimals of a currency's minor unit (2 for USD, 0 for JPY, 3 for KWD). */
export function minorUnitDigits(currency: string): number {
  return MINOR_UNITS[currency] ?? 2;
}

/** Rounds a money amount half-up (away from zero on a tie) to the currency's minor unit. */
export function roundMoney(amount: Decimal, currency: string): Decimal {
  return amount.round(minorUnitDigits(currency), Big.roundHalfUp);
}

/** Formats a money amount as a fixed decimal string with the currency's minor digits. */
export function formatMoney(amount: Decimal, currency: string): string {
  return roundMoney(amount, currency).toFixed(minorUnitDigits(currency));
}

/** An exact decimal string with no exponent and no trailing zeros ("-0" becomes "0"). */
export function exact(value: Decimal): string {
  const s = value.toFixed();
  return s === '-0' ? '0' : s;
}

/** A decimal string rounded half-up to `dp` places, trailing zeros trimmed. */
export function approx(value: Decimal, dp: number): string {
  // Fast path: already short enough (c holds the significant digits, e the exponent of the first one).
  if (value.c.length - value.e - 1 <= dp) return exact(value);
  return exact(value.round(dp, Big.roundHalfUp));
}

/** Sums a list of decimals exactly. */
export function sum(values: readonly Decimal[]): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** The larger of two decimals. */
export function maxOf(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}

/** The smaller of two decimals. */
export function minOf(a: Decimal, b: Decimal): Decimal {
  return a.lte(b) ? a : b;
}

/**
 * `n × 10^-places` for an integer `n`, exactly, without a division (the hot path turns bucket sums in Wh
 * into kWh this way: shifting a Big's decimal exponent is exact and cheap).
 */
export function shifted(n: number, places: number): Decimal {
  const b = new Big(n);
  if (n !== 0) b.e -= places;
  return b;
}

/** Kilowatt-hours from an integer number of watt-hours, exactly. */
export function kwhFromWh(wh: number): Decimal {
  return shifted(wh, 3);
}
