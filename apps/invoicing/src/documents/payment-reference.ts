/**
 * ISO 11649 structured creditor references ("RF references"): `RF`, two check digits and up to 21
 * letters and digits. The payer quotes it with the payment; the check digits (ISO 7064 MOD 97-10, as
 * in an IBAN) catch mistyped references before payments has to match them. Pure.
 */

const MAX_REFERENCE = 21;

/** Messages of refused references, as constants. */
export const ReferenceMessages = {
  empty: 'a creditor reference needs at least one letter or digit',
  tooLong: `a creditor reference holds at most ${MAX_REFERENCE} letters and digits`,
} as const;

/** The remainder mod 97 of a string of letters (A=10 ... Z=35) and digits, read as one big number. */
function mod97(text: string): number {
  let rest = 0;
  for (const ch of text) {
    const value = /[0-9]/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    // Digit by digit keeps every intermediate below 97 × 10: exact in any number type.
    for (const digit of value) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest;
}

/**
 * The RF creditor reference of a document number: its letters and digits (dashes dropped, upper
 * case) after `RF` and check digits, e.g. `INV-000000042` gives `RF10INV000000042`.
 * @throws RangeError when the number has no letter or digit, or more than 21.
 */
export function creditorReference(documentNumber: string): string {
  const reference = documentNumber.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (reference.length === 0) throw new RangeError(ReferenceMessages.empty);
  if (reference.length > MAX_REFERENCE) throw new RangeError(ReferenceMessages.tooLong);
  // The check digits make (reference + "RF" + check) ≡ 1 (mod 97).
  const check = 98 - mod97(`${reference}RF00`);
  return `RF${String(check).padStart(2, '0')}${reference}`;
}

/** Whether `text` (spaces allowed) is a well-formed RF creditor reference with valid check digits. */
export function isCreditorReference(text: string): boolean {
  const compact = text.replace(/ /g, '').toUpperCase();
  if (!/^RF[0-9]{2}[A-Z0-9]{1,21}$/.test(compact)) return false;
  return mod97(`${compact.slice(4)}${compact.slice(0, 4)}`) === 1;
}

/** The reference in groups of four, as printed for people to type: `RF10 INV0 0000 0042`. */
export function printedReference(reference: string): string {
  return reference.replace(/(.{4})(?=.)/g, '$1 ');
}
