import { RatingInputError } from '@utilia/rating';
import type { CommandTx } from '@utilia/platform';
import type { TariffPeriod } from '../copies/tariff-schedule';
import type { BillingContext, BillRow, BillUsage } from './bill';
import { checkDraft } from './checks';
import { holdBill, issueInvoice } from './issue';
import { rateBill, type RatedBill } from './rate-bill';

/** A draft priced, or why it could not be: no tariff version for its days, or libs/rating refused the input. */
export type Draft = RatedBill | { failed: string };

/** Prices a bill's days with its usage and the tariff of each day, from invoicing's copies. */
export async function draftBill(tx: Pick<CommandTx, 'query'>, bill: BillRow, usage: BillUsage, ctx: BillingContext): Promise<Draft> {
  const [agreement] = await tx.query<{ tariffs: TariffPeriod[] }>(
    'select tariffs from i_agreement where id = $1',
    [bill.agreement_id],
    'inv_agreement_tariffs',
  );
  const periods = agreement?.tariffs ?? [];
  const tariffs = await ctx.tariffs.tariffs(
    tx,
    periods.map((t) => t.tariffCode),
  );
  try {
    return rateBill({
      tariffs: periods,
      tariffOf: (code) => tariffs.get(code),
      cycle: { from: bill.period_from, to: bill.period_to },
      billed: { from: bill.billed_from, to: bill.billed_to },
      usage: usage.series,
    });
  } catch (e) {
    // Bad usage or a tariff the engine refuses: the bill fails (billing-ops see why), the run goes on.
    if (e instanceof RatingInputError) return { failed: e.message };
    throw e;
  }
}

/** The agreement's issued bills before this one, newest first: what the high-bill and estimate checks compare with. */
export async function historyOf(tx: Pick<CommandTx, 'query'>, bill: BillRow): Promise<{ totals: string[]; estimated: boolean[] }> {
  const rows = await tx.query<{ total: string; estimated: boolean }>(
    `select total::text as total, coalesce(estimated, false) as estimated from bill
      where agreement_id = $1 and status = 'issued' and period_to <= $2 and id <> $3 order by period_to desc limit 6`,
    [bill.agreement_id, bill.period_from, bill.id],
    'inv_bill_history',
  );
  return { totals: rows.map((r) => r.total), estimated: rows.map((r) => r.estimated) };
}

/**
 * Drafts a bill from its usage, checks it and issues it on `issueDate`, or holds it with what it
 * failed (a draft that could not be rated is held, or failed when the engine refused it).
 */
export async function draftAndDecide(tx: CommandTx, bill: BillRow, usage: BillUsage, ctx: BillingContext, issueDate: string): Promise<void> {
  const draft = await draftBill(tx, bill, usage, ctx);
  if ('failed' in draft) {
    await holdBill(tx, bill, [{ rule: 'rating-failed', detail: draft.failed }], { rated: null, usage: usage.summary, estimated: usage.estimated }, 'failed');
    return;
  }
  const findings = checkDraft(
    'lines' in draft ? { total: draft.total, estimated: usage.estimated } : { missingTariff: draft.missingTariff, estimated: usage.estimated },
    await historyOf(tx, bill),
    ctx.settings.checks,
  );
  if (findings.length > 0 || !('lines' in draft)) {
    await holdBill(tx, bill, findings, { rated: 'lines' in draft ? draft : null, usage: usage.summary, estimated: usage.estimated });
    return;
  }
  await issueInvoice(tx, bill, draft, { estimated: usage.estimated, usage: usage.summary, issueDate, kind: bill.kind });
}
