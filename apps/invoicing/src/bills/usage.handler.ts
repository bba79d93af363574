import { Inject, Injectable } from '@nestjs/common';
import { Topics, UsageCorrectedV1, UsageProfileReadyV1 } from '@utilia/contracts';
import {
  CommandRunner,
  startOfLocalDate,
  type CommandTx,
  type ConsumedEvent,
  type HandlerContext,
  type MessageHandler,
  type ServiceConsumer,
} from '@utilia/platform';
import { applyCorrection, onUsageCorrected, rebillIfChanged, redraft } from '../corrections/corrections.handler';
import { lockBill, lockBills, usageOf, type BillingContext, type BillRow, type BillUsage } from './bill';
import { BILLING_CONTEXT } from './billing-context';
import { draftAndDecide, draftAndDecideMany, type ToDraft } from './draft';
import { estimateHourly } from './estimate';
import { holdBill, issueDateOf } from './issue';

/**
 * Metering's answer to a usage request. A bill waiting for it is drafted, checked and issued or
 * held. A bill that timed out (billed on an estimate, or held without usage) gets the actual usage
 * now: rebilled if the amount differs, or drafted again. An answer to a correction's request
 * re-rates that bill. Any other answer (a redelivery, a bill cancelled meanwhile) changes nothing.
 */
export async function billFromUsage(tx: CommandTx, answer: UsageProfileReadyV1, ctx: BillingContext): Promise<void> {
  const bill = await lockBill(tx, 'request_id', answer.requestId);
  if (!bill) return applyCorrection(tx, answer, ctx);
  const usage = usageOf(answer);
  if (bill.status === 'awaiting-usage') return draftAndDecide(tx, bill, usage, ctx, issueDateOf(bill));
  if (bill.estimated_by === null) return;
  await tx.query('update bill set estimated_by = null where id = $1', [bill.id]);
  if (bill.status === 'issued') {
    const outcome = await rebillIfChanged(tx, bill, usage, { kind: 'actual-usage' }, ctx);
    await tx.query(
      `insert into bill_correction (id, bill_id, cause_id, cause, status, credit_note_id, invoice_id, changes) values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (cause_id) do nothing`,
      [
        answer.requestId,
        bill.id,
        `actual-usage:${bill.id}`,
        JSON.stringify({ kind: 'actual-usage' }),
        outcome.status,
        outcome.creditNoteId ?? null,
        outcome.invoiceId ?? null,
        outcome.changes ? JSON.stringify(outcome.changes) : null,
      ],
    );
  } else if (bill.status === 'held' || bill.status === 'failed') await redraft(tx, bill, usage, ctx);
}

/**
 * A bill whose usage did not come in time (USAGE_TIMEOUT_MINUTES): under the `estimate` policy it is
 * billed on the agreement's average daily use of its last three actual bills (checked like any
 * draft, so a third estimate in a row is held); under `hold`, or with no earlier bill, it is held
 * for billing-ops. Either way the request stays open: the actual usage, when it comes, takes over.
 */
export async function timeOutBill(tx: CommandTx, bill: BillRow, ctx: BillingContext): Promise<void> {
  const minutes = Math.round((ctx.settings.usageTimeoutSeconds / 60) * 10) / 10;
  const estimate = ctx.settings.usageTimeoutPolicy === 'estimate' ? await estimatedUsage(tx, bill, ctx.timeZone) : null;
  if (!estimate) {
    await tx.query(`update bill set estimated_by = 'timed-out' where id = $1`, [bill.id]);
    const why = ctx.settings.usageTimeoutPolicy === 'hold' ? 'the policy is to hold' : 'no earlier actual bill to estimate from';
    await holdBill(tx, bill, [{ rule: 'usage-timeout', detail: `metering did not send the usage within ${minutes} minutes; ${why}` }], {
      rated: null,
      usage: null,
      estimated: false,
    });
    return;
  }
  await tx.query(`update bill set estimated_by = 'invoicing' where id = $1`, [bill.id]);
  await draftAndDecide(tx, { ...bill, estimated_by: 'invoicing' }, estimate, ctx, issueDateOf(bill));
}

/** An estimate of a bill's usage from the agreement's last actual bills (null: none to go by). */
async function estimatedUsage(tx: CommandTx, bill: BillRow, timeZone: string): Promise<BillUsage | null> {
  const past = await tx.query<{ import_wh: string; days: number }>(
    `select (usage->>'importWh') as import_wh, (billed_to - billed_from) as days from bill
      where agreement_id = $1 and status = 'issued' and estimated_by is null and usage is not null and id <> $2 order by period_to desc limit 3`,
    [bill.agreement_id, bill.id],
  );
  const from = startOfLocalDate(bill.billed_from, timeZone);
  const hours = Math.round((startOfLocalDate(bill.billed_to, timeZone) - from) / 3_600_000);
  const wh = estimateHourly(
    past.map((p) => ({ importWh: Number(p.import_wh), days: p.days })),
    hours,
  );
  if (!wh) return null;
  return {
    series: { load: { start: new Date(from).toISOString(), intervalMinutes: 60, wh } },
    summary: { importWh: wh.reduce((s, x) => s + x, 0), exportWh: 0, estimatedIntervals: hours },
    estimated: true,
  };
}

/**
 * Metering's usage answers and corrections from `metering.events`, a chunk at a time in the
 * consumer's transaction: the answers of bills waiting for them (a bill run's) are drafted, checked
 * and issued or held together, in a few statements for the whole chunk; every other message (a
 * correction, a late answer) is applied on its own, in order. One consumer for both, so a correction
 * never overtakes the answer it corrects.
 */
@Injectable()
export class UsageHandler implements MessageHandler {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(BILLING_CONTEXT) private readonly ctx: BillingContext,
  ) {}

  async handleBatch(events: ConsumedEvent[], ctx: HandlerContext): Promise<void> {
    await this.commands.runIn(ctx.manager as NonNullable<HandlerContext['manager']>, async (tx) => {
      const answers = events.filter((e) => e.type === UsageProfileReadyV1.type);
      const bills = await lockBills(
        tx,
        answers.map((e) => (e.data as UsageProfileReadyV1).requestId),
      );
      const waiting = new Set<string>();
      const drafts: ToDraft[] = [];
      for (const e of answers) {
        const bill = bills.get((e.data as UsageProfileReadyV1).requestId);
        if (bill?.status !== 'awaiting-usage' || waiting.has(bill.id)) continue;
        waiting.add(bill.id);
        drafts.push({ bill, usage: usageOf(e.data as UsageProfileReadyV1), issueDate: issueDateOf(bill) });
      }
      await draftAndDecideMany(tx, drafts, this.ctx);
      const drafted = new Set(drafts.map((d) => d.bill.request_id));
      for (const e of events) {
        if (e.type === UsageProfileReadyV1.type) {
          const answer = e.data as UsageProfileReadyV1;
          // Each waiting bill's first answer is drafted above; a second answer, or one for another request, goes the single way.
          if (drafted.delete(answer.requestId)) continue;
          await billFromUsage(tx, answer, this.ctx);
        } else if (e.type === UsageCorrectedV1.type) await onUsageCorrected(tx, e.data as UsageCorrectedV1);
      }
    });
  }
}

/** Invoicing's consumer of usage profiles and corrections. */
export const usageConsumer: ServiceConsumer = { groupId: 'invoicing.usage-profiles', topics: [Topics.meteringEvents], handler: UsageHandler };
