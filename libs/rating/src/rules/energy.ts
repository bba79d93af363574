/**
 * Rule: energy charges (and export credits) by TOU period and tier, under an explicit tier policy.
 *
 * `total-usage-proportional` (OpenEI URDB / NREL SAM): the tier blocks of each period's ladder are laid over
 * the period's TOTAL kWh across all TOU periods, and each TOU period pays its share (period kWh / total kWh)
 * of every block at its own rates. `per-period`: each period's kWh climbs its own ladder.
 */
import type { TierPolicy } from '../model';
import { type Decimal, ZERO } from '../money';
import type { Ladder } from '../tariff/compile';
import { ladderPortions } from '../tiers';
import { type LimitScale, scaledLimits } from './limits';
import { type LineDraft, show } from './line';

/** Which side of the meter is priced: imports at `rate`, exports credited at `sell`. */
export type EnergySide = 'import' | 'export';

/**
 * Energy lines for kWh per TOU period. Exports produce negative `export-credit` lines at the tiers' sell rates.
 */
export function energyLines(
  ladders: readonly Ladder[],
  policy: TierPolicy,
  kwhByPeriod: readonly Decimal[],
  scale: LimitScale,
  side: EnergySide = 'import',
): LineDraft[] {
  const lines: LineDraft[] = [];
  let total = ZERO;
  for (const q of kwhByPeriod) if (q.gt(0)) total = total.plus(q);
  if (total.eq(0)) return lines;
  kwhByPeriod.forEach((q, p) => {
    if (!q.gt(0)) return;
    const ladder = ladders[p];
    const limits = scaledLimits(ladder, scale);
    const proportional = policy === 'total-usage-proportional' && ladder.rates.length > 1;
    const portions = ladderPortions(proportional ? total : q, limits);
    portions.forEach((portion, t) => {
      if (portion.eq(0)) return;
      const rate = side === 'import' ? ladder.rates[t] : ladder.sells[t];
      if (rate === undefined) return;
      const share = proportional ? portion.times(q).div(total) : portion;
      const signed = side === 'import' ? rate : rate.neg();
      const tiered = ladder.rates.length > 1;
      const what = side === 'import' ? 'Energy' : 'Export credit';
      const description = `${what}, ${ladder.name}${tiered ? `, tier ${t + 1}` : ''}`;
      const block = describeBlock(limits, t);
      const why = proportional
        ? `${ladder.name}: ${show(q)} kWh of ${show(total)} kWh in all periods (${show(q.div(total).times(100))}%); ` +
          `tier ${t + 1} (${block}) holds ${show(portion)} kWh of the total, this period's share ${show(share)} kWh`
        : tiered
          ? `${ladder.name}: ${show(q)} kWh; tier ${t + 1} (${block}) holds ${show(share)} kWh`
          : `${ladder.name}: ${show(share)} kWh`;
      lines.push({
        component: side === 'import' ? 'energy' : 'export-credit',
        description,
        quantity: share,
        unit: 'kWh',
        rate: signed,
        amount: share.times(signed),
        touPeriod: p,
        touPeriodName: ladder.name,
        tier: tiered ? t : undefined,
        factor: scale.factor,
        trace: `${why} × ${show(signed)} per kWh = ${show(share.times(signed))}`,
      });
    });
  });
  return lines;
}

function describeBlock(limits: readonly (Decimal | undefined)[], t: number): string {
  const lo = t === 0 ? ZERO : (limits[t - 1] ?? ZERO);
  const hi = limits[t];
  return hi === undefined || t === limits.length - 1 ? `above ${show(lo)} kWh` : `${show(lo)}–${show(hi)} kWh`;
}
