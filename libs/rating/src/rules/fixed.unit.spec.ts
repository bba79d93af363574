import { Big } from '../money';
import { fixedLines } from './fixed';

const b = (s: string) => new Big(s);

describe('fixed charges', () => {
  it('a move-out mid-cycle prorates the customer charge', () => {
    // 10 of 30 days: 12.00 × 10/30 = 4.00
    const [line] = fixedLines([{ description: 'Customer charge', amount: b('12'), per: 'month' }], 10, b('10').div(30));
    expect(line.amount.round(10).toFixed()).toBe('4');
    expect(line.unit).toBe('month');
  });

  it('a daily customer charge is charged for each day of service', () => {
    const [line] = fixedLines([{ description: 'Basic charge', amount: b('0.5'), per: 'day' }], 10, b('1'));
    expect([line.quantity.toFixed(), line.amount.toFixed(), line.unit]).toEqual(['10', '5', 'day']);
  });

  it('a yearly charge is billed a twelfth per month', () => {
    const [line] = fixedLines([{ description: 'Meter fee', amount: b('120'), per: 'year' }], 31, b('1'));
    expect(line.amount.toFixed()).toBe('10');
  });
});
