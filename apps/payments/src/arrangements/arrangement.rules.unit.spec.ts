import fc from 'fast-check';
import Big from 'big.js';
import { arrangementBroken, arrangementCompleted, arrangementSchedule, comingBillDates, splitArrears, type ArrangementFacts } from './arrangement.rules';

describe('payment arrangements', () => {
  it('fall on the coming bill dates of the account cycle', () => {
    expect(comingBillDates('07', '2026-04-10', 3)).toEqual(['2026-05-07', '2026-06-07', '2026-07-07']);
    expect(comingBillDates('07', '2026-04-06', 2)).toEqual(['2026-04-07', '2026-05-07']);
    expect(comingBillDates('07', '2026-04-07', 1)).toEqual(['2026-05-07']);
    expect(comingBillDates('monthly-east', '2026-01-31', 2)).toEqual(['2026-02-28', '2026-03-28']);
  });

  it('split the arrears into exact cents that add up to them', () => {
    expect(splitArrears('100.00', 'USD', 3)).toEqual(['33.34', '33.33', '33.33']);
    expect(splitArrears('1000', 'JPY', 3)).toEqual(['334', '333', '333']);
    expect(() => splitArrears('10.005', 'USD', 2)).toThrow(/minor units/);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 36 }), (cents, n) => {
        const arrears = new Big(cents).div(100).toFixed();
        const parts = splitArrears(arrears, 'USD', n);
        expect(parts).toHaveLength(n);
        expect(parts.reduce((s, p) => s.plus(p), new Big(0)).eq(arrears)).toBe(true);
        const spread = new Big(parts[0]).minus(parts[n - 1]);
        expect(spread.gte(0) && spread.lte('0.01')).toBe(true);
      }),
    );
  });

  it('schedule one installment per coming bill, due with it, raised some days before it', () => {
    const s = arrangementSchedule({
      arrears: '300.00',
      currency: 'USD',
      installments: 3,
      madeOn: '2026-04-05',
      billCycle: '07',
      termsDays: 21,
      leadDays: 5,
    });
    expect(s).toEqual([
      { number: 1, amount: '100', billDate: '2026-04-07', dueDate: '2026-04-28', raiseOn: '2026-04-05' },
      { number: 2, amount: '100', billDate: '2026-05-07', dueDate: '2026-05-28', raiseOn: '2026-05-02' },
      { number: 3, amount: '100', billDate: '2026-06-07', dueDate: '2026-06-28', raiseOn: '2026-06-02' },
    ]);
  });

  const facts = (over: Partial<ArrangementFacts> = {}): ArrangementFacts => ({
    installments: [
      { number: 1, raised: true, open: '0', dueDate: '2026-04-28' },
      { number: 2, raised: true, open: '100', dueDate: '2026-05-28' },
      { number: 3, raised: false, open: '100', dueDate: '2026-06-28' },
    ],
    currentItems: [],
    ...over,
  });

  it('break when an installment is not paid by its due date and grace, or a current bill is not', () => {
    expect(arrangementBroken(facts(), '2026-06-02', 5)).toBeNull();
    expect(arrangementBroken(facts(), '2026-06-03', 5)).toEqual({ reason: 'installment-missed', missedInstallment: 2 });
    const current = facts({
      installments: [{ number: 1, raised: true, open: '0', dueDate: '2026-04-28' }],
      currentItems: [{ open: '50', dueDate: '2026-05-28' }],
    });
    expect(arrangementBroken(current, '2026-06-03', 5)).toEqual({ reason: 'current-charges-unpaid' });
    expect(arrangementBroken({ ...current, currentItems: [{ open: '50', dueDate: null }] }, '2026-09-01', 5)).toBeNull();
  });

  it('complete when every installment is raised and paid', () => {
    expect(arrangementCompleted(facts())).toBe(false);
    expect(arrangementCompleted(facts({ installments: [{ number: 1, raised: true, open: '0', dueDate: '2026-04-28' }] }))).toBe(true);
  });
});
