import { createHash } from 'node:crypto';
import type { Address, InvoiceCharge, InvoiceLine } from '@utilia/contracts';
import { notFound, type CommandTx } from '@utilia/platform';
import {
  buildCreditNoteDocument,
  buildInvoiceDocument,
  USAGE_HISTORY_PERIODS,
  type BillingDocument,
  type EarlierDocument,
  type InvoiceFacts,
  type IssuedInvoice,
  type PaymentMovement,
} from './document-model';
import type { UtilityIdentity } from './documents.config';
import { formatDate } from './format';
import { renderPdf } from './pdf';

type Sql = Pick<CommandTx, 'query'>;

/** Which document: an invoice's or a credit note's. */
export type DocumentKind = 'invoice' | 'credit-note';

/** A document as stored the first time it was rendered. */
/** A document as stored: its model at once, its PDF once it was first needed (see {@link withPdf}). */
export interface StoredDocument {
  id: string;
  kind: DocumentKind;
  number: string;
  accountId: string;
  model: BillingDocument;
  pdf: Buffer | null;
  pdfSha256: string | null;
  pages: number | null;
}

/** A stored document with its PDF. */
export type RenderedDocument = StoredDocument & { pdf: Buffer; pdfSha256: string; pages: number };

interface PartyFacts {
  accountId: string;
  customerName: string | null;
  account: InvoiceFacts['account'];
  servicePoint: InvoiceFacts['servicePoint'];
}

/** The account, its main customer's name and the service point's address, from invoicing's copies. */
async function partyFacts(tx: Sql, accountId: string, servicePointId: string | null, agreementId: string): Promise<PartyFacts> {
  const [account] = await tx.query<{ account_number: string; billing_address: Address | null; display_name: string | null }>(
    `select a.account_number, a.billing_address, c.display_name from i_account a left join i_customer c on c.id = a.customer_id where a.id = $1`,
    [accountId],
    'inv_doc_account',
  );
  const [point] = await tx.query<{ market_id: string | null; commodity: string | null; address: Address | null }>(
    `select sp.market_id, coalesce(sp.commodity, g.commodity) as commodity, p.address
       from i_agreement g left join i_service_point sp on sp.id = coalesce($2::uuid, g.service_point_id) left join i_premise p on p.id = sp.premise_id
      where g.id = $1`,
    [agreementId, servicePointId],
    'inv_doc_point',
  );
  return {
    accountId,
    customerName: account?.display_name ?? null,
    account: { accountNumber: account?.account_number ?? 'unknown', billingAddress: account?.billing_address ?? null },
    servicePoint: { marketId: point?.market_id ?? null, commodity: point?.commodity ?? null, address: point?.address ?? null },
  };
}

const CHANNEL_NAMES: Record<string, string> = { card: 'card', 'bank-transfer': 'bank transfer', 'direct-debit': 'direct debit', cash: 'cash', check: 'check' };

/** The account's payments (and their reversals) dated before `before`, as money in and out, by date. */
async function paymentsBefore(tx: Sql, accountId: string, currency: string, before: string): Promise<PaymentMovement[]> {
  const rows = await tx.query<{
    received_on: string;
    amount: string;
    channel: string;
    reversed_on: string | null;
    reversed_amount: string | null;
    reversal_reason: string | null;
  }>(
    `select received_on::text as received_on, amount::text as amount, channel, reversed_on::text as reversed_on, reversed_amount::text as reversed_amount, reversal_reason
       from i_payment where account_id = $1 and currency = $2 and received_on < $3 order by received_on, id`,
    [accountId, currency, before],
    'inv_doc_payments',
  );
  const movements: PaymentMovement[] = [];
  for (const r of rows) {
    movements.push({ on: r.received_on, amount: r.amount, description: `Payment by ${CHANNEL_NAMES[r.channel] ?? r.channel}, thank you` });
    if (r.reversed_on !== null && r.reversed_on < before && r.reversed_amount !== null)
      movements.push({
        on: r.reversed_on,
        amount: `-${r.reversed_amount}`,
        description: `Payment of ${formatDate(r.received_on)} reversed: ${r.reversal_reason ?? ''}`,
      });
  }
  return movements.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
}

interface InvoiceRow {
  id: string;
  number: string;
  kind: IssuedInvoice['kind'];
  account_id: string;
  agreement_id: string;
  service_point_id: string | null;
  period_from: string;
  period_to: string;
  issue_date: string;
  due_date: string;
  currency: string;
  total: string;
  lines: InvoiceLine[];
  charges: InvoiceCharge[] | null;
  usage: IssuedInvoice['usage'];
  replaces: IssuedInvoice['replaces'];
  issued_at: string;
}

/** Everything an invoice's document shows, read in the caller's transaction; undefined when there is no such invoice. */
export async function invoiceFacts(tx: Sql, invoiceId: string, utility: UtilityIdentity): Promise<{ facts: InvoiceFacts; accountId: string } | undefined> {
  const [i] = await tx.query<InvoiceRow>(
    `select id, number, kind, account_id, agreement_id, service_point_id, period_from::text as period_from, period_to::text as period_to,
            issue_date::text as issue_date, due_date::text as due_date, currency, total::text as total, lines, charges, usage, replaces,
            to_char(issued_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as issued_at
       from invoice where id = $1`,
    [invoiceId],
    'inv_doc_invoice',
  );
  if (!i) return undefined;
  const party = await partyFacts(tx, i.account_id, i.service_point_id, i.agreement_id);
  // The standing invoices of the agreement's earlier periods (a credited one is replaced by its rebill).
  const earlierUsage = await tx.query<{ from: string; to: string; import_wh: string }>(
    `select period_from::text as from, period_to::text as to, usage->>'importWh' as import_wh from invoice
      where agreement_id = $1 and id <> $2 and credited_by is null and usage is not null and period_from < $3
      order by period_from desc limit ${USAGE_HISTORY_PERIODS - 1}`,
    [i.agreement_id, i.id, i.period_from],
    'inv_doc_usage_history',
  );
  // The account's documents issued before this one, in issue order: by date, then the moment issued
  // (a rebill's credit note and the rebill share a transaction: the credit note first), then number.
  const earlier = await tx.query<EarlierDocument>(
    `select type, number, issue_date::text as "issueDate", total from (
        select 'invoice' as type, number, issue_date, total::text as total, issued_at, 1 as rank from invoice where account_id = $1 and currency = $2
        union all
        select 'credit-note', number, issue_date, total::text, issued_at, 0 from credit_note where account_id = $1 and currency = $2
      ) d
      where (d.issue_date, d.issued_at, d.rank, d.number) < ($3::date, $4::timestamp at time zone 'UTC', 1, $5::text)
      order by d.issue_date, d.issued_at, d.rank, d.number`,
    [i.account_id, i.currency, i.issue_date, i.issued_at, i.number],
    'inv_doc_earlier',
  );
  const [creditNote] = i.replaces ? await tx.query<{ number: string }>('select number from credit_note where id = $1', [i.replaces.creditNoteId]) : [];
  return {
    accountId: i.account_id,
    facts: {
      invoice: {
        id: i.id,
        number: i.number,
        kind: i.kind,
        periodFrom: i.period_from,
        periodTo: i.period_to,
        issueDate: i.issue_date,
        dueDate: i.due_date,
        currency: i.currency,
        total: i.total,
        lines: i.lines,
        charges: i.charges ?? [],
        usage: i.usage,
        replaces: i.replaces,
      },
      utility,
      account: party.account,
      customerName: party.customerName,
      servicePoint: party.servicePoint,
      earlierUsage: earlierUsage.map((u) => ({ from: u.from, to: u.to, importWh: Number(u.import_wh) })),
      earlier,
      payments: await paymentsBefore(tx, i.account_id, i.currency, i.issue_date),
      creditNoteNumber: creditNote?.number ?? null,
    },
  };
}

/** A credit note's document model; undefined when there is no such credit note. */
async function creditNoteModel(tx: Sql, id: string, utility: UtilityIdentity): Promise<{ model: BillingDocument; accountId: string } | undefined> {
  const [c] = await tx.query<{
    id: string;
    number: string;
    account_id: string;
    agreement_id: string;
    service_point_id: string | null;
    invoice_number: string;
    period_from: string;
    period_to: string;
    issue_date: string;
    currency: string;
    total: string;
    lines: InvoiceLine[];
    charges: InvoiceCharge[];
    reason: string;
  }>(
    `select c.id, c.number, c.account_id, c.agreement_id, i.service_point_id, i.number as invoice_number, c.period_from::text as period_from,
            c.period_to::text as period_to, c.issue_date::text as issue_date, c.currency, c.total::text as total, c.lines, c.charges, c.reason
       from credit_note c join invoice i on i.id = c.invoice_id where c.id = $1`,
    [id],
  );
  if (!c) return undefined;
  const party = await partyFacts(tx, c.account_id, c.service_point_id, c.agreement_id);
  const model = buildCreditNoteDocument({
    ...party,
    utility,
    creditNote: {
      id: c.id,
      number: c.number,
      invoiceNumber: c.invoice_number,
      periodFrom: c.period_from,
      periodTo: c.period_to,
      issueDate: c.issue_date,
      currency: c.currency,
      total: c.total,
      lines: c.lines,
      charges: c.charges,
      reason: c.reason,
    },
  });
  return { model, accountId: c.account_id };
}

const STORED_COLUMNS = `id, kind, number, account_id as "accountId", model, pdf, pdf_sha256 as "pdfSha256", pages`;

/** The stored document, if it was rendered already. */
export async function findDocument(
  db: { query<R>(sql: string, params?: unknown[]): Promise<R[]> },
  kind: DocumentKind,
  id: string,
): Promise<StoredDocument | undefined> {
  const [row] = await db.query<StoredDocument>(`select ${STORED_COLUMNS} from document where id = $1 and kind = $2`, [id, kind]);
  return row;
}

/**
 * The document of an invoice or credit note: the stored one, or its model made from invoicing's data
 * now and stored, so every later fetch, e-mail and print batch shows the same. Two first makes at
 * once keep one: the other waits for its insert and reads it back. The PDF is drawn later, when it
 * is first needed ({@link withPdf}): from the stored model, so it says the same whenever it is drawn.
 * @throws RuleViolation 404 when there is no such invoice or credit note.
 */
export async function storedDocument(tx: CommandTx, kind: DocumentKind, id: string, utility: UtilityIdentity): Promise<StoredDocument> {
  const stored = await findDocument(tx, kind, id);
  if (stored) return stored;
  const made =
    kind === 'invoice'
      ? await invoiceFacts(tx, id, utility).then((f) => f && { model: buildInvoiceDocument(f.facts) as BillingDocument, accountId: f.accountId })
      : await creditNoteModel(tx, id, utility);
  if (!made) throw notFound(kind, id);
  await tx.query(`insert into document (id, kind, number, account_id, issue_date, model) values ($1, $2, $3, $4, $5, $6) on conflict (id) do nothing`, [
    id,
    kind,
    made.model.number,
    made.accountId,
    made.model.issueDate,
    JSON.stringify(made.model),
  ]);
  return (await findDocument(tx, kind, id)) as StoredDocument;
}

/** The document with its PDF: drawn from the stored model and stored the first time, the stored bytes after. */
export async function withPdf(tx: Pick<CommandTx, 'query'>, doc: StoredDocument): Promise<RenderedDocument> {
  if (doc.pdf) return doc as RenderedDocument;
  const { pdf, pages } = await renderPdf(doc.model);
  await tx.query(`update document set pdf = $2, pdf_sha256 = $3, pages = $4 where id = $1 and pdf is null`, [
    doc.id,
    pdf,
    createHash('sha256').update(pdf).digest('hex'),
    pages,
  ]);
  return (await findDocument(tx, doc.kind, doc.id)) as RenderedDocument;
}
