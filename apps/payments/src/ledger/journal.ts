/**
 * Journal entries as values: what a financial event posts, built by pure functions and checked
 * balanced before anything is written. Amounts are decimal strings (big.js), never numbers.
 */
import Big from 'big.js';
import { accountOfComponent, CASH_BY_CHANNEL, LEDGER, type Channel } from './chart';

/** One side of an entry: a ledger account, debited or credited; `accountId` when it is a customer's receivable. */
export interface JournalLine {
  code: string;
  accountId?: string;
  component?: string;
  debit: string;
  credit: string;
}

export interface JournalEntry {
  kind: string;
  /** What it posts, once: e.g. `invoice:<id>`; a second posting of the same source is nothing. */
  source: string;
  accountId: string | null;
  reference: string;
  description: string;
  occurredOn: string;
  currency: string;
  lines: JournalLine[];
}

const ZERO = new Big(0);

/** A line with a signed amount: positive debits, negative credits. Zero: no line. */
function signed(code: string, amount: Big, extra: Pick<JournalLine, 'accountId' | 'component'> = {}): JournalLine[] {
  if (amount.eq(0)) return [];
  return [{ code, ...extra, debit: amount.gt(0) ? amount.toFixed() : '0', credit: amount.lt(0) ? amount.abs().toFixed() : '0' }];
}

/** Whether debits equal credits (and there is something to post). */
export function isBalanced(lines: readonly JournalLine[]): boolean {
  const d = lines.reduce((s, l) => s.plus(l.debit), ZERO);
  const c = lines.reduce((s, l) => s.plus(l.credit), ZERO);
  return lines.length > 0 && d.eq(c);
}

/**
 * An invoice's lines: the receivable debited by their sum, each component's revenue (or tax payable)
 * credited (a credit line, such as an export credit, debits it). Charges on the invoice are not
 * posted again: payments posted them when it raised them. `sign` -1 posts a credit note (the mirror).
 */
export function billLines(accountId: string, lines: ReadonlyArray<{ component: string; amount: string }>, sign: 1 | -1): JournalLine[] {
  const byCode = new Map<string, { component: string; amount: Big }>();
  let total = ZERO;
  for (const l of lines) {
    const code = accountOfComponent(l.component);
    const amount = new Big(l.amount).times(sign);
    total = total.plus(amount);
    const prev = byCode.get(code);
    byCode.set(code, { component: prev?.component ?? l.component, amount: (prev?.amount ?? ZERO).plus(amount) });
  }
  return [
    ...signed(LEDGER.receivable, total, { accountId }),
    ...[...byCode.entries()].flatMap(([code, v]) => signed(code, v.amount.neg(), { component: v.component })),
  ];
}

/** Cash received on a channel against the account's receivable. */
export function paymentLines(accountId: string, channel: Channel, amount: string): JournalLine[] {
  return [...signed(CASH_BY_CHANNEL[channel], new Big(amount)), ...signed(LEDGER.receivable, new Big(amount).neg(), { accountId })];
}

/** A reversal (returned debit, bounced check, chargeback) or a refund: the receivable back up, the cash out. */
export function cashOutLines(accountId: string, channel: Channel, amount: string): JournalLine[] {
  return paymentLines(accountId, channel, new Big(amount).neg().toFixed());
}

/** A charge payments raises: a fee is revenue, a deposit a liability held for the customer. */
export function chargeLines(accountId: string, kind: 'fee' | 'deposit', amount: string): JournalLine[] {
  const counter = kind === 'deposit' ? LEDGER.customerDeposits : LEDGER.fees;
  return [...signed(LEDGER.receivable, new Big(amount), { accountId }), ...signed(counter, new Big(amount).neg(), { component: kind })];
}

/** Debt written off: an expense, the receivable cleared. */
export function writeOffLines(accountId: string, amount: string): JournalLine[] {
  return [...signed(LEDGER.writeOffs, new Big(amount)), ...signed(LEDGER.receivable, new Big(amount).neg(), { accountId })];
}

/** A deposit held applied to the account's debt. */
export function depositApplicationLines(accountId: string, amount: string): JournalLine[] {
  return [...signed(LEDGER.customerDeposits, new Big(amount)), ...signed(LEDGER.receivable, new Big(amount).neg(), { accountId })];
}

/** A deposit paid back to the customer. */
export function depositRefundLines(channel: Channel, amount: string): JournalLine[] {
  return [...signed(LEDGER.customerDeposits, new Big(amount)), ...signed(CASH_BY_CHANNEL[channel], new Big(amount).neg())];
}

/** Bank money nobody is matched to yet: cash in, held as unapplied; and its later application to an account. */
export function suspenseLines(channel: Channel, amount: string): JournalLine[] {
  return [...signed(CASH_BY_CHANNEL[channel], new Big(amount)), ...signed(LEDGER.unappliedCash, new Big(amount).neg())];
}
export function suspenseApplicationLines(accountId: string, amount: string): JournalLine[] {
  return [...signed(LEDGER.unappliedCash, new Big(amount)), ...signed(LEDGER.receivable, new Big(amount).neg(), { accountId })];
}

/** The reversing entry of an entry: every debit a credit and the other way round. */
export function reversing(lines: readonly JournalLine[]): JournalLine[] {
  return lines.map((l) => ({ ...l, debit: l.credit, credit: l.debit }));
}
