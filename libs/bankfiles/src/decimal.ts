/**
 * Exact amounts: bank files carry decimal strings (ISO 20022) or whole cents (NACHA); neither is ever a JS number here.
 */
import BigJs from 'big.js';

/** This library's Big constructor, so the global `Big` settings other code relies on are left alone. */
export const Big = BigJs();
/** A decimal of this library. */
export type Decimal = BigJs;

// ISO 4217 currencies whose minor unit is not two decimals; every other code has two.
const MINOR_UNIT_EXCEPTIONS: ReadonlyArray<readonly [number, string]> = [
  [0, 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'],
  [3, 'BHD IQD JOD KWD LYD OMR TND'],
  [4, 'CLF UYW'],
];
const MINOR_UNIT = new Map(MINOR_UNIT_EXCEPTIONS.flatMap(([digits, codes]) => codes.split(' ').map((code) => [code, digits] as const)));

/** Decimals of a currency's minor unit under ISO 4217: 2 for EUR and USD, 0 for JPY, 3 for KWD. */
export function currencyDigits(currency: string): number {
  return MINOR_UNIT.get(currency) ?? 2;
}

/** How many decimals `value` needs to be written exactly (`8.850` needs 2, `2700` needs 0). */
export function decimalsOf(value: Decimal): number {
  return Math.max(0, value.c.length - value.e - 1);
}

/**
 * `value` written with the currency's decimals (`8.850` EUR → `8.85`, `0` SEK → `0.00`, `2700` JPY → `2700`), or
 * with more when it has non-zero digits below the minor unit: an amount is never rounded here.
 */
export function formatAmount(value: Decimal, currency: string | null): string {
  return value.toFixed(Math.max(currency === null ? 2 : currencyDigits(currency), decimalsOf(value)));
}

// xs:decimal as ISO 20022 amounts use it (no sign: the direction is CdtDbtInd), e.g. "8.85", "2700", "18.150", ".5".
const UNSIGNED_DECIMAL = /^\+?(\d+(\.\d*)?|\.\d+)$/;

/** Reads an unsigned xs:decimal, or undefined when `text` is not one. */
export function readUnsignedDecimal(text: string): Decimal | undefined {
  return UNSIGNED_DECIMAL.test(text) ? new Big(text.replace(/^\+/, '')) : undefined;
}

/** Whole cents as a major-unit string with two decimals: 200000000n → `2000000.00`, -5n → `-0.05`. */
export function centsToMajor(cents: bigint): string {
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A decimal string with at most two decimals as whole cents: `12.3` → 1230n. Throws on anything else. */
export function majorToCents(amount: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!m) throw new RangeError(`not an amount with at most two decimals: ${JSON.stringify(amount)}`);
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}
