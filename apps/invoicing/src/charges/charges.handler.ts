import { BillableChargeCancelledV1, BillableChargeRaisedV1, Topics } from '@utilia/contracts';
import type { ConsumedEvent, HandlerContext, ServiceConsumer } from '@utilia/platform';

/**
 * payments' charges (late fees, deposits, installments): each waits as `pending` until the account's
 * next invoice takes it (see `issueInvoice`), once. A charge cancelled before that is never shown; one
 * already on an invoice stays there (payments credits the account for it).
 */
export async function recordCharge(e: ConsumedEvent, ctx: HandlerContext): Promise<void> {
  if (e.type === BillableChargeRaisedV1.type) {
    const d = e.data as BillableChargeRaisedV1;
    await ctx.sql.query(
      `insert into charge (id, account_id, kind, description, amount, currency, raised_on) values ($1, $2, $3, $4, $5::numeric, $6, $7) on conflict (id) do nothing`,
      [d.chargeId, d.accountId, d.kind, d.description, d.amount.amount, d.amount.currency, d.raisedOn],
    );
  } else if (e.type === BillableChargeCancelledV1.type) {
    const d = e.data as BillableChargeCancelledV1;
    await ctx.sql.query(`update charge set status = 'cancelled', cancel_reason = $2 where id = $1 and status = 'pending'`, [d.chargeId, d.reason]);
  }
}

/** Invoicing's consumer of payments' charges. */
export const chargesConsumer: ServiceConsumer = { groupId: 'invoicing.charges', topics: [Topics.paymentsEvents], handle: recordCharge };
