import { containsCardNumber, luhnValid } from './card-number';

describe('a card number never enters the system', () => {
  it('finds a PAN however it is written, anywhere in a body', () => {
    expect(containsCardNumber({ reference: '4111111111111111' })).toBe(true);
    expect(containsCardNumber({ card: { token: 'tok_1', last4: '1111' }, note: 'paid with 4111 1111 1111 1111' })).toBe(true);
    expect(containsCardNumber({ reference: '5500-0000-0000-0004' })).toBe(true);
    expect(containsCardNumber({ items: [{ ref: 'x' }, { ref: 'AMEX 378282246310005' }] })).toBe(true);
    expect(containsCardNumber({ n: 4111111111111111 })).toBe(true);
  });

  it('lets through what utility payments carry: invoice numbers, account numbers, ids, IBANs, a last four', () => {
    expect(
      containsCardNumber({
        reference: 'INV-000000042',
        accountNumber: '0012345678',
        id: '01a24375-2b37-713c-ae9c-5eb83a8e711d',
        // Digit-only UUID groups, as seeded test ids have: not a card grouping.
        other: '01943a30-7001-8000-0000-000000000001',
        endToEnd: 'E2E-20260407-0001-7700000000000001',
        iban: 'NL26VAYB8060476890',
        card: { token: 'tok_visa_2026', last4: '4242' },
        amount: '1234567.89',
      }),
    ).toBe(false);
    // Sixteen digits that fail the Luhn check are a reference, not a card.
    expect(containsCardNumber({ reference: '4111111111111112' })).toBe(false);
  });

  it('checks digits the Luhn way', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });
});
