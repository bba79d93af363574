import { Inject, Injectable } from '@nestjs/common';
import { CreditNoteIssuedV1, InvoiceIssuedV1, Topics, uuidv7 } from '@utilia/contracts';
import {
  CommandRunner,
  PermanentError,
  type CommandTx,
  type ConsumedEvent,
  type HandlerContext,
  type MessageHandler,
  type ServiceConsumer,
} from '@utilia/platform';
import Big from 'big.js';
import { announcePosition } from '../accounts/balance';
import { applyCredits } from '../allocation/apply';
import { settleCollections } from '../collections/settle';
import type { PaymentsConfig } from '../config';
import { billLines } from '../ledger/journal';
import { postEntry } from '../ledger/post';
import { PAYMENTS_CONFIG } from '../tokens';

const sumOf = (xs: ReadonlyArray<{ amount: string }>) => xs.reduce((s, x) => s.plus(x.amount), new Big(0));

/**
 * An invoice from invoicing, posted once: the receivable debited with its lines, revenue and tax
 * credited, and an open item for the customer to pay (an invoice that is a credit, e.g. solar
 * exports, becomes a credit that pays the next item). Charges shown on it were posted when payments
 * raised them: they only take the invoice's number and due date.
 */
export async function postInvoice(tx: CommandTx, inv: InvoiceIssuedV1, config: PaymentsConfig): Promise<void> {
  const charges = inv.charges ?? [];
  assertAddsUp(`invoice ${inv.invoiceNumber}`, inv.lines, charges, inv.total);
  const linesTotal = new Big(inv.total).minus(sumOf(charges));
  const lines = billLines(inv.accountId, inv.lines, 1);
  if (lines.length > 0) {
    const posted = await postEntry(tx, {
      kind: 'invoice',
      source: `invoice:${inv.invoiceId}`,
      accountId: inv.accountId,
      reference: inv.invoiceNumber,
      description: `Invoice ${inv.invoiceNumber} for ${inv.periodStart} to ${inv.periodEnd}`,
      occurredOn: inv.issueDate,
      currency: inv.currency,
      lines,
    });
    if (!posted) return;
  }
  if (linesTotal.gt(0))
    await tx.query(
      `insert into open_item (id, account_id, kind, source_id, number, description, issued_on, due_date, currency, amount, open_amount)
       values ($1, $2, 'invoice', $3, $4, $5, $6, $7, $8, $9, $9) on conflict (source_id) do nothing`,
      [
        uuidv7(),
        inv.accountId,
        inv.invoiceId,
        inv.invoiceNumber,
        `Invoice ${inv.invoiceNumber}`,
        inv.issueDate,
        inv.dueDate,
        inv.currency,
        linesTotal.toFixed(),
      ],
    );
  else if (linesTotal.lt(0)) await addCredit(tx, inv.accountId, 'invoice-credit', inv.invoiceId, inv.currency, linesTotal.abs().toFixed(), inv.issueDate);
  if (charges.length > 0)
    await tx.query(`update open_item set due_date = $2, number = $3 where source_id = any($1::uuid[])`, [
      charges.map((c) => c.chargeId),
      inv.dueDate,
      inv.invoiceNumber,
    ]);
  await applyCredits(tx, inv.accountId, config.payments.allocationOrder);
  await announcePosition(tx, inv.accountId, inv.issueDate, 'invoice');
}

/**
 * A credit note, posted once: the mirror of the invoice's lines. Its amount pays what is open of the
 * invoice it credits first; the rest (the invoice was already paid) stays a credit for the rebill.
 */
export async function postCreditNote(tx: CommandTx, cn: CreditNoteIssuedV1, config: PaymentsConfig): Promise<void> {
  assertAddsUp(`credit note ${cn.creditNoteNumber}`, cn.lines, cn.charges, cn.total);
  const amount = new Big(cn.total).minus(sumOf(cn.charges));
  const lines = billLines(cn.accountId, cn.lines, -1);
  if (lines.length > 0) {
    const posted = await postEntry(tx, {
      kind: 'credit-note',
      source: `credit-note:${cn.creditNoteId}`,
      accountId: cn.accountId,
      reference: cn.creditNoteNumber,
      description: `Credit note ${cn.creditNoteNumber} cancelling invoice ${cn.invoiceNumber}: ${cn.reason}`,
      occurredOn: cn.issueDate,
      currency: cn.currency,
      lines,
    });
    if (!posted) return;
  }
  if (amount.gt(0)) {
    const creditId = await addCredit(tx, cn.accountId, 'credit-note', cn.creditNoteId, cn.currency, amount.toFixed(), cn.issueDate);
    await payItem(tx, creditId, cn.invoiceId);
  } else if (amount.lt(0))
    await tx.query(
      `insert into open_item (id, account_id, kind, source_id, number, description, issued_on, due_date, currency, amount, open_amount)
       values ($1, $2, 'credit-note', $3, $4, $5, $6, $6, $7, $8, $8) on conflict (source_id) do nothing`,
      [uuidv7(), cn.accountId, cn.creditNoteId, cn.creditNoteNumber, `Credit note ${cn.creditNoteNumber}`, cn.issueDate, cn.currency, amount.abs().toFixed()],
    );
  await applyCredits(tx, cn.accountId, config.payments.allocationOrder);
  await announcePosition(tx, cn.accountId, cn.issueDate, 'credit-note');
  await settleCollections(tx, cn.accountId, cn.issueDate);
}

/**
 * A document's lines must add up to its total less its charges: its journal entry (from the lines) and
 * its open item or credit (from the total) would disagree otherwise. Such a document can never be
 * posted: a dead letter naming the sums, not a retry. (A document with lines is posted once by its
 * journal entry's source, so a copy of it in another event posts nothing.)
 */
function assertAddsUp(what: string, lines: ReadonlyArray<{ amount: string }>, charges: ReadonlyArray<{ amount: string }>, total: string): void {
  const expected = new Big(total).minus(sumOf(charges));
  const sum = sumOf(lines);
  if (!sum.eq(expected))
    throw new PermanentError(`${what}: its lines add up to ${sum.toString()}, not its total ${total} less its charges (${expected.toString()})`);
}

/** A credit on the account (a payment, a credit note): what pays open items. */
export async function addCredit(
  tx: Pick<CommandTx, 'query'>,
  accountId: string,
  kind: string,
  sourceId: string,
  currency: string,
  amount: string,
  receivedOn: string,
): Promise<string> {
  const id = uuidv7();
  await tx.query(`insert into credit (id, account_id, kind, source_id, currency, amount, unallocated, received_on) values ($1, $2, $3, $4, $5, $6, $6, $7)`, [
    id,
    accountId,
    kind,
    sourceId,
    currency,
    amount,
    receivedOn,
  ]);
  return id;
}

/** Pays what a credit can of one item (the invoice a credit note cancels). */
async function payItem(tx: Pick<CommandTx, 'query'>, creditId: string, itemSourceId: string): Promise<void> {
  const [pair] = await tx.query<{ item_id: string; amount: string }>(
    `select o.id as item_id, least(o.open_amount, c.unallocated)::text as amount from open_item o, credit c
      where o.source_id = $2 and c.id = $1 and o.open_amount > 0 and c.unallocated > 0 for update of o, c`,
    [creditId, itemSourceId],
  );
  if (!pair) return;
  await tx.query('insert into allocation (credit_id, item_id, amount) values ($1, $2, $3)', [creditId, pair.item_id, pair.amount]);
  await tx.query('update open_item set open_amount = open_amount - $2 where id = $1', [pair.item_id, pair.amount]);
  await tx.query('update credit set unallocated = unallocated - $2 where id = $1', [creditId, pair.amount]);
}

/** invoicing's invoices and credit notes from `invoicing.events`, each posted in the consumer's transaction. */
@Injectable()
export class BillingHandler implements MessageHandler {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(PAYMENTS_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  async handle(e: ConsumedEvent, ctx: HandlerContext): Promise<void> {
    const manager = ctx.manager as NonNullable<HandlerContext['manager']>;
    if (e.type === InvoiceIssuedV1.type) await this.commands.runIn(manager, (tx) => postInvoice(tx, e.data as InvoiceIssuedV1, this.config));
    else if (e.type === CreditNoteIssuedV1.type) await this.commands.runIn(manager, (tx) => postCreditNote(tx, e.data as CreditNoteIssuedV1, this.config));
  }
}

/** Payments' consumer of invoices and credit notes. */
export const billingConsumer: ServiceConsumer = { groupId: 'payments.billing', topics: [Topics.invoicingEvents], handler: BillingHandler };
