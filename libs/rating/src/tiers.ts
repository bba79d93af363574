/**
 * Tier ladder arithmetic: how much of a quantity falls into each block of cumulative limits.
 */
import { Big, type Decimal, ZERO } from './money';

/**
 * Splits `total` into the blocks of a ladder with cumulative upper limits (`undefined` = open).
 * A negative or zero total fills nothing. Usage beyond the last closed limit stays in the last tier,
 * the URDB/SAM convention when every tier has a `max`.
 */
export function ladderPortions(total: Decimal, limits: readonly (Decimal | undefined)[]): Decimal[] {
  const out: Decimal[] = [];
  let below = ZERO;
  let rest = total.gt(0) ? total : ZERO;
  for (let t = 0; t < limits.length; t++) {
    const limit = limits[t];
    const last = t === limits.length - 1;
    if (last || limit === undefined) {
      out.push(rest);
      rest = ZERO;
      for (let k = t + 1; k < limits.length; k++) out.push(ZERO);
      break;
    }
    const room = limit.minus(below);
    const take = rest.lt(room) ? rest : room.gt(0) ? room : ZERO;
    out.push(take);
    rest = rest.minus(take);
    below = limit;
  }
  return out;
}

/** The sum of a ladder's charges for a quantity: Σ portion × rate. */
export function ladderCharge(total: Decimal, limits: readonly (Decimal | undefined)[], rates: readonly Decimal[]): Decimal {
  const portions = ladderPortions(total, limits);
  let amount = new Big(0);
  for (let t = 0; t < portions.length; t++) amount = amount.plus(portions[t].times(rates[t]));
  return amount;
}
