/**
 * Every named rule of credit and collections, in one list (each is a small pure function with a
 * unit test beside it). What decides a step is here; the handlers only load facts and act.
 */
import { arrangementBroken, arrangementCompleted, arrangementSchedule, currentChargesUnpaid, installmentMissed } from '../arrangements/arrangement.rules';
import { byCreditCheck, byCustomerClass, depositRelease, depositRequired, onTimeRefundDue } from '../deposits/deposit.rules';
import { decideCollections } from './collections-step';
import { belowMinimum, customerProtected, moratorium } from './exemptions';
import { lateFee } from './late-fee';

export const CREDIT_RULES: ReadonlyArray<{ name: string; decides: string; rule: (...args: never[]) => unknown }> = [
  { name: 'late-fee', decides: 'the fee on an invoice past due beyond grace: a percent with a cap, or fixed', rule: lateFee },
  {
    name: 'collections-step',
    decides: 'the step for an account on a date: open, late fees, reminder, final notice, disconnection, close',
    rule: decideCollections,
  },
  { name: 'below-minimum', decides: 'no collections step while the arrears are below the minimum', rule: belowMinimum },
  { name: 'customer-protected', decides: 'no final notice and no disconnection for a protected customer', rule: customerProtected },
  { name: 'moratorium', decides: 'no disconnection in a configured moratorium period', rule: moratorium },
  { name: 'deposit-by-customer-class', decides: 'a deposit by customer class', rule: byCustomerClass },
  { name: 'deposit-by-credit-check', decides: 'a deposit by credit-check result', rule: byCreditCheck },
  { name: 'deposit-required', decides: 'the deposit required: the largest of the deposit rules', rule: depositRequired },
  { name: 'deposit-release', decides: 'at account close: the debt paid from the deposit, the rest refunded, the unpaid part dropped', rule: depositRelease },
  { name: 'deposit-on-time-refund', decides: 'a deposit refunded after N months of on-time payment', rule: onTimeRefundDue },
  { name: 'arrangement-schedule', decides: 'installments of exact minor units on the coming bill dates', rule: arrangementSchedule },
  { name: 'installment-missed', decides: 'an arrangement broken by an installment unpaid after its due date and grace', rule: installmentMissed },
  { name: 'current-charges-unpaid', decides: 'an arrangement broken by a current bill unpaid after its due date and grace', rule: currentChargesUnpaid },
  { name: 'arrangement-broken', decides: 'the first break rule that holds', rule: arrangementBroken },
  { name: 'arrangement-completed', decides: 'every installment raised and paid', rule: arrangementCompleted },
];
