import type { Address } from '@utilia/contracts';

/**
 * The form two writings of one address share: every part, lower case, with punctuation and runs
 * of spaces folded to one space ("12, Elm St." and "12 elm st" are the same premise). Letters of
 * any script are kept.
 */
export function addressKey(a: Address): string {
  return [a.line1, a.line2, a.city, a.region, a.postalCode, a.country]
    .filter((part): part is string => Boolean(part))
    .join(' ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
