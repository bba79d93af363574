import { CREDIT_CHECK_RESULTS, CUSTOMER_CLASSES } from '@utilia/contracts';
import fc from 'fast-check';
import Big from 'big.js';
import { addMonths, depositRelease, depositRequired, onTimeRefundDue, parseAmounts, type DepositPolicy } from './deposit.rules';

const policy: DepositPolicy = { byClass: { commercial: '300', industrial: '1000' }, byCreditCheck: { fail: '200', marginal: '100' }, refundAfterMonths: 12 };

describe('deposits', () => {
  it('are required by customer class or credit check, the larger amount when both apply', () => {
    expect(depositRequired({ customerClass: 'residential', creditCheck: null }, policy)).toBeNull();
    expect(depositRequired({ customerClass: 'residential', creditCheck: 'pass' }, policy)).toBeNull();
    expect(depositRequired({ customerClass: 'commercial', creditCheck: null }, policy)).toEqual({
      amount: '300',
      basis: 'customer-class',
      reason: 'customer class commercial',
    });
    expect(depositRequired({ customerClass: 'residential', creditCheck: 'fail' }, policy)).toMatchObject({ amount: '200', basis: 'credit-check' });
    expect(depositRequired({ customerClass: 'commercial', creditCheck: 'marginal' }, policy)).toMatchObject({ amount: '300', basis: 'customer-class' });
    expect(depositRequired({ customerClass: 'industrial', creditCheck: 'fail' }, { ...policy, byCreditCheck: { fail: '1500' } })).toMatchObject({
      amount: '1500',
      basis: 'credit-check',
    });
  });

  it('at close pay the debt left first, refund the rest, and drop the part never paid', () => {
    expect(depositRelease({ amount: '300', unpaid: '0', debt: '120.50' })).toEqual({ cancel: '0', apply: '120.5', refund: '179.5' });
    expect(depositRelease({ amount: '300', unpaid: '0', debt: '500' })).toEqual({ cancel: '0', apply: '300', refund: '0' });
    expect(depositRelease({ amount: '300', unpaid: '100', debt: '0' })).toEqual({ cancel: '100', apply: '0', refund: '200' });
    const cents = fc.integer({ min: 0, max: 100_000 }).map((c) => new Big(c).div(100).toFixed());
    fc.assert(
      fc.property(cents, cents, cents, (a, u, debt) => {
        const amount = new Big(a).plus(u).toFixed();
        const r = depositRelease({ amount, unpaid: u, debt });
        expect(new Big(r.cancel).plus(r.apply).plus(r.refund).eq(amount)).toBe(true);
        expect(new Big(r.apply).lte(debt) && new Big(r.apply).gte(0) && new Big(r.refund).gte(0)).toBe(true);
      }),
    );
  });

  it('are refunded after the months of on-time payment, not before, not with a late bill or something past due', () => {
    const held = { heldSince: '2026-01-31', lateItems: 0, pastDue: '0' };
    expect(onTimeRefundDue(held, '2027-01-30', policy)).toBe(false);
    expect(onTimeRefundDue(held, '2027-01-31', policy)).toBe(true);
    expect(onTimeRefundDue({ ...held, lateItems: 1 }, '2027-06-01', policy)).toBe(false);
    expect(onTimeRefundDue({ ...held, pastDue: '12.00' }, '2027-06-01', policy)).toBe(false);
  });

  it('count months by the calendar, the last day when the month is shorter', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
  });

  it('are configured as amounts by class and by result', () => {
    expect(parseAmounts('commercial=300, industrial=1000.50', CUSTOMER_CLASSES)).toEqual({ commercial: '300', industrial: '1000.50' });
    expect(parseAmounts('none', CREDIT_CHECK_RESULTS)).toEqual({});
    expect(() => parseAmounts('gold=5', CUSTOMER_CLASSES)).toThrow(/residential=<amount>/);
    expect(() => parseAmounts('fail=-5', CREDIT_CHECK_RESULTS)).toThrow();
  });
});
