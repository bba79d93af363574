/**
 * The late fee on an invoice not paid by its due date and grace: a percent of what is past due on
 * it, up to a cap, or a fixed amount. Pure; amounts are decimal strings, rounded half-up to the
 * currency's minor unit (libs/rating's one rounding policy).
 */
import { formatMoney } from '@utilia/rating';
import Big from 'big.js';

export type LateFeePolicy = { kind: 'percent'; percent: string; cap: string | null } | { kind: 'fixed'; amount: string };

const PERCENT = /^(0|[1-9][0-9]*)(\.[0-9]+)?%$/;
const AMOUNT = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** LATE_FEE as written: `1.5%` (of the past-due amount, up to `cap` if any) or `5.00` (fixed). */
export function parseLateFee(raw: string, cap: string | null = null): LateFeePolicy {
  const v = raw.trim();
  if (PERCENT.test(v)) return { kind: 'percent', percent: v.slice(0, -1), cap };
  if (AMOUNT.test(v)) return { kind: 'fixed', amount: v };
  throw new Error('expected a percent such as 1.5% or a fixed amount such as 5.00');
}

/** LATE_FEE_CAP as written: an amount such as `25.00`, or `none`. */
export function parseCap(raw: string): string | null {
  const v = raw.trim();
  if (v === 'none') return null;
  if (AMOUNT.test(v)) return v;
  throw new Error('expected an amount such as 25.00, or none');
}

/** The fee for `pastDue` (what is open of the invoice), or null when it comes to nothing. */
export function lateFee(policy: LateFeePolicy, pastDue: string, currency: string): string | null {
  if (new Big(pastDue).lte(0)) return null;
  let fee = policy.kind === 'fixed' ? new Big(policy.amount) : new Big(pastDue).times(policy.percent).div(100);
  if (policy.kind === 'percent' && policy.cap !== null && fee.gt(policy.cap)) fee = new Big(policy.cap);
  const rounded = formatMoney(fee, currency);
  return new Big(rounded).gt(0) ? rounded : null;
}
