import { calendar, dueDate, isReadDate, periodAround, periodOf, type BillCycle } from './cycle';

const c07: BillCycle = { code: '07', readDay: 7, paymentTermsDays: 21 };

describe('bill cycles', () => {
  it('a run on the read date bills the month since the last read', () => {
    expect(periodOf(c07, '2026-07-07')).toEqual({ from: '2026-06-07', to: '2026-07-07' });
    expect(periodOf(c07, '2026-01-07')).toEqual({ from: '2025-12-07', to: '2026-01-07' });
  });

  it('a run on another day than the read date is refused', () => {
    expect(isReadDate(c07, '2026-07-08')).toBe(false);
    expect(() => periodOf(c07, '2026-07-08')).toThrow('2026-07-08 is not a read date of cycle 07 (day 7)');
  });

  it('the bill is due after the payment terms, across a month end', () => {
    expect(dueDate(c07, '2026-07-07')).toBe('2026-07-28');
    expect(dueDate(c07, '2026-12-20')).toBe('2027-01-10');
  });

  it("the calendar lists the cycle's next read dates, today's included", () => {
    expect(calendar(c07, '2026-11-07', 3)).toEqual(['2026-11-07', '2026-12-07', '2027-01-07']);
    expect(calendar(c07, '2026-11-08', 2)).toEqual(['2026-12-07', '2027-01-07']);
  });

  it('a day falls in the period from the read date on or before it to the next', () => {
    expect(periodAround(c07, '2026-07-20')).toEqual({ from: '2026-07-07', to: '2026-08-07' });
    expect(periodAround(c07, '2026-07-07')).toEqual({ from: '2026-07-07', to: '2026-08-07' });
    expect(periodAround(c07, '2026-07-06')).toEqual({ from: '2026-06-07', to: '2026-07-07' });
  });
});
