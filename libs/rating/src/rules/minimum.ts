/**
 * Rules: minimum charges. A monthly (or daily) minimum tops the period's pre-tax charges up to the minimum;
 * an annual minimum does the same for the settlement year on the settlement month's bill.
 */
import { Big, type Decimal, ONE } from '../money';
import type { CompiledVersion } from '../tariff/compile';
import { type LineDraft, show } from './line';

/** The top-up line when `charges` fall below the period's minimum, else nothing. */
export function minimumLine(minimum: CompiledVersion['minimum'], charges: Decimal, days: number, factor: Decimal): LineDraft | undefined {
  let floor = new Big(0);
  const parts: string[] = [];
  if (minimum.monthly && minimum.monthly.gt(0)) {
    floor = floor.plus(minimum.monthly.times(factor));
    parts.push(`${show(minimum.monthly)} per month × proration ${show(factor)}`);
  }
  if (minimum.daily && minimum.daily.gt(0)) {
    floor = floor.plus(minimum.daily.times(days));
    parts.push(`${show(minimum.daily)} per day × ${days} days`);
  }
  if (parts.length === 0 || charges.gte(floor)) return undefined;
  const amount = floor.minus(charges);
  return {
    component: 'minimum',
    description: 'Minimum charge',
    quantity: ONE,
    unit: 'currency',
    rate: amount,
    amount,
    factor,
    trace: `minimum ${parts.join(' + ')} = ${show(floor)}; charges ${show(charges)} are below it by ${show(amount)}`,
  };
}

/** The annual-minimum top-up on the settlement bill, given the year's pre-tax charges including this bill. */
export function annualMinimumLine(annual: Decimal | undefined, yearCharges: Decimal): LineDraft | undefined {
  if (!annual || !annual.gt(0) || yearCharges.gte(annual)) return undefined;
  const amount = annual.minus(yearCharges);
  return {
    component: 'annual-minimum',
    description: 'Annual minimum charge',
    quantity: ONE,
    unit: 'currency',
    rate: amount,
    amount,
    factor: ONE,
    trace: `annual minimum ${show(annual)}; the settlement year's charges ${show(yearCharges)} are below it by ${show(amount)}`,
  };
}
