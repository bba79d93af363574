import fc from 'fast-check';
import Big from 'big.js';
import { allocate, type AvailableCredit, type OpenItem } from './allocate';

const item = (id: string, open: string, dueDate: string | null, kind = 'invoice', issuedOn = '2026-01-01'): OpenItem => ({ id, kind, issuedOn, dueDate, open });
const credit = (id: string, unallocated: string, receivedOn = '2026-02-01'): AvailableCredit => ({ id, unallocated, receivedOn });

describe('allocating payments to open items', () => {
  it('pays the oldest item first and leaves an overpayment as a credit', () => {
    const items = [item('march', '80', '2026-03-28'), item('feb', '50', '2026-02-28')];
    expect(allocate([credit('p', '100')], items, 'oldest-first')).toEqual([
      { creditId: 'p', itemId: 'feb', amount: '50' },
      { creditId: 'p', itemId: 'march', amount: '50' },
    ]);
    expect(
      allocate([credit('p', '200')], items, 'oldest-first')
        .reduce((s, a) => s.plus(a.amount), new Big(0))
        .toFixed(),
    ).toBe('130');
  });

  it('pays fees before energy when the utility says so', () => {
    const items = [item('energy', '100', '2026-02-28'), item('fee', '5', '2026-03-28', 'late-fee')];
    expect(allocate([credit('p', '20')], items, 'fees-first')).toEqual([
      { creditId: 'p', itemId: 'fee', amount: '5' },
      { creditId: 'p', itemId: 'energy', amount: '15' },
    ]);
    expect(allocate([credit('p', '20')], items, 'oldest-first')).toEqual([{ creditId: 'p', itemId: 'energy', amount: '20' }]);
  });

  it('uses the oldest credit first, and an item not yet due comes after those that are', () => {
    const items = [item('charge', '10', null, 'deposit'), item('inv', '30', '2026-02-28')];
    expect(allocate([credit('late', '25', '2026-03-01'), credit('early', '10', '2026-01-01')], items, 'oldest-first')).toEqual([
      { creditId: 'early', itemId: 'inv', amount: '10' },
      { creditId: 'late', itemId: 'inv', amount: '20' },
      { creditId: 'late', itemId: 'charge', amount: '5' },
    ]);
  });

  it('never pays an item beyond what is open nor a credit beyond what it has', () => {
    const cents = fc.integer({ min: 1, max: 100_000 }).map((c) => new Big(c).div(100).toFixed());
    fc.assert(
      fc.property(fc.array(cents, { maxLength: 6 }), fc.array(cents, { maxLength: 6 }), fc.boolean(), (cs, is, feesFirst) => {
        const credits = cs.map((c, i) => credit(`c${i}`, c, `2026-01-0${(i % 9) + 1}`));
        const items = is.map((o, i) => item(`i${i}`, o, `2026-0${(i % 9) + 1}-28`, i % 3 === 0 ? 'late-fee' : 'invoice'));
        const out = allocate(credits, items, feesFirst ? 'fees-first' : 'oldest-first');
        const sum = (xs: string[]) => xs.reduce((s, x) => s.plus(x), new Big(0));
        for (const c of credits) expect(sum(out.filter((a) => a.creditId === c.id).map((a) => a.amount)).lte(c.unallocated)).toBe(true);
        for (const i of items) expect(sum(out.filter((a) => a.itemId === i.id).map((a) => a.amount)).lte(i.open)).toBe(true);
        // Everything that can be paid is paid: the smaller of the two totals.
        const total = sum(out.map((a) => a.amount));
        const owed = sum(items.map((i) => i.open));
        const available = sum(credits.map((c) => c.unallocated));
        expect(total.eq(owed.lt(available) ? owed : available)).toBe(true);
      }),
    );
  });
});
