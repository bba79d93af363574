import fc from 'fast-check';
import { creditorReference, isCreditorReference, printedReference, ReferenceMessages } from './payment-reference';

describe('the payment reference (ISO 11649 RF creditor reference)', () => {
  it("checks the standard's own example, RF18 5390 0754 7034, and refuses it with a digit changed", () => {
    expect(isCreditorReference('RF18 5390 0754 7034')).toBe(true);
    expect(creditorReference('539007547034')).toBe('RF18539007547034');
    expect(isCreditorReference('RF18 5390 0754 7035')).toBe(false);
    expect(isCreditorReference('RF19 5390 0754 7034')).toBe(false);
  });

  it('is derived from the invoice number (letters and digits, dashes dropped) and printed in groups of four', () => {
    const reference = creditorReference('INV-000000042');
    expect(reference).toMatch(/^RF\d{2}INV000000042$/);
    expect(isCreditorReference(reference)).toBe(true);
    expect(printedReference(reference)).toBe(`${reference.slice(0, 4)} INV0 0000 0042`);
    expect(creditorReference('inv-000000042')).toBe(reference);
  });

  // MOD 97-10 catches every substitution of a digit by a digit or a letter by a letter (the number
  // changes by d × 10^k with 0 < |d| < 97, and 97 is prime).
  it('every reference made is valid, and a character mistyped for another of its kind is caught', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{1,21}$/), fc.nat(), fc.nat(), (ref, at, pick) => {
        const made = creditorReference(ref);
        expect(isCreditorReference(made)).toBe(true);
        const i = 4 + (at % ref.length);
        const kind = /[0-9]/.test(made[i]) ? '0123456789' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
        const other = kind[pick % kind.length];
        fc.pre(made[i] !== other);
        expect(isCreditorReference(made.slice(0, i) + other + made.slice(i + 1))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('a number with nothing to quote, or too long for the 21 characters, is refused', () => {
    expect(() => creditorReference('--')).toThrow(ReferenceMessages.empty);
    expect(() => creditorReference('X'.repeat(22))).toThrow(ReferenceMessages.tooLong);
  });
});
