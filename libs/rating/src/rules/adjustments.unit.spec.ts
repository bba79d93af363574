import { Big, ONE } from '../money';
import type { CompiledAdjustment } from '../tariff/compile';
import { adjustmentLines } from './adjustments';
import type { LineDraft } from './line';

const b = (s: string) => new Big(s);
const line = (component: LineDraft['component'], amount: string): LineDraft => ({
  component,
  description: component,
  quantity: ONE,
  unit: 'currency',
  rate: b(amount),
  amount: b(amount),
  factor: ONE,
  trace: '',
});
const charges = [line('fixed', '10'), line('energy', '100'), line('demand', '50')];

describe('taxes, surcharges, riders and discounts', () => {
  it('a tax is a percentage of the components it applies to', () => {
    const tax: CompiledAdjustment = { component: 'tax', description: 'Sales tax', kind: 'percent', value: b('10'), appliesTo: ['fixed', 'energy'] };
    expect(adjustmentLines([tax], charges, b('500'), ONE, undefined).map((l) => l.amount.toFixed())).toEqual(['11']);
  });

  it('a low-income discount applies only to eligible accounts and is credited', () => {
    const discount: CompiledAdjustment = {
      component: 'discount',
      description: 'CARE',
      kind: 'percent',
      value: b('20'),
      appliesTo: ['energy'],
      eligibility: 'lowIncome',
    };
    expect(adjustmentLines([discount], charges, b('500'), ONE, { flags: { lowIncome: false } })).toEqual([]);
    expect(adjustmentLines([discount], charges, b('500'), ONE, { flags: { lowIncome: true } })[0].amount.toFixed()).toBe('-20');
  });

  it('a per-kWh rider is charged on the billed kWh', () => {
    const rider: CompiledAdjustment = { component: 'rider', description: 'Public purpose', kind: 'per-kwh', value: b('0.002'), appliesTo: [] };
    expect(adjustmentLines([rider], charges, b('500'), ONE, undefined)[0].amount.toFixed()).toBe('1');
  });

  it('a tax listed after a discount sees the discounted charges', () => {
    const discount: CompiledAdjustment = { component: 'discount', description: 'd', kind: 'percent', value: b('20'), appliesTo: ['energy'] };
    const tax: CompiledAdjustment = { component: 'tax', description: 't', kind: 'percent', value: b('10'), appliesTo: ['energy', 'discount'] };
    // (100 - 20) × 10 % = 8
    expect(adjustmentLines([discount, tax], charges, b('0'), ONE, undefined).map((l) => l.amount.toFixed())).toEqual(['-20', '8']);
  });
});
