/**
 * Does a statement add up? Opening booked balance + booked credits − booked debits = closing booked balance, in the
 * statement's currency. A statement that does not is still imported: the importer warns (a {@link Problem}) rather
 * than refusing it or taking it silently.
 */
import { Big, formatAmount, readUnsignedDecimal, type Decimal } from '../decimal';
import { MESSAGES, problem, type Problem } from '../errors';
import { first, textAt, type XmlElement } from '../xml';
import type { CamtBalance, CamtEntry, CamtMessage, CreditDebit, Reconciliation } from './model';

/** Opening booked balance codes, in order of preference: OPBD (opening booked), PRCD (previously closed booked). */
export const OPENING_BALANCE_TYPES = ['OPBD', 'PRCD'] as const;
/** The closing booked balance code. */
export const CLOSING_BALANCE_TYPE = 'CLBD';

/** What {@link reconcile} looks at. */
export interface ReconcileInput {
  readonly message: CamtMessage;
  /** `statement <id>`: the start of each problem. */
  readonly where: string;
  readonly currency: string | null;
  readonly balances: readonly CamtBalance[];
  readonly entries: readonly CamtEntry[];
}

/** Only booked entries move the booked balances; pending (PDNG) and information-only (INFO) ones do not. */
export const isBooked = (entry: CamtEntry) => entry.status === null || entry.status === 'BOOK';

const sum = (entries: readonly CamtEntry[], direction: CreditDebit) =>
  entries.filter((e) => e.creditDebit === direction).reduce((total, e) => total.plus(e.amount), new Big(0));

/** The first reason the statement does not reconcile, or undefined when it does. */
function whyNot(input: ReconcileInput, opening: CamtBalance | null, closing: CamtBalance | null, expected: Decimal | null): string | undefined {
  if (!opening) return MESSAGES.noBalance('opening booked', OPENING_BALANCE_TYPES.join(' or '));
  if (!closing) return MESSAGES.noBalance('closing booked', CLOSING_BALANCE_TYPE);
  const currency = input.currency ?? opening.currency;
  for (const b of [opening, closing]) {
    if (b.currency !== currency) return MESSAGES.currencyMismatch(`the ${b === opening ? 'opening' : 'closing'} balance (${b.type})`, b.currency, currency);
  }
  const foreign = input.entries.filter(isBooked).find((e) => e.currency !== currency);
  if (foreign) return MESSAGES.currencyMismatch(`entry ${foreign.index}`, foreign.currency, currency);
  if (expected && !expected.eq(closing.amount)) {
    const { credits, debits } = totals(input, currency);
    const show = (d: Decimal) => formatAmount(d, currency);
    return MESSAGES.notReconciled(show(new Big(opening.amount)), show(credits), show(debits), `${show(expected)} ${currency}`, `${closing.amount} ${currency}`);
  }
  return undefined;
}

function totals(input: ReconcileInput, currency: string | null) {
  const booked = input.entries.filter((e) => isBooked(e) && e.currency === currency);
  return { credits: sum(booked, 'CRDT'), debits: sum(booked, 'DBIT') };
}

/**
 * Reconciles one statement. A camt.053 statement must reconcile; a camt.052 report is held to it only when it has both
 * booked balances; a camt.054 notification carries none, so it never reconciles and never warns.
 */
export function reconcile(input: ReconcileInput): { reconciliation: Reconciliation; problems: Problem[] } {
  const opening = OPENING_BALANCE_TYPES.map((t) => input.balances.find((b) => b.type === t)).find((b) => b !== undefined) ?? null;
  const closing = input.balances.find((b) => b.type === CLOSING_BALANCE_TYPE) ?? null;
  const currency = input.currency ?? opening?.currency ?? null;
  const { credits, debits } = totals(input, currency);
  const expected = opening ? new Big(opening.amount).plus(credits).minus(debits) : null;
  const reason = whyNot(input, opening, closing, expected);
  const held = input.message === 'camt.053' || (input.message === 'camt.052' && opening !== null && closing !== null);
  return {
    reconciliation: {
      reconciles: reason === undefined,
      opening,
      closing,
      credits: formatAmount(credits, currency),
      debits: formatAmount(debits, currency),
      expectedClosing: expected ? formatAmount(expected, currency) : null,
    },
    problems: reason !== undefined && held ? [problem('not-reconciled', input.where, reason)] : [],
  };
}

/** Checks TxsSummry (number and sum of entries, credits, debits) against the entries; a problem per difference. */
export function checkSummary(where: string, summary: XmlElement | undefined, entries: readonly CamtEntry[]): Problem[] {
  if (!summary) return [];
  const groups: Array<[string, string, readonly CamtEntry[]]> = [
    ['TtlNtries', 'entries', entries],
    ['TtlCdtNtries', 'credit entries', entries.filter((e) => e.creditDebit === 'CRDT')],
    ['TtlDbtNtries', 'debit entries', entries.filter((e) => e.creditDebit === 'DBIT')],
  ];
  return groups.flatMap(([element, what, group]) => {
    const totalsElement = first(summary, element);
    if (!totalsElement) return [];
    const found: Problem[] = [];
    const count = textAt(totalsElement, 'NbOfNtries');
    if (count !== null && count !== String(group.length)) {
      found.push(problem('summary-mismatch', where, MESSAGES.summaryMismatch(`the number of ${what}`, count, String(group.length))));
    }
    const stated = textAt(totalsElement, 'Sum');
    const total = group.reduce((t, e) => t.plus(e.amount), new Big(0));
    const statedValue = stated === null ? undefined : readUnsignedDecimal(stated);
    // TtlNtries/Sum is the sum of all amounts regardless of direction in some banks' files, a net figure in others:
    // only the one-direction sums are compared.
    if (stated !== null && element !== 'TtlNtries' && (statedValue === undefined || !statedValue.eq(total))) {
      found.push(problem('summary-mismatch', where, MESSAGES.summaryMismatch(`the sum of ${what}`, stated, total.toString())));
    }
    return found;
  });
}
