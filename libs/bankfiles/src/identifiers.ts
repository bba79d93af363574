/**
 * Checks of the identifiers bank files carry: IBAN (ISO 13616, mod 97-10), BIC (ISO 9362), the SEPA creditor
 * identifier (EPC262-08, mod 97-10 like an IBAN) and the US ABA routing number (check digit with weights 3, 7, 1).
 */

/** ISO 7064 mod 97-10 of a string of digits and letters (A = 10 … Z = 35), computed piecewise: no big integers needed. */
function mod97(text: string): number {
  let remainder = 0;
  for (const ch of text) {
    const value = parseInt(ch, 36);
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

/** True for an IBAN in electronic form (no spaces, capitals) whose check digits are right. */
export function isIban(iban: string): boolean {
  return IBAN_SHAPE.test(iban) && mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** BIC: 4-letter institution, 2-letter country, 2-character location, optional 3-character branch (the pain.008 XSD's pattern). */
export const BIC_PATTERN = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;

/** True for a BIC of 8 or 11 characters. */
export function isBic(bic: string): boolean {
  return BIC_PATTERN.test(bic);
}

const CREDITOR_ID_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/;

/**
 * True for a SEPA creditor identifier: country, two check digits, a three-character business code the check ignores,
 * and the national identifier (`DE98ZZZ09999999999`, `NL32ZZZ999999990000`).
 */
export function isCreditorId(id: string): boolean {
  return CREDITOR_ID_SHAPE.test(id) && id.length <= 35 && mod97(id.slice(7) + id.slice(0, 4)) === 1;
}

/** True for a 9-digit ABA routing number whose last digit checks (3·d1 + 7·d2 + d3 + 3·d4 … ≡ 0 mod 10). */
export function isRoutingNumber(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  return [...routing].reduce((sum, d, i) => sum + Number(d) * weights[i], 0) % 10 === 0;
}
