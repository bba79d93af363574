/**
 * Checks a draft bill passes before it is issued, each a named pure rule. A failing draft goes to the
 * hold queue for billing-ops (release with a note, or cancel).
 */
import Big from 'big.js';

export interface CheckSettings {
  /** A bill above k × the average of the agreement's last three is held. */
  highBillFactor: string;
  /** A first bill above this amount is held. */
  firstBillLimit: string;
  /** Held when usage was estimated this many periods in a row (this one included). */
  estimatedPeriods: number;
}

export const DEFAULT_CHECKS: CheckSettings = { highBillFactor: '3', firstBillLimit: '1000', estimatedPeriods: 3 };

export interface Draft {
  /** The bill's total (decimal string); undefined when it could not be rated. */
  total?: string;
  /** Why it could not be rated (no tariff published for a code, say). */
  missingTariff?: string;
  /** Whether the period's usage has estimated intervals. */
  estimated: boolean;
}

/** The agreement's earlier issued bills, newest first. */
export interface History {
  totals: readonly string[];
  /** Whether each of those bills' usage was estimated, newest first. */
  estimated: readonly boolean[];
}

export interface Finding {
  /** A check's name, or why the bill could not be drafted: `usage-timeout` (metering did not answer in time), `rating-failed`. */
  rule: 'missing-tariff' | 'negative' | 'zero' | 'high-bill' | 'first-bill' | 'estimated-streak' | 'usage-timeout' | 'rating-failed';
  detail: string;
}

export const missingTariff = (d: Draft): Finding[] => (d.missingTariff ? [{ rule: 'missing-tariff', detail: d.missingTariff }] : []);

export const negative = (d: Draft): Finding[] =>
  d.total !== undefined && new Big(d.total).lt(0) ? [{ rule: 'negative', detail: `the bill totals ${d.total}` }] : [];

export const zero = (d: Draft): Finding[] => (d.total !== undefined && new Big(d.total).eq(0) ? [{ rule: 'zero', detail: 'the bill totals 0' }] : []);

export function highBill(d: Draft, h: History, s: CheckSettings): Finding[] {
  const last = h.totals.slice(0, 3);
  if (d.total === undefined || last.length === 0) return [];
  const average = last.reduce((sum, t) => sum.plus(t), new Big(0)).div(last.length);
  if (average.lte(0) || new Big(d.total).lte(average.times(s.highBillFactor))) return [];
  return [{ rule: 'high-bill', detail: `${d.total} is more than ${s.highBillFactor} × the average of the last ${last.length} bills (${average.toFixed(2)})` }];
}

export function firstBill(d: Draft, h: History, s: CheckSettings): Finding[] {
  if (d.total === undefined || h.totals.length > 0 || new Big(d.total).lte(s.firstBillLimit)) return [];
  return [{ rule: 'first-bill', detail: `a first bill of ${d.total} is above ${s.firstBillLimit}` }];
}

export function estimatedStreak(d: Draft, h: History, s: CheckSettings): Finding[] {
  if (!d.estimated) return [];
  let run = 1;
  for (const e of h.estimated) {
    if (!e) break;
    run++;
  }
  return run >= s.estimatedPeriods ? [{ rule: 'estimated-streak', detail: `usage estimated ${run} periods in a row` }] : [];
}

/** Every check's findings; none: the draft is issued. */
export function checkDraft(d: Draft, h: History, s: CheckSettings = DEFAULT_CHECKS): Finding[] {
  return [...missingTariff(d), ...negative(d), ...zero(d), ...highBill(d, h, s), ...firstBill(d, h, s), ...estimatedStreak(d, h, s)];
}
