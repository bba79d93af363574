import { Injectable } from '@nestjs/common';
import { FinalBillRequestedV1, FinalBillWithdrawnV1, Topics, UsageProfileRequestedV1, uuidv7, type Uuid } from '@utilia/contracts';
import {
  addDays,
  CommandRunner,
  event,
  type CommandTx,
  type ConsumedEvent,
  type HandlerContext,
  type MessageHandler,
  type ServiceConsumer,
} from '@utilia/platform';
import { periodAround, type BillCycle } from '../cycles/cycle';

/** The copy of the agreement or account is not there yet (another consumer feeds it): the message is tried again. */
export class CopyNotYetThere extends Error {}

/**
 * Customer's FinalBillRequested (a move-out left the account without service): the account's last
 * days are billed now, through the same usage request, rating, checks and issue as a run's bills,
 * issued when service ends. The named agreement is billed from the start of the cycle period its
 * final day falls in (or its move-in) to that day; every other agreement of the account that ended
 * in that period is billed to its own end. A bill is unique per agreement and period, so a
 * redelivered request bills nothing twice, and the next run skips what the final bill took.
 */
export async function requestFinalBill(tx: CommandTx, request: FinalBillRequestedV1): Promise<void> {
  const [named] = await tx.query<{ id: string }>('select id from i_agreement where id = $1', [request.agreementId]);
  const [account] = await tx.query<{ read_day: number; code: string; payment_terms_days: number }>(
    'select c.code, c.read_day, c.payment_terms_days from i_account a join bill_cycle c on c.code = a.bill_cycle where a.id = $1',
    [request.accountId],
  );
  if (!named || !account) throw new CopyNotYetThere(`agreement ${request.agreementId} or account ${request.accountId} is not in invoicing's copies yet`);
  const cycle: BillCycle = { code: account.code, readDay: account.read_day, paymentTermsDays: account.payment_terms_days };
  const period = periodAround(cycle, request.finalDate);
  const lastDay = addDays(request.finalDate, 1);
  const due = await tx.query<{ id: string; service_point_id: string; billed_from: string; billed_to: string }>(
    `select g.id, g.service_point_id, greatest(g.start_date, $3::date)::text as billed_from,
            (case when g.id = $2 then $4::date else least(g.end_date + 1, $4::date) end)::text as billed_to
       from i_agreement g
      where g.account_id = $1 and g.start_date < $4::date
        and (g.id = $2 or (g.end_date is not null and g.end_date >= $3::date))
      order by g.id`,
    [request.accountId, request.agreementId, period.from, lastDay],
  );
  for (const g of due) {
    if (g.billed_from >= g.billed_to) continue;
    const billId = uuidv7();
    const requestId = uuidv7();
    const inserted = await tx.query<{ id: string }>(
      `insert into bill (id, run_id, account_id, agreement_id, service_point_id, period_from, period_to, billed_from, billed_to, request_id, status, kind, requested_at)
       values ($1, null, $2, $3, $4, $5, $6, $7, $8, $9, 'awaiting-usage', 'final', $10)
       on conflict (agreement_id, period_from, period_to) do nothing returning id`,
      [billId, request.accountId, g.id, g.service_point_id, period.from, period.to, g.billed_from, g.billed_to, requestId, tx.now],
    );
    if (inserted.length === 0) continue;
    await tx.append(billId, 'no-stream', [
      event(UsageProfileRequestedV1, {
        requestId: requestId as Uuid,
        agreementId: g.id as Uuid,
        accountId: request.accountId,
        servicePointId: g.service_point_id as Uuid,
        periodStart: g.billed_from,
        periodEnd: addDays(g.billed_to, -1),
        requestedAt: tx.now.toISOString(),
      }),
    ]);
  }
}

/**
 * Customer's FinalBillWithdrawn (the stop was called off or moved): a final bill for that last day that
 * is not issued yet is cancelled, so metering's answer bills nothing. One already issued stays: undoing
 * it is a correction (credit note), not a withdrawal.
 */
export async function withdrawFinalBill(tx: CommandTx, withdrawn: FinalBillWithdrawnV1): Promise<void> {
  await tx.query(
    `update bill set status = 'cancelled', decided_by = 'customer', decision_note = $3, updated_at = now()
      where agreement_id = $1 and kind = 'final' and billed_to = $2::date + 1 and status in ('awaiting-usage', 'held')`,
    [withdrawn.agreementId, withdrawn.finalDate, `final bill withdrawn: ${withdrawn.reason}`.slice(0, 500)],
  );
}

/** Final-bill requests and withdrawals from `customer.events`, each in the consumer's transaction. */
@Injectable()
export class FinalBillsHandler implements MessageHandler {
  constructor(private readonly commands: CommandRunner) {}

  async handle(e: ConsumedEvent, ctx: HandlerContext): Promise<void> {
    const manager = ctx.manager as NonNullable<HandlerContext['manager']>;
    if (e.type === FinalBillRequestedV1.type) await this.commands.runIn(manager, (tx) => requestFinalBill(tx, e.data as FinalBillRequestedV1));
    else if (e.type === FinalBillWithdrawnV1.type) await this.commands.runIn(manager, (tx) => withdrawFinalBill(tx, e.data as FinalBillWithdrawnV1));
  }
}

/** Invoicing's consumer of final-bill requests. */
export const finalBillsConsumer: ServiceConsumer = { groupId: 'invoicing.final-bills', topics: [Topics.customerEvents], handler: FinalBillsHandler };
