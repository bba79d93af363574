import { uuidv7 } from '@utilia/contracts';
import { InvalidInput, readNacha, writeNachaPpdDebits, writePain008, type Collection, type Pain008Version, type PpdDebitFile } from '@utilia/bankfiles';
import { localDateOf, RuleViolation, type CommandTx } from '@utilia/platform';
import { formatMoney } from '@utilia/rating';
import Big from 'big.js';
import type { PaymentsConfig } from '../config';
import { accountOf, receivePayment } from '../payments/payment.handler';

export interface MandateInput {
  accountId: string;
  scheme: 'sepa' | 'nacha';
  mandateRef: string;
  signedOn: string;
  debtorName: string;
  iban?: string;
  bic?: string;
  routingNumber?: string;
  bankAccountNumber?: string;
  bankAccountType?: 'checking' | 'savings';
  by: string;
}

/** A direct-debit mandate for an account: SEPA (IBAN, BIC, signature date) or NACHA (routing and account number). One active per scheme. */
export async function recordMandate(tx: CommandTx, input: MandateInput): Promise<{ mandateId: string }> {
  await accountOf(tx, input.accountId);
  if (input.scheme === 'sepa' && !input.iban) throw new RuleViolation('mandate-incomplete', 'a SEPA mandate names the debtor IBAN');
  if (input.scheme === 'nacha' && !(input.routingNumber && input.bankAccountNumber && input.bankAccountType))
    throw new RuleViolation('mandate-incomplete', 'an ACH authorisation names the routing number, the account number and its type');
  const mandateId = uuidv7();
  await tx.query(`update mandate set status = 'replaced' where account_id = $1 and scheme = $2 and status = 'active'`, [input.accountId, input.scheme]);
  await tx.query(
    `insert into mandate (id, account_id, scheme, mandate_ref, signed_on, debtor_name, iban, bic, routing_number, bank_account_number, bank_account_type, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      mandateId,
      input.accountId,
      input.scheme,
      input.mandateRef,
      input.signedOn,
      input.debtorName,
      input.iban ?? null,
      input.bic ?? null,
      input.routingNumber ?? null,
      input.bankAccountNumber ?? null,
      input.bankAccountType ?? null,
      input.by,
    ],
  );
  return { mandateId };
}

interface DueDebit {
  account_id: string;
  account_number: string;
  mandate_id: string;
  mandate_ref: string;
  signed_on: string;
  debtor_name: string;
  iban: string | null;
  bic: string | null;
  routing_number: string | null;
  bank_account_number: string | null;
  bank_account_type: 'checking' | 'savings' | null;
  next_sequence: 'FRST' | 'RCUR';
  currency: string;
  due: string;
}

/**
 * The direct debits of a collection date: every account with an active mandate of the scheme, in its
 * currency (SEPA: EUR, NACHA: USD), collecting what falls due by that date (open items due on or
 * before it), none with a debit still unsettled. Each gets an end-to-end id (and for NACHA the trace
 * number the file gives it) so the statement or a return finds it; the file is kept.
 */
export async function collect(
  tx: CommandTx,
  input: { scheme: 'sepa' | 'nacha'; collectionDate: string; version?: Pain008Version; by: string },
  config: PaymentsConfig,
): Promise<{ fileId: string; format: string; transactions: number; total: string; currency: string; content: string }> {
  const currency = input.scheme === 'sepa' ? 'EUR' : 'USD';
  const due = await tx.query<DueDebit>(
    `select m.account_id, a.account_number, m.id as mandate_id, m.mandate_ref, m.signed_on::text as signed_on, m.debtor_name, m.iban, m.bic, m.routing_number,
            m.bank_account_number, m.bank_account_type, m.next_sequence, a.currency, sum(o.open_amount)::text as due
       from mandate m join p_account a on a.id = m.account_id join open_item o on o.account_id = m.account_id
      where m.scheme = $1 and m.status = 'active' and a.currency = $2 and o.open_amount > 0 and o.due_date <= $3::date
        and not exists (select 1 from direct_debit d where d.account_id = m.account_id and d.status = 'submitted')
      group by m.id, a.id order by a.account_number`,
    [input.scheme, currency, input.collectionDate],
  );
  if (due.length === 0) throw new RuleViolation('nothing-to-collect', `no ${input.scheme} mandate has anything due by ${input.collectionDate}`, 'conflict');
  const fileId = uuidv7();
  const debits = due.map((d) => ({ ...d, id: uuidv7(), endToEndId: `UTL-${uuidv7().replace(/-/g, '').slice(-20).toUpperCase()}` }));
  const total = debits.reduce((s, d) => s.plus(d.due), new Big(0));
  let content: string;
  let format: string;
  let traces: string[] = [];
  try {
    if (input.scheme === 'sepa') {
      const version = input.version ?? '001.08';
      const collection: Collection = {
        messageId: `UTL-${fileId.replace(/-/g, '').slice(-20).toUpperCase()}`,
        creditor: config.payments.directDebits.creditor,
        collectionDate: input.collectionDate,
        createdAt: tx.now.toISOString(),
        transactions: debits.map((d) => ({
          endToEndId: d.endToEndId,
          amount: new Big(d.due).toFixed(2),
          currency,
          mandateId: d.mandate_ref,
          mandateSignedOn: d.signed_on,
          sequenceType: d.next_sequence,
          debtor: { name: d.debtor_name.slice(0, 70), iban: d.iban as string, ...(d.bic ? { bic: d.bic } : {}) },
          remittance: `Utility account ${d.account_number}`,
        })),
      };
      content = writePain008(collection, { version });
      format = `pain.008.${version}`;
    } else {
      const ach = config.payments.directDebits.ach;
      const file: PpdDebitFile = {
        firstTraceSequence: await traceBlock(tx, ach.originatingDfi, debits.length),
        immediateDestination: ach.immediateDestination,
        immediateDestinationName: ach.immediateDestinationName,
        immediateOrigin: ach.immediateOrigin,
        immediateOriginName: ach.immediateOriginName,
        fileCreationDate: localDateOf(tx.now, config.timeZone),
        fileCreationTime: tx.now.toISOString().slice(11, 16),
        batches: [
          {
            companyName: ach.companyName,
            companyIdentification: ach.companyIdentification,
            companyEntryDescription: 'UTILITY',
            effectiveEntryDate: input.collectionDate,
            originatingDfi: ach.originatingDfi,
            entries: debits.map((d) => ({
              routingNumber: d.routing_number as string,
              accountNumber: d.bank_account_number as string,
              accountType: d.bank_account_type as 'checking' | 'savings',
              amount: new Big(d.due).toFixed(2),
              individualId: d.account_number.slice(0, 15),
              individualName: d.debtor_name.slice(0, 22),
            })),
          },
        ],
      };
      content = writeNachaPpdDebits(file);
      format = 'nacha-ppd';
      // The trace number of each entry, as the file gives it: what a return names.
      traces = readNacha(content).batches.flatMap((b) => b.entries.map((e) => e.traceNumber));
    }
  } catch (e) {
    if (e instanceof InvalidInput) throw new RuleViolation('collection-invalid', e.message.slice(0, 500));
    throw e;
  }
  await tx.query(
    `insert into collection_file (id, format, collection_date, currency, transactions, total, content, created_by) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [fileId, format, input.collectionDate, currency, debits.length, total.toFixed(2), content, input.by],
  );
  await tx.query(
    `insert into direct_debit (id, file_id, account_id, mandate_id, end_to_end_id, trace_number, sequence_type, amount, currency, collection_date)
     select d.id, $1, d.account_id, d.mandate_id, d.e2e, nullif(d.trace, ''), d.seq, d.amount, $2, $3
       from unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::numeric[]) as d(id, account_id, mandate_id, e2e, trace, seq, amount)`,
    [
      fileId,
      currency,
      input.collectionDate,
      debits.map((d) => d.id),
      debits.map((d) => d.account_id),
      debits.map((d) => d.mandate_id),
      debits.map((d) => d.endToEndId),
      debits.map((_, i) => traces[i] ?? ''),
      debits.map((d) => (input.scheme === 'sepa' ? d.next_sequence : null)),
      debits.map((d) => d.due),
    ],
  );
  // After a first collection the mandate's next one is recurring (SEPA FRST → RCUR).
  await tx.query(`update mandate set next_sequence = 'RCUR' where id = any($1::uuid[])`, [debits.map((d) => d.mandate_id)]);
  return { fileId, format, transactions: debits.length, total: formatMoney(total, currency), currency, content };
}

/**
 * The first of `n` trace sequence numbers of an originating bank, continuing its last file's (a
 * return names the original trace number: it must not repeat while a return can still come). The
 * row is locked until the transaction ends; after 9,999,999 the sequence starts again at 1.
 */
async function traceBlock(tx: Pick<CommandTx, 'query'>, dfi: string, n: number): Promise<number> {
  const [row] = await tx.query<{ first: number }>(
    `insert into ach_trace (originating_dfi, last) values ($1, $2)
       on conflict (originating_dfi) do update set last = case when ach_trace.last + $2 > 9999999 then $2 else ach_trace.last + $2 end
     returning last - $2 + 1 as first`,
    [dfi, n],
  );
  return row.first;
}

/**
 * ACH debits are good funds on their effective date unless returned: the NACHA debits due by `date`
 * become payments then (a return later reverses them). SEPA debits settle when the statement shows them.
 */
export async function settleAchDebits(tx: CommandTx, date: string, by: string, config: PaymentsConfig): Promise<{ settled: number }> {
  const due = await tx.query<{ id: string; account_id: string; amount: string; currency: string; end_to_end_id: string; collection_date: string }>(
    `select d.id, d.account_id, d.amount::text as amount, d.currency, d.end_to_end_id, d.collection_date::text as collection_date
       from direct_debit d join mandate m on m.id = d.mandate_id
      where m.scheme = 'nacha' and d.status = 'submitted' and d.collection_date <= $1 order by d.collection_date, d.id for update of d skip locked`,
    [date],
  );
  for (const d of due) {
    const paid = await receivePayment(
      tx,
      {
        accountId: d.account_id,
        amount: { amount: d.amount, currency: d.currency },
        channel: 'direct-debit',
        reference: `ACH ${d.end_to_end_id}`,
        receivedOn: d.collection_date,
        endToEndId: d.end_to_end_id,
        by,
      },
      config,
    );
    await tx.query(`update direct_debit set status = 'paid', payment_id = $2 where id = $1`, [d.id, paid.paymentId]);
  }
  return { settled: due.length };
}
