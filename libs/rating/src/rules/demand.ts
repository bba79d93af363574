/**
 * Rules: demand charges on the highest interval kW per TOU period and per billing period, tiered,
 * with a ratchet on earlier months' peaks.
 */
import type { BillingHistory } from '../model';
import { Big, type Decimal, maxOf } from '../money';
import type { CompiledVersion, Ladder } from '../tariff/compile';
import { addMonths } from '../time/local-date';
import { ladderPortions } from '../tiers';
import { type LineDraft, show } from './line';

/** Demand lines for one ladder and one demand value. */
export function demandLadderLines(ladder: Ladder, kw: Decimal, factor: Decimal, label: string, touPeriod: number | undefined, why: string): LineDraft[] {
  const portions = ladderPortions(kw, ladder.limits);
  const tiered = ladder.rates.length > 1;
  const lines: LineDraft[] = [];
  portions.forEach((portion, t) => {
    if (portion.eq(0)) return;
    const rate = ladder.rates[t];
    const amount = portion.times(rate).times(factor);
    lines.push({
      component: 'demand',
      description: `${label}${tiered ? `, tier ${t + 1}` : ''}`,
      quantity: portion,
      unit: 'kW',
      rate,
      amount,
      touPeriod,
      touPeriodName: touPeriod === undefined ? undefined : ladder.name,
      tier: tiered ? t : undefined,
      factor,
      trace: `${why}; ${tiered ? `tier ${t + 1} holds ${show(portion)} kW; ` : ''}${show(portion)} kW × ${show(rate)} per kW × proration ${show(factor)} = ${show(amount)}`,
    });
  });
  return lines;
}

/**
 * Rule (ratchet): billing demand is at least `percent`% of the highest eligible peak of the previous
 * `months` months (URDB `lookbackpercent`, `lookbackrange`, `lookbackmonths`).
 * Returns the floor and the words explaining it, or undefined when no earlier peak counts.
 */
export function ratchetFloor(
  ratchet: NonNullable<CompiledVersion['ratchet']>,
  month: string,
  history: BillingHistory | undefined,
): { kw: Decimal; why: string } | undefined {
  if (ratchet.months <= 0 || ratchet.percent.eq(0)) return undefined;
  const earliest = addMonths(month, -ratchet.months);
  let best: { kw: Decimal; month: string } | undefined;
  for (const p of history?.peaks ?? []) {
    if (p.month < earliest || p.month >= month) continue;
    if (!ratchet.eligibleMonths[Number(p.month.slice(5, 7)) - 1]) continue;
    const kw = new Big(p.kw);
    if (!best || kw.gt(best.kw)) best = { kw, month: p.month };
  }
  if (!best) return undefined;
  const kw = best.kw.times(ratchet.percent).div(100);
  return { kw, why: `ratchet: ${show(ratchet.percent)}% of the ${best.month} peak ${show(best.kw)} kW = ${show(kw)} kW` };
}

/** The billing demand: the actual peak, raised to the ratchet floor when there is one. */
export function billingDemand(actual: Decimal, floor: { kw: Decimal; why: string } | undefined): { kw: Decimal; why: string } {
  if (!floor || floor.kw.lte(actual)) {
    return { kw: actual, why: `highest interval demand ${show(actual)} kW${floor ? ` (above the ${floor.why})` : ''}` };
  }
  return { kw: maxOf(actual, floor.kw), why: `highest interval demand ${show(actual)} kW raised by the ${floor.why}` };
}
