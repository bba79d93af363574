/**
 * Deposits, as named pure rules: when one is required of an account and how much (its customer
 * class, a credit check: the larger amount of the rules that apply), what happens to it when the
 * account closes (the debt left is paid from it, the rest refunded, the part never paid dropped),
 * and when it is refunded to an account that stays (N months paid on time).
 */
import type { CreditCheckResult } from '@utilia/contracts';
import Big from 'big.js';

export interface DepositPolicy {
  /** Deposit amount by customer class (`residential`, `commercial`, `industrial`); a class not listed: none. */
  byClass: Readonly<Record<string, string>>;
  /** Deposit amount by credit-check result (`pass`, `marginal`, `fail`); a result not listed: none. */
  byCreditCheck: Readonly<Record<string, string>>;
  /** Months of on-time payment after which a deposit is refunded to an account that stays. */
  refundAfterMonths: number;
}

export interface DepositFacts {
  customerClass: string | null;
  creditCheck: CreditCheckResult | null;
}

export interface Requirement {
  amount: string;
  basis: 'customer-class' | 'credit-check';
  reason: string;
}

export const byCustomerClass = (f: DepositFacts, p: DepositPolicy): Requirement | null => {
  const amount = f.customerClass ? p.byClass[f.customerClass] : undefined;
  return amount && new Big(amount).gt(0) ? { amount, basis: 'customer-class', reason: `customer class ${f.customerClass}` } : null;
};

export const byCreditCheck = (f: DepositFacts, p: DepositPolicy): Requirement | null => {
  const amount = f.creditCheck ? p.byCreditCheck[f.creditCheck] : undefined;
  return amount && new Big(amount).gt(0) ? { amount, basis: 'credit-check', reason: `credit check ${f.creditCheck}` } : null;
};

/** Every deposit rule. */
export const DEPOSIT_RULES = [byCustomerClass, byCreditCheck] as const;

/** The deposit an account's facts call for: the largest of the rules that apply, or none. */
export function depositRequired(f: DepositFacts, p: DepositPolicy): Requirement | null {
  return DEPOSIT_RULES.map((rule) => rule(f, p))
    .filter((r): r is Requirement => r !== null)
    .reduce<Requirement | null>((best, r) => (best && new Big(best.amount).gte(r.amount) ? best : r), null);
}

/**
 * A deposit at account close: of what was paid of it, the debt left is paid first and the rest
 * refunded; what was never paid of it is no longer owed. `debt`: what the account owes apart from
 * the deposit itself (zero or more).
 */
export function depositRelease(d: { amount: string; unpaid: string; debt: string }): { cancel: string; apply: string; refund: string } {
  const paid = new Big(d.amount).minus(d.unpaid);
  const apply = new Big(d.debt).lt(paid) ? new Big(d.debt) : paid;
  return { cancel: new Big(d.unpaid).toFixed(), apply: apply.toFixed(), refund: paid.minus(apply).toFixed() };
}

/** `date` plus `months`, the day kept or, where the month is shorter, its last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface OnTimeRecord {
  /** The day the deposit was paid in full. */
  heldSince: string;
  /** Items due since then that were not paid in full by their due date. */
  lateItems: number;
  /** What is past due today. */
  pastDue: string;
}

/** Whether a deposit held by an account that stays is refunded on `date`: held N months, every bill since paid on time, nothing past due. */
export function onTimeRefundDue(r: OnTimeRecord, date: string, p: DepositPolicy): boolean {
  return addMonths(r.heldSince, p.refundAfterMonths) <= date && r.lateItems === 0 && new Big(r.pastDue).eq(0);
}

/** DEPOSIT_BY_CLASS / DEPOSIT_BY_CREDIT as written: `commercial=300,industrial=1000`, or `none`. */
export function parseAmounts(raw: string, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw.trim() === 'none') return out;
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z-]+)=((0|[1-9][0-9]*)(\.[0-9]+)?)$/.exec(part);
    if (!m || !keys.includes(m[1])) throw new Error(`expected ${keys.map((k) => `${k}=<amount>`).join(',')} (any of them) or none, not "${part}"`);
    out[m[1]] = m[2];
  }
  return out;
}
