import { BillHeldV1, InvoiceIssuedV1, uuidv7, type InvoiceCharge, type InvoiceIssuedV1 as InvoiceIssued, type Uuid } from '@utilia/contracts';
import { event, localDateOf, type CommandTx } from '@utilia/platform';
import { formatMoney } from '@utilia/rating';
import Big from 'big.js';
import { dueDate } from '../cycles/cycle';
import { formatDocumentNumber, nextNumber, SERIES } from '../numbering/invoice-number';
import { cycleOf, type BillRow, type Rated, type UsageSummary } from './bill';
import type { Finding } from './checks';

/** The charges payments raised on the account that no invoice showed yet, now on `invoiceId` (each once: the row is taken in this transaction). */
async function takePendingCharges(tx: Pick<CommandTx, 'query'>, accountId: string, currency: string, invoiceId: string): Promise<InvoiceCharge[]> {
  const rows = await tx.query<{ id: string; kind: InvoiceCharge['kind']; description: string; amount: string }>(
    // A CTE: TypeORM answers a bare UPDATE ... RETURNING with [rows, count], a SELECT with the rows.
    `with taken as (update charge set status = 'billed', invoice_id = $3 where account_id = $1 and currency = $2 and status = 'pending'
       returning id, kind, description, amount) select id, kind, description, amount::text as amount from taken`,
    [accountId, currency, invoiceId],
    'inv_take_charges',
  );
  return rows
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((r) => ({ chargeId: r.id as Uuid, kind: r.kind, description: r.description, amount: formatMoney(new Big(r.amount), currency) }));
}

export interface IssueOptions {
  estimated: boolean;
  usage: UsageSummary;
  /** A cycle's bill is dated its run date, a final bill the day after service ended, a release or rebill today. */
  issueDate: string;
  kind: 'cycle' | 'final' | 'rebill';
  /** A rebill: the invoice it replaces and the difference. */
  replaces?: NonNullable<InvoiceIssued['replaces']>;
  /** A rebill carries the charges of the invoice it replaces. */
  carriedCharges?: InvoiceCharge[];
}

/**
 * Issues a rated bill: the next gap-free invoice number, the due date of the account's cycle terms,
 * the pending charges from payments as lines of their own, the invoice row (at most one not credited
 * per bill: the database refuses a second) and InvoiceIssued on the bill's stream.
 */
export async function issueInvoice(tx: CommandTx, bill: BillRow, rated: Rated, options: IssueOptions): Promise<string> {
  const [account] = await tx.query<{ bill_cycle: string }>('select bill_cycle from i_account where id = $1', [bill.account_id], 'inv_account_cycle');
  const cycle = await cycleOf(tx, account?.bill_cycle ?? '');
  const invoiceId = uuidv7();
  const charges = [...(options.carriedCharges ?? []), ...(await takePendingCharges(tx, bill.account_id, rated.currency, invoiceId))];
  const total = formatMoney(
    charges.reduce((sum, c) => sum.plus(c.amount), new Big(rated.total)),
    rated.currency,
  );
  const number = formatDocumentNumber(SERIES.invoice, await nextNumber(tx, SERIES.invoice));
  const due = dueDate(cycle, options.issueDate);
  await tx.query(
    `insert into invoice (id, number, bill_id, account_id, agreement_id, period_from, period_to, issue_date, due_date, currency, total, lines,
                          service_point_id, kind, usage, charges, replaces)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::numeric, $12, $13, $14, $15, $16, $17)`,
    [
      invoiceId,
      number,
      bill.id,
      bill.account_id,
      bill.agreement_id,
      bill.billed_from,
      bill.billed_to,
      options.issueDate,
      due,
      rated.currency,
      total,
      JSON.stringify(rated.lines),
      bill.service_point_id,
      options.kind,
      JSON.stringify(options.usage),
      JSON.stringify(charges),
      options.replaces ? JSON.stringify(options.replaces) : null,
    ],
    'inv_insert_invoice',
  );
  await tx.query(
    `update bill set status = 'issued', total = $2::numeric, estimated = $3, invoice_id = $4, draft = null, reasons = null, usage = $5, updated_at = now()
      where id = $1`,
    [bill.id, rated.total, options.estimated, invoiceId, JSON.stringify(options.usage)],
    'inv_bill_issued',
  );
  await tx.append(bill.id, 'any', [
    event(InvoiceIssuedV1, {
      invoiceId: invoiceId as Uuid,
      invoiceNumber: number,
      runId: bill.run_id as Uuid | null,
      accountId: bill.account_id as Uuid,
      agreementId: bill.agreement_id as Uuid,
      servicePointId: bill.service_point_id as Uuid,
      periodStart: bill.billed_from,
      periodEnd: bill.billed_to,
      issueDate: options.issueDate,
      dueDate: due,
      currency: rated.currency,
      lines: rated.lines,
      total,
      usage: { importWh: options.usage.importWh, exportWh: options.usage.exportWh, estimatedIntervals: options.usage.estimatedIntervals },
      kind: options.kind,
      ...(charges.length > 0 ? { charges } : {}),
      ...(options.replaces ? { replaces: options.replaces } : {}),
    }),
  ]);
  return invoiceId;
}

/** The day a bill is issued when it is issued now: its nominal date (run date, end of service), or today when that has passed (a release). */
export function issueDateOf(bill: Pick<BillRow, 'kind' | 'period_to' | 'billed_to'>): string {
  return bill.kind === 'final' ? bill.billed_to : bill.period_to;
}

/** Today in the utility's zone. */
export function todayIn(tx: Pick<CommandTx, 'now'>, timeZone: string): string {
  return localDateOf(tx.now, timeZone);
}

/**
 * Puts a bill in the hold queue with what it failed: `held` for billing-ops to release or cancel, or
 * `failed` when libs/rating could not rate it at all. The draft (if any) is kept for a release.
 */
export async function holdBill(
  tx: CommandTx,
  bill: BillRow,
  findings: Finding[],
  draft: { rated: Rated | null; usage: UsageSummary | null; estimated: boolean },
  status: 'held' | 'failed' = 'held',
): Promise<void> {
  const total = draft.rated?.total ?? null;
  await tx.query(`update bill set status = $2, reasons = $3, total = $4, estimated = $5, draft = $6, usage = $7, updated_at = now() where id = $1`, [
    bill.id,
    status,
    JSON.stringify(findings),
    total,
    draft.estimated,
    draft.rated ? JSON.stringify(draft.rated) : null,
    draft.usage ? JSON.stringify(draft.usage) : null,
  ]);
  await tx.append(bill.id, 'any', [
    event(BillHeldV1, {
      billId: bill.id as Uuid,
      runId: bill.run_id as Uuid | null,
      accountId: bill.account_id as Uuid,
      agreementId: bill.agreement_id as Uuid,
      periodStart: bill.billed_from,
      periodEnd: bill.billed_to,
      total,
      reasons: findings.slice(0, 20).map((f) => ({ rule: f.rule, detail: f.detail.slice(0, 500) })),
    }),
  ]);
}
