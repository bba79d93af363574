import {
  CreditNoteIssuedV1,
  UsageProfileRequestedV1,
  uuidv7,
  type InvoiceCharge,
  type InvoiceLine,
  type LineChange,
  type TariffVersionPublishedV1,
  type UsageCorrectedV1,
  type UsageProfileReadyV1,
  type Uuid,
} from '@utilia/contracts';
import { addDays, event, type CommandTx } from '@utilia/platform';
import { formatMoney } from '@utilia/rating';
import Big from 'big.js';
import { lockBill, usageOf, type BillingContext, type BillRow, type BillUsage } from '../bills/bill';
import { draftAndDecide, draftBill } from '../bills/draft';
import { issueDateOf, issueInvoice, todayIn } from '../bills/issue';
import { formatDocumentNumber, nextNumber, SERIES } from '../numbering/invoice-number';
import { lineDiff, type CorrectionCause } from './line-diff';

/** What became of a correction. */
export type CorrectionStatus = 'awaiting-usage' | 'unchanged' | 'rebilled' | 'redrafted' | 'not-rated' | 'skipped';

/** The invoice of a bill that counts (not credited). */
interface CurrentInvoice {
  id: string;
  number: string;
  total: string;
  currency: string;
  lines: InvoiceLine[];
  charges: InvoiceCharge[];
}

/**
 * Asks metering again for the usage of a bill's days because of `cause` (once per cause: the same
 * UsageCorrected or tariff version twice asks nothing more). The answer re-rates the bill.
 */
export async function requestCorrection(tx: CommandTx, bill: BillRow, causeId: string, cause: CorrectionCause): Promise<boolean> {
  const id = uuidv7();
  const requestId = uuidv7();
  const inserted = await tx.query<{ id: string }>(
    `insert into bill_correction (id, bill_id, cause_id, cause, request_id, status) values ($1, $2, $3, $4, $5, 'awaiting-usage')
     on conflict (cause_id) do nothing returning id`,
    [id, bill.id, causeId, JSON.stringify(cause), requestId],
  );
  if (inserted.length === 0) return false;
  await tx.append(id, 'no-stream', [
    event(UsageProfileRequestedV1, {
      requestId: requestId as Uuid,
      agreementId: bill.agreement_id as Uuid,
      accountId: bill.account_id as Uuid,
      servicePointId: bill.service_point_id as Uuid,
      periodStart: bill.billed_from,
      periodEnd: addDays(bill.billed_to, -1),
      requestedAt: tx.now.toISOString(),
    }),
  ]);
  return true;
}

/** The bill a usage request was made for: its own request, or a correction's. */
async function billOfRequest(tx: CommandTx, requestId: string): Promise<BillRow | undefined> {
  const [row] = await tx.query<{ bill_id: string }>(
    'select id as bill_id from bill where request_id = $1 union all select bill_id from bill_correction where request_id = $1 limit 1',
    [requestId],
  );
  return row ? lockBill(tx, 'id', row.bill_id) : undefined;
}

/**
 * Metering's UsageCorrected: late or edited readings changed a period it delivered. An issued or
 * held bill of that period is rated again from fresh usage; a bill still waiting gets the new usage
 * in its answer anyway, and a cancelled one stays cancelled.
 */
export async function onUsageCorrected(tx: CommandTx, corrected: UsageCorrectedV1): Promise<void> {
  const bill = await billOfRequest(tx, corrected.requestId);
  if (!bill || (bill.status !== 'issued' && bill.status !== 'held')) return;
  await requestCorrection(tx, bill, `usage:${corrected.correctionId}`, {
    kind: 'usage',
    correctionId: corrected.correctionId,
    previousImportWh: corrected.previousImportWh,
    importWh: corrected.importWh,
    reason: corrected.reason,
  });
}

/**
 * A tariff version rating published that prices days already billed (a correction superseding a
 * version, or a version that starts before bills issued on the one it ends): every issued bill with
 * a line of that tariff over those days is rated again.
 */
export async function onTariffPublished(tx: CommandTx, published: TariffVersionPublishedV1): Promise<number> {
  const bills = await tx.query<{ id: string }>(
    `select b.id from bill b join invoice i on i.id = b.invoice_id
      where b.status = 'issued' and i.credited_by is null and b.billed_to > $2::date and ($3::date is null or b.billed_from < $3::date)
        and i.lines @> jsonb_build_array(jsonb_build_object('tariffCode', $1::text))
      order by b.id`,
    [published.code, published.effectiveFrom, published.effectiveTo],
  );
  let asked = 0;
  for (const { id } of bills) {
    const bill = await lockBill(tx, 'id', id);
    if (!bill) continue;
    const cause: CorrectionCause = {
      kind: 'tariff',
      code: published.code,
      versionId: published.versionId,
      supersedes: published.supersedes,
      effectiveFrom: published.effectiveFrom,
    };
    if (await requestCorrection(tx, bill, `tariff:${published.versionId}:${bill.id}`, cause)) asked++;
  }
  return asked;
}

/**
 * Rates an issued bill again with `usage`: when the amount differs, a credit note cancels its invoice
 * and a rebill replaces it with the difference line by line; the same amount changes nothing (so
 * a correction applied twice issues nothing the second time).
 */
export async function rebillIfChanged(
  tx: CommandTx,
  bill: BillRow,
  usage: BillUsage,
  cause: CorrectionCause,
  ctx: BillingContext,
): Promise<{ status: CorrectionStatus; creditNoteId?: string; invoiceId?: string; changes?: LineChange[] }> {
  const [invoice] = await tx.query<CurrentInvoice>(
    'select id, number, total::text as total, currency, lines, charges from invoice where bill_id = $1 and credited_by is null for update',
    [bill.id],
  );
  if (!invoice) return { status: 'skipped' };
  const draft = await draftBill(tx, bill, usage, ctx);
  if (!('lines' in draft)) return { status: 'not-rated' };
  const chargesTotal = invoice.charges.reduce((s, c) => s.plus(c.amount), new Big(0));
  if (new Big(invoice.total).minus(chargesTotal).eq(draft.total)) return { status: 'unchanged' };
  const changes = lineDiff(invoice.lines, draft.lines, cause);
  const reason = reasonOf(cause);
  const creditNoteId = uuidv7();
  const creditNumber = formatDocumentNumber(SERIES.creditNote, await nextNumber(tx, SERIES.creditNote));
  const today = todayIn(tx, ctx.timeZone);
  await tx.query(
    `insert into credit_note (id, number, invoice_id, bill_id, account_id, agreement_id, period_from, period_to, issue_date, currency, total, lines, charges, reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::numeric, $12, $13, $14)`,
    [
      creditNoteId,
      creditNumber,
      invoice.id,
      bill.id,
      bill.account_id,
      bill.agreement_id,
      bill.billed_from,
      bill.billed_to,
      today,
      invoice.currency,
      invoice.total,
      JSON.stringify(invoice.lines),
      JSON.stringify(invoice.charges),
      reason,
    ],
  );
  await tx.query('update invoice set credited_by = $2 where id = $1', [invoice.id, creditNoteId]);
  await tx.append(bill.id, 'any', [
    event(CreditNoteIssuedV1, {
      creditNoteId: creditNoteId as Uuid,
      creditNoteNumber: creditNumber,
      invoiceId: invoice.id as Uuid,
      invoiceNumber: invoice.number,
      accountId: bill.account_id as Uuid,
      agreementId: bill.agreement_id as Uuid,
      periodStart: bill.billed_from,
      periodEnd: bill.billed_to,
      issueDate: today,
      currency: invoice.currency,
      lines: invoice.lines,
      charges: invoice.charges,
      total: formatMoney(new Big(invoice.total), invoice.currency),
      reason,
    }),
  ]);
  const invoiceId = await issueInvoice(tx, bill, draft, {
    estimated: usage.estimated,
    usage: usage.summary,
    issueDate: today,
    kind: 'rebill',
    carriedCharges: invoice.charges,
    replaces: { invoiceId: invoice.id as Uuid, invoiceNumber: invoice.number, creditNoteId: creditNoteId as Uuid, reason, changes },
  });
  await tx.query('update bill set estimated_by = null where id = $1', [bill.id]);
  return { status: 'rebilled', creditNoteId, invoiceId, changes };
}

/** The reason a credit note gives. */
function reasonOf(cause: CorrectionCause): string {
  if (cause.kind === 'usage') return `usage corrected: ${cause.reason}`.slice(0, 500);
  if (cause.kind === 'tariff') return `tariff ${cause.code} version ${cause.versionId} published for days already billed`;
  return 'actual readings replaced the estimated usage';
}

/**
 * A correction's usage arrived: an issued bill is rebilled if its amount changed; a held (or failed)
 * bill just gets a new draft, checked again; a bill in another state is left as it is.
 */
export async function applyCorrection(tx: CommandTx, answer: UsageProfileReadyV1, ctx: BillingContext): Promise<void> {
  const [correction] = await tx.query<{ id: string; bill_id: string; cause: CorrectionCause; status: string }>(
    'select id, bill_id, cause, status from bill_correction where request_id = $1 for update',
    [answer.requestId],
  );
  if (!correction || correction.status !== 'awaiting-usage') return;
  const bill = await lockBill(tx, 'id', correction.bill_id);
  let outcome: Awaited<ReturnType<typeof rebillIfChanged>> = { status: 'skipped' };
  if (bill?.status === 'issued') outcome = await rebillIfChanged(tx, bill, usageOf(answer), correction.cause, ctx);
  else if (bill && (bill.status === 'held' || bill.status === 'failed')) {
    await redraft(tx, bill, usageOf(answer), ctx);
    outcome = { status: 'redrafted' };
  }
  await tx.query('update bill_correction set status = $2, credit_note_id = $3, invoice_id = $4, changes = $5, updated_at = now() where id = $1', [
    correction.id,
    outcome.status,
    outcome.creditNoteId ?? null,
    outcome.invoiceId ?? null,
    outcome.changes ? JSON.stringify(outcome.changes) : null,
  ]);
}

/** A held bill drafted again with new usage and checked again: issued if it now passes, held with the new draft if not. */
export async function redraft(tx: CommandTx, bill: BillRow, usage: BillUsage, ctx: BillingContext): Promise<void> {
  const nominal = issueDateOf(bill);
  const today = todayIn(tx, ctx.timeZone);
  await draftAndDecide(tx, { ...bill, status: 'awaiting-usage' }, usage, ctx, nominal > today ? nominal : today);
}
