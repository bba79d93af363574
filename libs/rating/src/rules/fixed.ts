/**
 * Rule: customer (fixed) charges, per day of service or per month prorated by days.
 */
import { Big, type Decimal } from '../money';
import type { CompiledVersion } from '../tariff/compile';
import { type LineDraft, show } from './line';

/** Fixed-charge lines for a period of `days` days covering `factor` of a full cycle. */
export function fixedLines(fixed: CompiledVersion['fixed'], days: number, factor: Decimal): LineDraft[] {
  return fixed.map((c) => {
    if (c.per === 'day') {
      const amount = c.amount.times(days);
      return {
        component: 'fixed',
        description: c.description,
        quantity: new Big(days),
        unit: 'day',
        rate: c.amount,
        amount,
        factor,
        trace: `${days} days of service × ${show(c.amount)} per day = ${show(amount)}`,
      };
    }
    const monthly = c.per === 'year' ? c.amount.div(12) : c.amount;
    const amount = monthly.times(factor);
    return {
      component: 'fixed',
      description: c.description,
      quantity: factor,
      unit: 'month',
      rate: monthly,
      amount,
      factor,
      trace: `${show(monthly)} per month${c.per === 'year' ? ` (${show(c.amount)} per year / 12)` : ''} × proration ${show(factor)} (days of service / days in the cycle) = ${show(amount)}`,
    };
  });
}
