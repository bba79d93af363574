/**
 * The collections step for one account on one date: a pure decision from the account's facts.
 *
 * An account whose oldest past-due item is more than `graceDays` past due opens a case with the
 * late fee (one per invoice past due beyond grace, for every such invoice while the case is open);
 * `reminderDays` later the reminder, `finalNoticeDays` after it the final notice, and
 * `disconnectionDays` after that the disconnection request. Each notice says to pay by the day
 * before the next step. One step per account and date; a step an exemption withholds waits (said
 * once per step and reason) and follows when the exemption ends. A case with nothing past due
 * closes; a case on hold and an account under a payment arrangement get nothing.
 */
import type { CollectionsStep } from '@utilia/contracts';
import { addDays, daysBetween } from '@utilia/platform';
import Big from 'big.js';
import { exemptionsOn, withholding, type Exemption, type ExemptionSettings } from './exemptions';
import { lateFee, type LateFeePolicy } from './late-fee';

export interface CollectionsPolicy extends ExemptionSettings {
  graceDays: number;
  reminderDays: number;
  finalNoticeDays: number;
  disconnectionDays: number;
  lateFee: LateFeePolicy;
}

export interface OpenCase {
  status: 'open' | 'on-hold';
  nextStep: CollectionsStep | null;
  nextDueOn: string | null;
  /** The last withheld step and reason said (`final-notice:customer-protected`), so it is said once. */
  withheld: string | null;
}

/** An invoice past due beyond grace that has no late fee yet. */
export interface LateItem {
  itemId: string;
  number: string;
  open: string;
}

export interface AccountFacts {
  currency: string;
  /** What is past due on the date. */
  arrears: string;
  oldestDueDate: string | null;
  lateItems: readonly LateItem[];
  protections: readonly string[];
  inArrangement: boolean;
  case: OpenCase | null;
}

export interface StepTaken {
  step: Exclude<CollectionsStep, 'late-fee'>;
  /** For a notice: the last day to pay before the next step. */
  payBy: string | null;
  next: { step: CollectionsStep; dueOn: string } | null;
}

export interface Decision {
  /** Nothing is past due any more: the case closes (paid in full). */
  close: boolean;
  /** A case opens (with the late-fee step). */
  open: { next: { step: CollectionsStep; dueOn: string } } | null;
  lateFees: Array<LateItem & { fee: string }>;
  step: StepTaken | null;
  withheld: (Exemption & { step: CollectionsStep }) | null;
}

const NOTHING: Decision = { close: false, open: null, lateFees: [], step: null, withheld: null };

function feesFor(f: AccountFacts, p: CollectionsPolicy, exemptions: Exemption[]): Decision['lateFees'] {
  if (withholding('late-fee', exemptions)) return [];
  return f.lateItems.flatMap((i) => {
    const fee = lateFee(p.lateFee, i.open, f.currency);
    return fee ? [{ ...i, fee }] : [];
  });
}

function take(step: StepTaken['step'], date: string, p: CollectionsPolicy): StepTaken {
  if (step === 'reminder') {
    const dueOn = addDays(date, p.finalNoticeDays);
    return { step, payBy: addDays(dueOn, -1), next: { step: 'final-notice', dueOn } };
  }
  if (step === 'final-notice') {
    const dueOn = addDays(date, p.disconnectionDays);
    return { step, payBy: addDays(dueOn, -1), next: { step: 'disconnection', dueOn } };
  }
  return { step, payBy: null, next: null };
}

export function decideCollections(f: AccountFacts, date: string, p: CollectionsPolicy): Decision {
  if (f.case && new Big(f.arrears).eq(0)) return { ...NOTHING, close: true };
  if (f.inArrangement || f.case?.status === 'on-hold') return NOTHING;
  const exemptions = exemptionsOn(f, date, p);
  if (!f.case) {
    const beyondGrace = f.oldestDueDate !== null && daysBetween(f.oldestDueDate, date) > p.graceDays;
    if (!beyondGrace || withholding('late-fee', exemptions)) return NOTHING;
    return { ...NOTHING, open: { next: { step: 'reminder', dueOn: addDays(date, p.reminderDays) } }, lateFees: feesFor(f, p, exemptions) };
  }
  const decision = { ...NOTHING, lateFees: feesFor(f, p, exemptions) };
  const { nextStep, nextDueOn } = f.case;
  if (!nextStep || nextStep === 'late-fee' || !nextDueOn || nextDueOn > date) return decision;
  const exemption = withholding(nextStep, exemptions);
  if (!exemption) return { ...decision, step: take(nextStep, date, p) };
  const said = f.case.withheld === `${nextStep}:${exemption.rule}`;
  return said ? decision : { ...decision, withheld: { ...exemption, step: nextStep } };
}
