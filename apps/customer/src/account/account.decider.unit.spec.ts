import { AccountClosedV1, AccountOpenedV1, uuidv7 } from '@utilia/contracts';
import { event } from '@utilia/platform';
import { given, named, violatedRule } from '@utilia/platform/testing';
import { accountAggregate, decideAccount, type AccountDetails } from './account.decider';
import { accountNumberOf, isValidAccountNumber, luhnCheckDigit } from './account-number';

const accountId = uuidv7();
const ada = uuidv7();
const bob = uuidv7();
const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
const details: AccountDetails = { billingAddress: address, billCycle: '07', roles: [{ customerId: ada, role: 'main' }] };
const opened = event(AccountOpenedV1, {
  accountId,
  accountNumber: accountNumberOf(1),
  customerId: ada,
  currency: 'USD',
  billCycle: '07',
  openedOn: '2025-06-01',
});

describe('account numbers', () => {
  it('the check digit is the Luhn digit of the sequence (79927398713 is the textbook example)', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(accountNumberOf(1)).toBe('0000000018');
    expect(isValidAccountNumber('79927398713')).toBe(true);
  });

  it('a mistyped digit or two swapped neighbours fail the check', () => {
    const n = accountNumberOf(123456);
    expect(isValidAccountNumber(n)).toBe(true);
    expect(isValidAccountNumber(n.slice(0, 5) + ((Number(n[5]) + 1) % 10) + n.slice(6))).toBe(false);
    expect(isValidAccountNumber(n.slice(0, 6) + n[7] + n[6] + n.slice(8))).toBe(false);
  });
});

describe('opening and closing an account', () => {
  it('an account opens with a numbered, check-digited account number and its details', () => {
    expect(
      named(
        decideAccount(given(accountAggregate), { type: 'open', accountId, sequence: 42, customerId: ada, currency: 'USD', openedOn: '2025-06-01', details }),
      ),
    ).toEqual([
      ['account-opened', { accountId, accountNumber: '0000000422', customerId: ada, currency: 'USD', billCycle: '07', openedOn: '2025-06-01' }],
      ['account-details-changed', { accountId, ...details }],
    ]);
  });

  it('an account has exactly one main customer, the one it was opened for', () => {
    const twoMains = {
      ...details,
      roles: [
        { customerId: ada, role: 'main' as const },
        { customerId: bob, role: 'main' as const },
      ],
    };
    expect(
      violatedRule(() =>
        decideAccount(given(accountAggregate), {
          type: 'open',
          accountId,
          sequence: 1,
          customerId: ada,
          currency: 'USD',
          openedOn: '2025-06-01',
          details: twoMains,
        }),
      ),
    ).toBe('account-needs-one-main-customer');
  });

  it('a third party may be notified and another customer be financially responsible', () => {
    const roles = [
      { customerId: ada, role: 'main' as const },
      { customerId: bob, role: 'financially-responsible' as const },
      { customerId: bob, role: 'third-party-notification' as const },
    ];
    expect(decideAccount(given(accountAggregate, opened), { type: 'change-details', accountId, details: { ...details, roles } })).toHaveLength(1);
  });

  it('an account with service in force cannot close', () => {
    expect(violatedRule(() => decideAccount(given(accountAggregate, opened), { type: 'close', accountId, closedOn: '2025-07-01', agreementsInForce: 1 }))).toBe(
      'account-has-service',
    );
  });

  it('a closed account takes no more changes', () => {
    const closed = event(AccountClosedV1, { accountId, closedOn: '2025-07-01' });
    expect(violatedRule(() => decideAccount(given(accountAggregate, opened, closed), { type: 'change-details', accountId, details }))).toBe('account-closed');
  });
});
