/**
 * Account numbers: a zero-padded sequence number followed by a Luhn (mod 10) check digit, so a
 * mistyped digit or a swap of two neighbouring digits is caught before a lookup.
 */
export const ACCOUNT_NUMBER_BODY_DIGITS = 9;

/** The Luhn check digit of a string of digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Double every second digit counting from the right, starting with the rightmost.
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** The account number of the n-th account: 9 digits and a check digit, e.g. 1 -> `0000000018`. */
export function accountNumberOf(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence >= 10 ** ACCOUNT_NUMBER_BODY_DIGITS) {
    throw new RangeError(`account sequence ${sequence} is out of range`);
  }
  const body = String(sequence).padStart(ACCOUNT_NUMBER_BODY_DIGITS, '0');
  return `${body}${luhnCheckDigit(body)}`;
}

/** True when `value` is digits whose last one is the Luhn check digit of the others. */
export function isValidAccountNumber(value: string): boolean {
  return /^[0-9]{6,20}$/.test(value) && luhnCheckDigit(value.slice(0, -1)) === Number(value.slice(-1));
}
