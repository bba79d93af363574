/**
 * Payment arrangements, as pure rules: the account's coming bill dates, the arrears split into
 * installments of exact minor units that add up to the arrears (one per coming bill, due with it),
 * and when an arrangement is broken (named rules) or completed.
 */
import { addDays, daysBetween } from '@utilia/platform';
import { minorUnitDigits } from '@utilia/rating';
import Big from 'big.js';
import { addMonths } from '../deposits/deposit.rules';

/**
 * The next `n` bill dates after `after`. A bill cycle `01`..`28` is read and billed on that day of
 * each month (invoicing's cycles); another cycle code bills monthly on the day `after` falls on
 * (the 28th at most).
 */
export function comingBillDates(cycle: string | null, after: string, n: number): string[] {
  const day = cycle && /^[0-9]{1,2}$/.test(cycle) && Number(cycle) >= 1 && Number(cycle) <= 28 ? Number(cycle) : Math.min(Number(after.slice(8)), 28);
  const first = `${after.slice(0, 8)}${String(day).padStart(2, '0')}`;
  const start = first > after ? first : addMonths(first, 1);
  return Array.from({ length: n }, (_, k) => addMonths(start, k));
}

/** `arrears` in `n` parts of whole minor units adding up to it exactly; the first parts carry the odd units. */
export function splitArrears(arrears: string, currency: string, n: number): string[] {
  const scale = new Big(10).pow(minorUnitDigits(currency));
  const units = new Big(arrears).times(scale);
  if (!units.eq(units.round(0, Big.roundDown))) throw new Error(`arrears ${arrears} are not whole minor units of ${currency}`);
  const base = units.div(n).round(0, Big.roundDown);
  const odd = units.minus(base.times(n)).toNumber();
  return Array.from({ length: n }, (_, k) => (k < odd ? base.plus(1) : base).div(scale).toFixed());
}

export interface ScheduledInstallment {
  number: number;
  amount: string;
  /** The bill that shows it. */
  billDate: string;
  /** Planned due date (the invoice that shows it sets the real one). */
  dueDate: string;
  /** When it is raised as a charge, so that bill shows it. */
  raiseOn: string;
}

export interface ScheduleInput {
  arrears: string;
  currency: string;
  installments: number;
  /** The date the arrangement is made. */
  madeOn: string;
  billCycle: string | null;
  /** Days from a bill to its due date. */
  termsDays: number;
  /** Days before its bill an installment is raised. */
  leadDays: number;
}

/** The installments of an arrangement: one per coming bill, due with it. */
export function arrangementSchedule(s: ScheduleInput): ScheduledInstallment[] {
  const bills = comingBillDates(s.billCycle, s.madeOn, s.installments);
  return splitArrears(s.arrears, s.currency, s.installments).map((amount, k) => ({
    number: k + 1,
    amount,
    billDate: bills[k],
    dueDate: addDays(bills[k], s.termsDays),
    raiseOn: addDays(bills[k], -s.leadDays) < s.madeOn ? s.madeOn : addDays(bills[k], -s.leadDays),
  }));
}

export interface ArrangementFacts {
  /** Installments raised (with their open item) and not yet raised. */
  installments: ReadonlyArray<{ number: number; raised: boolean; open: string; dueDate: string }>;
  /** Items billed since the arrangement was made, outside it, still open: the current bills. */
  currentItems: ReadonlyArray<{ open: string; dueDate: string | null }>;
}

export interface Break {
  reason: 'installment-missed' | 'current-charges-unpaid';
  missedInstallment?: number;
}

const overdue = (dueDate: string | null, open: string, date: string, grace: number) =>
  dueDate !== null && new Big(open).gt(0) && daysBetween(dueDate, date) > grace;

export const installmentMissed = (f: ArrangementFacts, date: string, grace: number): Break | null => {
  const missed = f.installments.find((i) => i.raised && overdue(i.dueDate, i.open, date, grace));
  return missed ? { reason: 'installment-missed', missedInstallment: missed.number } : null;
};

export const currentChargesUnpaid = (f: ArrangementFacts, date: string, grace: number): Break | null =>
  f.currentItems.some((i) => overdue(i.dueDate, i.open, date, grace)) ? { reason: 'current-charges-unpaid' } : null;

/** Every rule that breaks an arrangement, in the order they are reported. */
export const ARRANGEMENT_BREAK_RULES = [installmentMissed, currentChargesUnpaid] as const;

/** Why the arrangement is broken on `date` (a payment not made by its due date plus `grace` days), or null. */
export function arrangementBroken(f: ArrangementFacts, date: string, grace: number): Break | null {
  for (const rule of ARRANGEMENT_BREAK_RULES) {
    const b = rule(f, date, grace);
    if (b) return b;
  }
  return null;
}

/** Every installment raised and paid. */
export function arrangementCompleted(f: ArrangementFacts): boolean {
  return f.installments.every((i) => i.raised && new Big(i.open).eq(0));
}
