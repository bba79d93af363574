import { createHash } from 'node:crypto';
import { uuidv7 } from '@utilia/contracts';
import { localDateOf, RuleViolation, type CommandTx } from '@utilia/platform';
import { BankFileError, isBooked, matchKeys, readCamt, type CamtEntry, type CamtStatement } from '@utilia/bankfiles';
import type { PaymentsConfig } from '../config';
import { suspenseLines } from '../ledger/journal';
import { postEntry } from '../ledger/post';
import { receivePayment, reversePayment } from '../payments/payment.handler';
import { decideEntry, referenceKeys, type EntryDecision, type EntryKeys, type Known } from './matching';

/** One amount a bank entry moved: the entry, or each transaction of a batch booking that gives its own amount. */
export interface BankUnit {
  key: string;
  amount: string;
  currency: string;
  bookingDate: string;
  reference: string;
  endToEndId: string | null;
  keys: EntryKeys;
  returnReason: string | null;
}

/** What an import did, entry by entry. */
export interface ImportSummary {
  format: string;
  statements: Array<{ id: string; statementRef: string; reconciles: boolean }>;
  entries: number;
  alreadyImported: number;
  outcomes: Record<EntryDecision['kind'] | 'currency-mismatch', number>;
  problems: string[];
}

/** The units of a camt entry: a batch booking's transactions one by one when each has its amount, else the entry. */
export function unitsOf(statement: CamtStatement, entry: CamtEntry, fallbackDate: string): BankUnit[] {
  const keys = matchKeys(entry);
  const base = `${statement.account.iban ?? statement.account.other ?? statement.id}|${entry.accountServicerReference ?? `${statement.id}#${entry.index}`}`;
  const bookingDate = entry.bookingDate ?? entry.valueDate ?? fallbackDate;
  const split = entry.transactions.length > 1 && entry.transactions.every((t) => t.amount !== null);
  const flags = { creditDebit: entry.creditDebit, reversal: entry.reversal };
  if (!split)
    return [
      {
        key: base,
        amount: entry.amount,
        currency: entry.currency,
        bookingDate,
        reference: entry.accountServicerReference ?? entry.reference ?? statement.id,
        endToEndId: keys.endToEndIds[0] ?? null,
        keys: { ...flags, endToEndIds: keys.endToEndIds, creditorReferences: keys.creditorReferences, remittanceTexts: keys.remittanceTexts },
        returnReason: entry.transactions.find((t) => t.returnInformation?.reason)?.returnInformation?.reason ?? null,
      },
    ];
  return entry.transactions.map((t, i) => {
    const one = matchKeys({ ...entry, transactions: [t] });
    return {
      key: `${base}|${i}`,
      amount: t.amount as string,
      currency: t.currency ?? entry.currency,
      bookingDate,
      reference: t.accountServicerReference ?? t.endToEndId ?? entry.accountServicerReference ?? statement.id,
      endToEndId: one.endToEndIds[0] ?? null,
      keys: { ...flags, endToEndIds: one.endToEndIds, creditorReferences: one.creditorReferences, remittanceTexts: one.remittanceTexts },
      returnReason: t.returnInformation?.reason ?? null,
    };
  });
}

/** What payments knows about the units' keys: direct debits, payments by end-to-end id, accounts by reference (three queries). */
export async function knownFor(tx: Pick<CommandTx, 'query'>, units: readonly BankUnit[]): Promise<Known> {
  const ids = [...new Set(units.flatMap((u) => u.keys.endToEndIds))];
  const refs = [...new Set(units.flatMap((u) => referenceKeys(u.keys)))];
  const debits = await tx.query<{ end_to_end_id: string; id: string; status: string; payment_id: string | null; account_id: string }>(
    'select end_to_end_id, id, status, payment_id, account_id from direct_debit where end_to_end_id = any($1)',
    [ids],
  );
  const payments = await tx.query<{ end_to_end_id: string; id: string; status: string; account_id: string }>(
    'select end_to_end_id, id, status, account_id from payment where end_to_end_id = any($1)',
    [ids],
  );
  const accounts = await tx.query<{ key: string; account_id: string }>(
    `select distinct upper(regexp_replace(number, '[^A-Za-z0-9]', '', 'g')) as key, account_id from open_item
      where upper(regexp_replace(number, '[^A-Za-z0-9]', '', 'g')) = any($1)
     union select account_number, id from p_account where account_number = any($1)`,
    [refs],
  );
  const byKey = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const a of accounts) {
    if (byKey.has(a.key) && byKey.get(a.key) !== a.account_id) ambiguous.add(a.key);
    byKey.set(a.key, a.account_id);
  }
  for (const k of ambiguous) byKey.delete(k);
  return {
    debits: new Map(debits.map((d) => [d.end_to_end_id, { id: d.id, status: d.status, paymentId: d.payment_id, accountId: d.account_id }])),
    payments: new Map(payments.map((p) => [p.end_to_end_id, { id: p.id, status: p.status, accountId: p.account_id }])),
    accounts: byKey,
  };
}

/**
 * Books one unit of a bank file as decided: a payment on an account (bank transfer, or a direct
 * debit settled), a reversal of what a returned debit had paid, money in suspense (held on
 * unapplied cash for a CSR), or nothing. Returns the outcome and, for the entry's row, what it touched.
 */
export async function bookUnit(
  tx: CommandTx,
  unit: BankUnit,
  decision: EntryDecision,
  config: PaymentsConfig,
  by: string,
): Promise<{
  status: string;
  reason: string;
  accountId?: string;
  paymentId?: string;
  debitId?: string;
  outcome: ImportSummary['outcomes'] extends Record<infer K, number> ? K : never;
}> {
  const amount = { amount: unit.amount, currency: unit.currency };
  const inSuspense = async (why: string) => {
    if (unit.keys.creditDebit === 'CRDT')
      await postEntry(tx, {
        kind: 'suspense',
        source: `bank:${unit.key}`,
        accountId: null,
        reference: unit.reference,
        description: `Bank credit nobody is matched to yet: ${why}`,
        occurredOn: unit.bookingDate,
        currency: unit.currency,
        lines: suspenseLines('bank-transfer', unit.amount),
      });
    return { status: 'suspense', reason: why };
  };
  switch (decision.kind) {
    case 'settle-debit':
    case 'pay-account': {
      const [account] = await tx.query<{ currency: string }>('select currency from p_account where id = $1', [decision.accountId]);
      if (account?.currency !== unit.currency)
        return {
          ...(await inSuspense(`the account is billed in ${account?.currency ?? 'an unknown currency'}, the money came in ${unit.currency}`)),
          outcome: 'currency-mismatch',
        };
      const settle = decision.kind === 'settle-debit';
      const paid = await receivePayment(
        tx,
        {
          accountId: decision.accountId,
          amount,
          channel: settle ? 'direct-debit' : 'bank-transfer',
          reference: unit.reference.slice(0, 140),
          receivedOn: unit.bookingDate,
          ...(unit.endToEndId && !settle ? { endToEndId: unit.endToEndId } : {}),
          ...(settle && unit.endToEndId ? { endToEndId: unit.endToEndId } : {}),
          by,
        },
        config,
      );
      if (settle) await tx.query(`update direct_debit set status = 'paid', payment_id = $2 where id = $1`, [decision.debitId, paid.paymentId]);
      return {
        status: 'matched',
        reason: settle ? 'direct debit settled' : 'payment for the account its reference names',
        accountId: decision.accountId,
        paymentId: paid.paymentId,
        ...(settle ? { debitId: decision.debitId } : {}),
        outcome: decision.kind,
      };
    }
    case 'already-recorded':
      return {
        status: 'matched',
        reason: 'the payment was recorded already',
        accountId: decision.accountId,
        paymentId: decision.paymentId,
        outcome: decision.kind,
      };
    case 'reverse-payment': {
      await reversePayment(
        tx,
        {
          paymentId: decision.paymentId,
          kind: 'returned-direct-debit',
          reason: `returned by the bank (${unit.reference})`,
          ...(unit.returnReason ? { returnReason: unit.returnReason.slice(0, 10) } : {}),
          reversedOn: unit.bookingDate,
          by,
        },
        config,
      );
      if (decision.debitId)
        await tx.query(`update direct_debit set status = 'returned', return_reason = $2 where id = $1`, [decision.debitId, unit.returnReason]);
      return {
        status: 'returned',
        reason: `returned${unit.returnReason ? ` (${unit.returnReason})` : ''}`,
        accountId: decision.accountId,
        paymentId: decision.paymentId,
        outcome: decision.kind,
      };
    }
    case 'return-unsettled-debit':
      await tx.query(`update direct_debit set status = 'returned', return_reason = $2 where id = $1`, [decision.debitId, unit.returnReason]);
      return {
        status: 'returned',
        reason: 'a direct debit returned before it was settled',
        accountId: decision.accountId,
        debitId: decision.debitId,
        outcome: decision.kind,
      };
    case 'suspense':
      return { ...(await inSuspense(decision.why)), outcome: decision.kind };
    case 'ignore':
      return { status: 'ignored', reason: decision.why, outcome: decision.kind };
  }
}

/** Records a unit's entry row (once per bank reference: false when the file was imported before). */
export async function recordUnit(tx: Pick<CommandTx, 'query'>, statementId: string, unit: BankUnit): Promise<string | undefined> {
  const [row] = await tx.query<{ id: string }>(
    `insert into bank_entry (id, statement_id, entry_key, amount, currency, direction, booking_date, end_to_end_id, reference, keys, status, reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'new', '') on conflict (entry_key) do nothing returning id`,
    [
      uuidv7(),
      statementId,
      unit.key,
      unit.amount,
      unit.currency,
      unit.keys.creditDebit,
      unit.bookingDate,
      unit.endToEndId,
      unit.reference,
      JSON.stringify(unit.keys),
    ],
  );
  return row?.id;
}

/** What booking a unit did, for its entry row and the summary. */
export type Booked = Awaited<ReturnType<typeof bookUnit>>;

/** Records a unit's entry and books it (nothing when the file was imported before), counting it in the summary. */
export async function importUnit(
  tx: Pick<CommandTx, 'query'>,
  statementId: string,
  unit: BankUnit,
  summary: ImportSummary,
  book: () => Promise<Booked>,
): Promise<void> {
  summary.entries++;
  const entryId = await recordUnit(tx, statementId, unit);
  if (!entryId) {
    summary.alreadyImported++;
    return;
  }
  const booked = await book();
  summary.outcomes[booked.outcome]++;
  await tx.query(`update bank_entry set status = $2, reason = $3, account_id = $4, payment_id = $5, direct_debit_id = $6 where id = $1`, [
    entryId,
    booked.status,
    booked.reason,
    booked.accountId ?? null,
    booked.paymentId ?? null,
    booked.debitId ?? null,
  ]);
}

export const emptyOutcomes = (): ImportSummary['outcomes'] => ({
  'settle-debit': 0,
  'already-recorded': 0,
  'pay-account': 0,
  'reverse-payment': 0,
  'return-unsettled-debit': 0,
  suspense: 0,
  ignore: 0,
  'currency-mismatch': 0,
});

/**
 * Imports an ISO 20022 camt.053 statement (or camt.052/054): every booked entry matched and booked
 * once (a file imported again books nothing twice), a statement that does not add up imported with
 * its warning. One transaction: the whole file or nothing.
 * @throws RuleViolation `bank-file-unreadable` (422) with the reason when it is not a camt file it can read.
 */
export async function importStatement(tx: CommandTx, xml: string, by: string, config: PaymentsConfig): Promise<ImportSummary> {
  let doc;
  try {
    doc = readCamt(xml);
  } catch (e) {
    if (e instanceof BankFileError) throw new RuleViolation('bank-file-unreadable', e.message.slice(0, 500));
    throw e;
  }
  const sha = createHash('sha256').update(xml).digest('hex');
  const today = localDateOf(tx.now, config.timeZone);
  const summary: ImportSummary = {
    format: doc.format,
    statements: [],
    entries: 0,
    alreadyImported: 0,
    outcomes: emptyOutcomes(),
    problems: doc.problems.map((p) => p.message),
  };
  for (const statement of doc.statements) {
    const statementId = uuidv7();
    const r = statement.reconciliation;
    await tx.query(
      `insert into bank_statement (id, format, statement_ref, bank_account, currency, opening_balance, closing_balance, reconciles, problems, file_sha256, imported_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        statementId,
        doc.format,
        statement.id,
        statement.account.iban ?? statement.account.other,
        statement.currency,
        r.opening?.amount ?? null,
        r.closing?.amount ?? null,
        r.reconciles,
        JSON.stringify(doc.problems.filter((p) => p.message.includes(statement.id)).map((p) => p.message)),
        sha,
        by,
      ],
    );
    summary.statements.push({ id: statementId, statementRef: statement.id, reconciles: r.reconciles });
    const units = statement.entries.filter(isBooked).flatMap((e) => unitsOf(statement, e, today));
    const known = await knownFor(tx, units);
    for (const unit of units) await importUnit(tx, statementId, unit, summary, () => bookUnit(tx, unit, decideEntry(unit.keys, known), config, by));
  }
  return summary;
}
