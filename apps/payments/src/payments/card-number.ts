/**
 * A card number (PAN) never enters the system: a body that carries something that looks like one is
 * refused before anything is stored or logged. "Looks like one": 13 to 19 digits as a card prints
 * them that pass the Luhn check (ISO/IEC 7812). Pure.
 */

/**
 * A number as a card shows it: 13-19 digits in one run, or in the groups cards are printed in
 * (4-4-4-4[-3], Amex 4-6-5) with single spaces or dashes. A UUID's digit groups (8-4-4-4-12) or an
 * IBAN's are not card groupings, so ids and bank accounts are not mistaken for cards.
 */
const CANDIDATES = [
  /(?<![\dA-Za-z-])\d{13,19}(?![\dA-Za-z-])/g,
  /(?<![\dA-Za-z-])\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?(?![\dA-Za-z-])/g,
  /(?<![\dA-Za-z-])\d{4}[ -]\d{6}[ -]\d{5}(?![\dA-Za-z-])/g,
];

/** The Luhn check of a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function stringHasCardNumber(s: string): boolean {
  for (const re of CANDIDATES)
    for (const m of s.matchAll(re)) {
      const digits = m[0].replace(/[ -]/g, '');
      if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits) && !/^(\d)\1+$/.test(digits)) return true;
    }
  return false;
}

/** Whether any string or number anywhere in a value looks like a card number. */
export function containsCardNumber(value: unknown): boolean {
  if (typeof value === 'string') return stringHasCardNumber(value);
  if (typeof value === 'number') return stringHasCardNumber(String(value));
  if (Array.isArray(value)) return value.some(containsCardNumber);
  if (value && typeof value === 'object') return Object.values(value).some(containsCardNumber);
  return false;
}
