/**
 * What a bank statement entry is to the receivables: a pure decision over the entry's keys and what
 * payments knows (direct debits sent, payments recorded, references of open items). A credit is a
 * direct debit settled (its end-to-end id), a payment already recorded (its end-to-end id), or a
 * payment for the account its reference names (an RF creditor reference or an invoice number in the
 * remittance text, or the account number); a returned debit is a reversal; anything else waits in
 * suspense for a CSR. A debit that is not a return is the utility's own money going out: not ours to book.
 */

/** The matching keys of an entry (libs/bankfiles `matchKeys`, with the entry's direction and flags). */
export interface EntryKeys {
  creditDebit: 'CRDT' | 'DBIT';
  reversal: boolean;
  endToEndIds: readonly string[];
  creditorReferences: readonly string[];
  remittanceTexts: readonly string[];
}

/** What payments knows about the keys it was asked about. */
export interface Known {
  /** Direct debits sent, by end-to-end id. */
  debits: ReadonlyMap<string, { id: string; status: string; paymentId: string | null; accountId: string }>;
  /** Payments recorded with an end-to-end id. */
  payments: ReadonlyMap<string, { id: string; status: string; accountId: string }>;
  /** Accounts by reference key (an open item's number without separators, or an account number). */
  accounts: ReadonlyMap<string, string>;
}

export type EntryDecision =
  | { kind: 'settle-debit'; debitId: string; accountId: string }
  | { kind: 'already-recorded'; paymentId: string; accountId: string }
  | { kind: 'pay-account'; accountId: string; via: string }
  | { kind: 'reverse-payment'; paymentId: string; accountId: string; debitId?: string }
  | { kind: 'return-unsettled-debit'; debitId: string; accountId: string }
  | { kind: 'suspense'; why: string }
  | { kind: 'ignore'; why: string };

const ISO11649 = /^RF\d{2}([A-Z0-9]{1,21})$/;
/** Invoice numbers (INV-000000042) and account numbers (6-20 digits) people write in remittance text. */
const TEXT_REFERENCES = /\b[A-Z]{2,4}-?\d{6,12}\b|\b\d{6,20}\b/g;

/** The reference keys an entry carries: what an RF reference stands for, and numbers in its remittance text. */
export function referenceKeys(keys: Pick<EntryKeys, 'creditorReferences' | 'remittanceTexts'>): string[] {
  const out = new Set<string>();
  for (const ref of keys.creditorReferences) {
    const m = ISO11649.exec(ref.replace(/\s+/g, '').toUpperCase());
    out.add(m ? m[1] : ref.replace(/[^A-Za-z0-9]/g, '').toUpperCase());
  }
  for (const text of keys.remittanceTexts) for (const m of text.toUpperCase().matchAll(TEXT_REFERENCES)) out.add(m[0].replace(/[^A-Z0-9]/g, ''));
  return [...out];
}

export function decideEntry(entry: EntryKeys, known: Known): EntryDecision {
  const debit = entry.endToEndIds.map((e) => known.debits.get(e)).find((d) => d !== undefined);
  const payment = entry.endToEndIds.map((e) => known.payments.get(e)).find((p) => p !== undefined);
  if (entry.reversal) {
    if (debit?.status === 'paid' && debit.paymentId)
      return { kind: 'reverse-payment', paymentId: debit.paymentId, accountId: debit.accountId, debitId: debit.id };
    if (debit?.status === 'submitted') return { kind: 'return-unsettled-debit', debitId: debit.id, accountId: debit.accountId };
    if (payment?.status === 'received') return { kind: 'reverse-payment', paymentId: payment.id, accountId: payment.accountId };
    return { kind: 'suspense', why: 'a returned payment nothing here matches' };
  }
  if (entry.creditDebit === 'DBIT') return { kind: 'ignore', why: 'money going out of the account: not a customer payment' };
  if (debit?.status === 'submitted') return { kind: 'settle-debit', debitId: debit.id, accountId: debit.accountId };
  if (debit) return { kind: 'ignore', why: `the direct debit was already ${debit.status}` };
  if (payment) return { kind: 'already-recorded', paymentId: payment.id, accountId: payment.accountId };
  const accounts = [
    ...new Set(
      referenceKeys(entry)
        .map((k) => known.accounts.get(k))
        .filter((a): a is string => a !== undefined),
    ),
  ];
  if (accounts.length === 1) return { kind: 'pay-account', accountId: accounts[0], via: 'reference' };
  if (accounts.length > 1) return { kind: 'suspense', why: 'its references name more than one account' };
  return { kind: 'suspense', why: 'no reference, end-to-end id or account number matches' };
}
