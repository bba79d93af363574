import { RatingInputError, type MeteringMode, type Tariff } from '@utilia/rating';
import type { CommandTx } from '@utilia/platform';
import type { TariffPeriod } from '../copies/tariff-schedule';
import type { BillingContext, BillRow, BillUsage } from './bill';
import { checkDraft, type History } from './checks';
import { holdBills, issueInvoices, type ToHold, type ToIssue } from './issue';
import { rateBill, type RatedBill } from './rate-bill';

/** A draft priced, or why it could not be: no tariff version for its days, or libs/rating refused the input. */
export type Draft = RatedBill | { failed: string };

/** A bill to draft: its usage, and the day it is issued if it passes its checks. */
export interface ToDraft {
  bill: BillRow;
  usage: BillUsage;
  issueDate: string;
}

/** What of an agreement prices its bills: its tariff periods and how its on-site generation is settled. */
interface Pricing {
  periods: readonly TariffPeriod[];
  metering: MeteringMode;
}

/** Prices a bill's days with its usage and the tariff of each day (its agreement's pricing, the compiled tariffs). Pure but for the inputs. */
function priced(bill: BillRow, usage: BillUsage, pricing: Pricing | undefined, tariffs: ReadonlyMap<string, Tariff | undefined>): Draft {
  try {
    return rateBill({
      tariffs: pricing?.periods ?? [],
      tariffOf: (code) => tariffs.get(code),
      cycle: { from: bill.period_from, to: bill.period_to },
      billed: { from: bill.billed_from, to: bill.billed_to },
      usage: usage.series,
      account: { metering: pricing?.metering ?? 'none' },
    });
  } catch (e) {
    // Bad usage or a tariff the engine refuses: the bill fails (billing-ops see why), the run goes on.
    if (e instanceof RatingInputError) return { failed: e.message };
    throw e;
  }
}

/** The pricing of agreements and the tariffs they name, read together. */
async function tariffsOf(tx: Pick<CommandTx, 'query'>, agreementIds: readonly string[], ctx: BillingContext) {
  const rows = await tx.query<{ id: string; tariffs: TariffPeriod[]; metering: MeteringMode }>(
    'select id, tariffs, metering from i_agreement where id = any($1::uuid[])',
    [[...new Set(agreementIds)]],
    'inv_agreements_pricing',
  );
  const periods = new Map<string, Pricing>(rows.map((r) => [r.id, { periods: r.tariffs, metering: r.metering }]));
  const tariffs = await ctx.tariffs.tariffs(
    tx,
    rows.flatMap((r) => r.tariffs.map((t) => t.tariffCode)),
  );
  return { periods, tariffs };
}

/** Prices one bill (see {@link draftAndDecideMany} for the rest of the way). */
export async function draftBill(tx: Pick<CommandTx, 'query'>, bill: BillRow, usage: BillUsage, ctx: BillingContext): Promise<Draft> {
  const { periods, tariffs } = await tariffsOf(tx, [bill.agreement_id], ctx);
  return priced(bill, usage, periods.get(bill.agreement_id), tariffs);
}

/** The agreements' issued bills before `before` (each bill's own period), newest first: what the high-bill and estimate checks compare with. */
async function historiesOf(tx: Pick<CommandTx, 'query'>, bills: readonly BillRow[]): Promise<Map<string, History>> {
  const rows = await tx.query<{ bill_id: string; total: string; estimated: boolean }>(
    `select x.id as bill_id, h.total, h.estimated from unnest($1::uuid[], $2::uuid[], $3::date[]) as x(id, agreement_id, period_from)
       cross join lateral (select total::text as total, coalesce(estimated, false) as estimated from bill b
                            where b.agreement_id = x.agreement_id and b.status = 'issued' and b.period_to <= x.period_from and b.id <> x.id
                            order by b.period_to desc limit 6) h`,
    [bills.map((b) => b.id), bills.map((b) => b.agreement_id), bills.map((b) => b.period_from)],
    'inv_bill_histories',
  );
  const out = new Map<string, History>(bills.map((b) => [b.id, { totals: [] as string[], estimated: [] as boolean[] }]));
  for (const r of rows) {
    const h = out.get(r.bill_id) as { totals: string[]; estimated: boolean[] };
    h.totals.push(r.total);
    h.estimated.push(r.estimated);
  }
  return out;
}

/** Drafts a bill from its usage, checks it and issues it on `issueDate`, or holds it (see {@link draftAndDecideMany}). */
export async function draftAndDecide(tx: CommandTx, bill: BillRow, usage: BillUsage, ctx: BillingContext, issueDate: string): Promise<void> {
  await draftAndDecideMany(tx, [{ bill, usage, issueDate }], ctx);
}

/**
 * Drafts bills from their usage, checks each and issues those that pass or holds the rest with what
 * they failed (a draft that could not be rated is held, or failed when the engine refused it): a
 * chunk of a bill run's answers in a few statements whatever its size.
 */
export async function draftAndDecideMany(tx: CommandTx, items: readonly ToDraft[], ctx: BillingContext): Promise<void> {
  if (items.length === 0) return;
  const { periods, tariffs } = await tariffsOf(
    tx,
    items.map((i) => i.bill.agreement_id),
    ctx,
  );
  const histories = await historiesOf(
    tx,
    items.map((i) => i.bill),
  );
  const issue: ToIssue[] = [];
  const hold: ToHold[] = [];
  for (const { bill, usage, issueDate } of items) {
    const draft = priced(bill, usage, periods.get(bill.agreement_id), tariffs);
    if ('failed' in draft) {
      hold.push({
        bill,
        findings: [{ rule: 'rating-failed', detail: draft.failed }],
        draft: { rated: null, usage: usage.summary, estimated: usage.estimated },
        status: 'failed',
      });
      continue;
    }
    const findings = checkDraft(
      'lines' in draft ? { total: draft.total, estimated: usage.estimated } : { missingTariff: draft.missingTariff, estimated: usage.estimated },
      histories.get(bill.id) ?? { totals: [], estimated: [] },
      ctx.settings.checks,
    );
    if (findings.length > 0 || !('lines' in draft))
      hold.push({ bill, findings, draft: { rated: 'lines' in draft ? draft : null, usage: usage.summary, estimated: usage.estimated } });
    else issue.push({ bill, rated: draft, options: { estimated: usage.estimated, usage: usage.summary, issueDate, kind: bill.kind } });
  }
  await holdBills(tx, hold);
  await issueInvoices(tx, issue);
}
