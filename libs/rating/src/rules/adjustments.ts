/**
 * Rules: taxes, surcharges, riders and discounts, applied in the tariff's order after the charges.
 */
import type { AccountAttributes } from '../model';
import { type Decimal, ZERO } from '../money';
import type { CompiledAdjustment } from '../tariff/compile';
import { type LineDraft, show, sumOf } from './line';

/**
 * Adjustment lines. `lines` are the period's lines so far; each adjustment sees the ones before it.
 * `importKwh` is the billed import energy (for per-kWh riders).
 */
export function adjustmentLines(
  adjustments: readonly CompiledAdjustment[],
  lines: readonly LineDraft[],
  importKwh: Decimal,
  factor: Decimal,
  account: AccountAttributes | undefined,
): LineDraft[] {
  const out: LineDraft[] = [];
  for (const a of adjustments) {
    if (a.eligibility && account?.flags?.[a.eligibility] !== true) continue;
    const sign = a.component === 'discount' ? -1 : 1;
    if (a.kind === 'percent') {
      const base = sumOf([...lines, ...out], a.appliesTo) ?? ZERO;
      const amount = base.times(a.value).div(100).times(sign);
      if (amount.eq(0)) continue;
      out.push({
        component: a.component,
        description: a.description,
        quantity: base,
        unit: 'currency',
        rate: a.value.times(sign).div(100),
        amount,
        factor,
        trace: `${show(a.value)}% of ${a.appliesTo.join(' + ')} charges ${show(base)}${sign < 0 ? ', credited' : ''} = ${show(amount)}`,
      });
    } else {
      const rate = a.value.times(sign);
      const amount = importKwh.times(rate);
      if (amount.eq(0)) continue;
      out.push({
        component: a.component,
        description: a.description,
        quantity: importKwh,
        unit: 'kWh',
        rate,
        amount,
        factor,
        trace: `${show(importKwh)} kWh billed × ${show(rate)} per kWh = ${show(amount)}`,
      });
    }
  }
  return out;
}
