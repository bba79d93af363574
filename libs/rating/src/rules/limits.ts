/**
 * Rule: tier limits scale with the period. A monthly limit is prorated by days over a partial period,
 * a daily limit (URDB `kWh daily`) is multiplied by the days of service, and limits per kW of demand
 * (URDB `kWh/kW`, `kWh/kW daily`) by the billing demand.
 */
import type { Ladder } from '../tariff/compile';
import type { Decimal } from '../money';

/** What a period contributes to tier limits. */
export interface LimitScale {
  /** Period days / cycle days. */
  readonly factor: Decimal;
  /** Days of service in the period. */
  readonly days: number;
  /** Billing demand in kW (for per-kW limits). */
  readonly demandKw: Decimal;
}

/** The cumulative limits of a ladder for this period. */
export function scaledLimits(ladder: Ladder, scale: LimitScale): (Decimal | undefined)[] {
  return ladder.limits.map((limit, t) => {
    if (limit === undefined) return undefined;
    switch (ladder.bases[t]) {
      case 'day':
        return limit.times(scale.days);
      case 'kw':
        return limit.times(scale.demandKw);
      case 'kw-day':
        return limit.times(scale.demandKw).times(scale.days);
      default:
        return limit.times(scale.factor);
    }
  });
}
