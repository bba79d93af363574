import { BillHeldV1, InvoiceIssuedV1, uuidv7, type InvoiceCharge, type InvoiceIssuedV1 as InvoiceIssued, type Uuid } from '@utilia/contracts';
import { event, localDateOf, notFound, type CommandTx } from '@utilia/platform';
import { formatMoney } from '@utilia/rating';
import Big from 'big.js';
import { dueDate } from '../cycles/cycle';
import { formatDocumentNumber, nextNumbers, SERIES } from '../numbering/invoice-number';
import { type BillRow, type Rated, type UsageSummary } from './bill';
import type { Finding } from './checks';

/**
 * The charges payments raised that no invoice showed yet, each now on the invoice of its account and
 * currency (each once: the rows are taken in this transaction). One statement for any number of invoices.
 */
async function takePendingCharges(
  tx: Pick<CommandTx, 'query'>,
  invoices: ReadonlyArray<{ accountId: string; currency: string; invoiceId: string }>,
): Promise<Map<string, InvoiceCharge[]>> {
  const rows = await tx.query<{ invoice_id: string; id: string; kind: InvoiceCharge['kind']; description: string; amount: string; currency: string }>(
    // A CTE: TypeORM answers a bare UPDATE ... RETURNING with [rows, count], a SELECT with the rows.
    `with target as (select * from unnest($1::uuid[], $2::text[], $3::uuid[]) as t(account_id, currency, invoice_id)),
     taken as (update charge c set status = 'billed', invoice_id = t.invoice_id from target t
                where c.account_id = t.account_id and c.currency = t.currency and c.status = 'pending'
                returning c.invoice_id, c.id, c.kind, c.description, c.amount, c.currency)
     select invoice_id, id, kind, description, amount::text as amount, currency from taken order by id`,
    [invoices.map((i) => i.accountId), invoices.map((i) => i.currency), invoices.map((i) => i.invoiceId)],
    'inv_take_charges',
  );
  const out = new Map<string, InvoiceCharge[]>();
  for (const r of rows) {
    const list = out.get(r.invoice_id) ?? [];
    list.push({ chargeId: r.id as Uuid, kind: r.kind, description: r.description, amount: formatMoney(new Big(r.amount), r.currency) });
    out.set(r.invoice_id, list);
  }
  return out;
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

/** A bill to issue: the bill, its rated lines and how. */
export interface ToIssue {
  bill: BillRow;
  rated: Rated;
  options: IssueOptions;
}

/** Issues one rated bill (see {@link issueInvoices}). */
export async function issueInvoice(tx: CommandTx, bill: BillRow, rated: Rated, options: IssueOptions): Promise<string> {
  return (await issueInvoices(tx, [{ bill, rated, options }]))[0];
}

/**
 * Issues rated bills, in a handful of statements whatever their number: gap-free invoice numbers
 * taken as one range, the due date of each account's cycle terms, payments' pending charges as
 * lines of their own (on an account's first invoice here), the invoice rows (at most one not
 * credited per bill: the database refuses a second), the bills marked issued, and InvoiceIssued on
 * each bill's stream. Returns the invoice ids, in order.
 */
export async function issueInvoices(tx: CommandTx, items: readonly ToIssue[]): Promise<string[]> {
  if (items.length === 0) return [];
  const accounts = [...new Set(items.map((i) => i.bill.account_id))];
  const cycles = await tx.query<{ id: string; code: string; read_day: number; payment_terms_days: number }>(
    `select a.id, c.code, c.read_day, c.payment_terms_days from i_account a join bill_cycle c on c.code = a.bill_cycle where a.id = any($1::uuid[])`,
    [accounts],
    'inv_account_cycles',
  );
  const cycleOfAccount = new Map(cycles.map((c) => [c.id, { code: c.code, readDay: c.read_day, paymentTermsDays: c.payment_terms_days }]));
  const ids = items.map(() => uuidv7());
  // Pending charges go on an account's first invoice of the batch in its currency.
  const firstOf = new Map<string, number>();
  items.forEach((item, k) => {
    const key = `${item.bill.account_id}|${item.rated.currency}`;
    if (!firstOf.has(key)) firstOf.set(key, k);
  });
  const pending = await takePendingCharges(
    tx,
    [...firstOf.values()].map((k) => ({ accountId: items[k].bill.account_id, currency: items[k].rated.currency, invoiceId: ids[k] })),
  );
  const first = await nextNumbers(tx, SERIES.invoice, items.length);
  const invoices = items.map((item, k) => {
    const cycle = cycleOfAccount.get(item.bill.account_id);
    if (!cycle) throw notFound('account', item.bill.account_id);
    const charges = [...(item.options.carriedCharges ?? []), ...(pending.get(ids[k]) ?? [])];
    return {
      ...item,
      id: ids[k],
      number: formatDocumentNumber(SERIES.invoice, first + BigInt(k)),
      due: dueDate(cycle, item.options.issueDate),
      charges,
      total: formatMoney(
        charges.reduce((sum, c) => sum.plus(c.amount), new Big(item.rated.total)),
        item.rated.currency,
      ),
    };
  });
  const rows = invoices.map((i) => ({
    id: i.id,
    number: i.number,
    bill_id: i.bill.id,
    account_id: i.bill.account_id,
    agreement_id: i.bill.agreement_id,
    period_from: i.bill.billed_from,
    period_to: i.bill.billed_to,
    issue_date: i.options.issueDate,
    due_date: i.due,
    currency: i.rated.currency,
    total: i.total,
    lines: i.rated.lines,
    service_point_id: i.bill.service_point_id,
    kind: i.options.kind,
    usage: i.options.usage,
    charges: i.charges,
    replaces: i.options.replaces ?? null,
    rated_total: i.rated.total,
    estimated: i.options.estimated,
  }));
  await tx.query(
    `with r as (select * from json_to_recordset($1::json) as r(id uuid, number text, bill_id uuid, account_id uuid, agreement_id uuid, period_from date,
                  period_to date, issue_date date, due_date date, currency text, total numeric, lines jsonb, service_point_id uuid, kind text, usage jsonb,
                  charges jsonb, replaces jsonb, rated_total numeric, estimated boolean)),
     issued as (insert into invoice (id, number, bill_id, account_id, agreement_id, period_from, period_to, issue_date, due_date, currency, total, lines,
                                     service_point_id, kind, usage, charges, replaces)
                select id, number, bill_id, account_id, agreement_id, period_from, period_to, issue_date, due_date, currency, total, lines,
                       service_point_id, kind, usage, charges, replaces from r returning 1),
     bills as (update bill b set status = 'issued', total = r.rated_total, estimated = r.estimated, invoice_id = r.id, draft = null, reasons = null,
                      usage = r.usage, updated_at = now() from r where b.id = r.bill_id returning 1)
     select (select count(*) from issued) + (select count(*) from bills) as written`,
    [JSON.stringify(rows)],
    'inv_issue_invoices',
  );
  await tx.appendMany(
    invoices.map((i) => ({
      streamId: i.bill.id,
      expected: 'any' as const,
      events: [
        event(InvoiceIssuedV1, {
          invoiceId: i.id as Uuid,
          invoiceNumber: i.number,
          runId: i.bill.run_id as Uuid | null,
          accountId: i.bill.account_id as Uuid,
          agreementId: i.bill.agreement_id as Uuid,
          servicePointId: i.bill.service_point_id as Uuid,
          periodStart: i.bill.billed_from,
          periodEnd: i.bill.billed_to,
          issueDate: i.options.issueDate,
          dueDate: i.due,
          currency: i.rated.currency,
          lines: i.rated.lines,
          total: i.total,
          usage: { importWh: i.options.usage.importWh, exportWh: i.options.usage.exportWh, estimatedIntervals: i.options.usage.estimatedIntervals },
          kind: i.options.kind,
          ...(i.charges.length > 0 ? { charges: i.charges } : {}),
          ...(i.options.replaces ? { replaces: i.options.replaces } : {}),
        }),
      ],
    })),
  );
  return ids;
}

/** The day a bill is issued when it is issued now: its nominal date (run date, end of service), or today when that has passed (a release). */
export function issueDateOf(bill: Pick<BillRow, 'kind' | 'period_to' | 'billed_to'>): string {
  return bill.kind === 'final' ? bill.billed_to : bill.period_to;
}

/** Today in the utility's zone. */
export function todayIn(tx: Pick<CommandTx, 'now'>, timeZone: string): string {
  return localDateOf(tx.now, timeZone);
}

/** A bill for the hold queue: what it failed, and its draft if there is one. */
export interface ToHold {
  bill: BillRow;
  findings: Finding[];
  draft: { rated: Rated | null; usage: UsageSummary | null; estimated: boolean };
  status?: 'held' | 'failed';
}

/** Puts one bill in the hold queue (see {@link holdBills}). */
export async function holdBill(
  tx: CommandTx,
  bill: BillRow,
  findings: Finding[],
  draft: { rated: Rated | null; usage: UsageSummary | null; estimated: boolean },
  status: 'held' | 'failed' = 'held',
): Promise<void> {
  await holdBills(tx, [{ bill, findings, draft, status }]);
}

/**
 * Puts bills in the hold queue with what they failed: `held` for billing-ops to release or cancel, or
 * `failed` when libs/rating could not rate them at all. Drafts are kept for a release. BillHeld each.
 */
export async function holdBills(tx: CommandTx, items: readonly ToHold[]): Promise<void> {
  if (items.length === 0) return;
  const rows = items.map((h) => ({
    id: h.bill.id,
    status: h.status ?? 'held',
    reasons: h.findings,
    total: h.draft.rated?.total ?? null,
    estimated: h.draft.estimated,
    draft: h.draft.rated,
    usage: h.draft.usage,
  }));
  await tx.query(
    `update bill b set status = r.status, reasons = r.reasons, total = r.total, estimated = r.estimated, draft = r.draft, usage = r.usage, updated_at = now()
       from json_to_recordset($1::json) as r(id uuid, status text, reasons jsonb, total numeric, estimated boolean, draft jsonb, usage jsonb)
      where b.id = r.id`,
    [JSON.stringify(rows)],
    'inv_hold_bills',
  );
  await tx.appendMany(
    items.map((h) => ({
      streamId: h.bill.id,
      expected: 'any' as const,
      events: [
        event(BillHeldV1, {
          billId: h.bill.id as Uuid,
          runId: h.bill.run_id as Uuid | null,
          accountId: h.bill.account_id as Uuid,
          agreementId: h.bill.agreement_id as Uuid,
          periodStart: h.bill.billed_from,
          periodEnd: h.bill.billed_to,
          total: h.draft.rated?.total ?? null,
          reasons: h.findings.slice(0, 20).map((f) => ({ rule: f.rule, detail: f.detail.slice(0, 500) })),
        }),
      ],
    })),
  );
}
