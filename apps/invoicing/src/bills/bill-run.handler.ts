import {
  BillHeldV1,
  BillRunStartedV1,
  InvoiceIssuedV1,
  UsageProfileRequestedV1,
  uuidv7,
  type InvoiceLine,
  type UsageProfileReadyV1,
  type Uuid,
} from '@utilia/contracts';
import { addDays, event, notFound, RuleViolation, type CommandTx } from '@utilia/platform';
import type { Tariff } from '@utilia/rating';
import { tariffOf, tariffVersions } from '../copies/tariff.projections';
import type { TariffPeriod } from '../copies/tariff-schedule';
import { dueDate, isReadDate, periodOf, type BillCycle } from '../cycles/cycle';
import { formatDocumentNumber, nextNumber, SERIES } from '../numbering/invoice-number';
import { checkDraft, type CheckSettings } from './checks';
import { rateBill } from './rate-bill';

async function cycleOf(tx: Pick<CommandTx, 'query'>, code: string): Promise<BillCycle> {
  const [row] = await tx.query<{ code: string; read_day: number; payment_terms_days: number }>(
    'select code, read_day, payment_terms_days from bill_cycle where code = $1',
    [code],
  );
  if (!row) throw notFound('bill-cycle', code);
  return { code: row.code, readDay: row.read_day, paymentTermsDays: row.payment_terms_days };
}

/**
 * Starts (or resumes) the bill run of a cycle on its read date: every agreement of the cycle's open
 * accounts that had service in the period gets a bill awaiting its usage, and metering is asked for
 * it (UsageProfileRequested). A bill is unique per agreement and period, so starting the run again
 * adds only what is missing and asks again for the usage of bills still waiting.
 */
export async function startBillRun(
  tx: CommandTx,
  input: { cycle: string; runDate: string; by: string },
): Promise<{ runId: string; bills: number; resumed: boolean }> {
  const cycle = await cycleOf(tx, input.cycle);
  if (!isReadDate(cycle, input.runDate))
    throw new RuleViolation('not-a-read-date', `${input.runDate} is not a read date of cycle ${cycle.code} (day ${cycle.readDay})`);
  const period = periodOf(cycle, input.runDate);
  await tx.lock(`invoicing.bill-run:${cycle.code}:${input.runDate}`);
  const [existing] = await tx.query<{ id: string }>('select id from bill_run where cycle = $1 and run_date = $2', [cycle.code, input.runDate]);
  const runId = existing?.id ?? uuidv7();
  if (!existing)
    await tx.query('insert into bill_run (id, cycle, run_date, period_from, period_to, started_by) values ($1, $2, $3, $4, $5, $6)', [
      runId,
      cycle.code,
      input.runDate,
      period.from,
      period.to,
      input.by,
    ]);
  // Due: agreements of the cycle's accounts with a day of service in [from, to).
  const due = await tx.query<{ id: string; account_id: string; service_point_id: string; start_date: string; end_date: string | null }>(
    `select g.id, g.account_id, g.service_point_id, g.start_date::text as start_date, g.end_date::text as end_date
       from i_agreement g join i_account a on a.id = g.account_id
      where a.bill_cycle = $1 and g.start_date < $3 and (g.end_date is null or g.end_date >= $2)
        and not exists (select 1 from bill b where b.agreement_id = g.id and b.period_from = $2 and b.period_to = $3)
      order by g.id`,
    [cycle.code, period.from, period.to],
  );
  for (const g of due) {
    const billedFrom = g.start_date > period.from ? g.start_date : period.from;
    const endNext = g.end_date === null ? null : addDays(g.end_date, 1);
    const billedTo = endNext !== null && endNext < period.to ? endNext : period.to;
    const billId = uuidv7();
    const requestId = uuidv7();
    await tx.query(
      `insert into bill (id, run_id, account_id, agreement_id, service_point_id, period_from, period_to, billed_from, billed_to, request_id, status)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'awaiting-usage')`,
      [billId, runId, g.account_id, g.id, g.service_point_id, period.from, period.to, billedFrom, billedTo, requestId],
    );
    await tx.append(billId, 'no-stream', [
      event(UsageProfileRequestedV1, {
        requestId: requestId as Uuid,
        agreementId: g.id as Uuid,
        accountId: g.account_id as Uuid,
        servicePointId: g.service_point_id as Uuid,
        periodStart: billedFrom,
        periodEnd: addDays(billedTo, -1),
        requestedAt: tx.now.toISOString(),
      }),
    ]);
  }
  const [{ n }] = await tx.query<{ n: number }>('select count(*)::int as n from bill where run_id = $1', [runId]);
  if (!existing)
    await tx.append(runId, 'no-stream', [
      event(BillRunStartedV1, {
        runId: runId as Uuid,
        cycle: cycle.code,
        runDate: input.runDate,
        periodStart: period.from,
        periodEnd: period.to,
        bills: n,
        startedBy: input.by,
      }),
    ]);
  return { runId, bills: n, resumed: Boolean(existing) };
}

interface BillRow {
  id: string;
  run_id: string | null;
  account_id: string;
  agreement_id: string;
  service_point_id: string;
  period_from: string;
  period_to: string;
  billed_from: string;
  billed_to: string;
  status: string;
  kind: string;
}

/**
 * Metering's answer to a bill's usage request: the draft is rated with invoicing's copies of the
 * tariff versions, checked, then issued (gap-free number, due date from the cycle's terms,
 * InvoiceIssued) or held with the reasons (BillHeld). An answer for a bill no longer waiting changes nothing.
 */
export async function billFromUsage(tx: CommandTx, usage: UsageProfileReadyV1, settings: CheckSettings): Promise<void> {
  const [bill] = await tx.query<BillRow>(
    `select id, run_id, account_id, agreement_id, service_point_id, period_from::text as period_from, period_to::text as period_to,
            billed_from::text as billed_from, billed_to::text as billed_to, status, kind
       from bill where request_id = $1 for update`,
    [usage.requestId],
  );
  if (!bill || bill.status !== 'awaiting-usage') return;
  const [agreement] = await tx.query<{ tariffs: TariffPeriod[] }>('select tariffs from i_agreement where id = $1', [bill.agreement_id]);
  const tariffs = new Map<string, Tariff | undefined>();
  for (const t of agreement?.tariffs ?? []) if (!tariffs.has(t.tariffCode)) tariffs.set(t.tariffCode, tariffOf(await tariffVersions(tx, t.tariffCode)));
  const series = (wh: number[]) => ({ start: usage.start, intervalMinutes: usage.intervalMinutes, wh });
  const rated = rateBill({
    tariffs: agreement?.tariffs ?? [],
    tariffOf: (code) => tariffs.get(code),
    cycle: { from: bill.period_from, to: bill.period_to },
    billed: { from: bill.billed_from, to: bill.billed_to },
    usage: { load: series(usage.importWh), ...(usage.exportWh ? { generation: series(usage.exportWh) } : {}) },
  });
  const estimated = usage.counts.estimated > 0;
  const sum = (xs: readonly number[] | undefined) => (xs ?? []).reduce((s, x) => s + x, 0);
  const summary: UsageSummary = { importWh: sum(usage.importWh), exportWh: sum(usage.exportWh), estimatedIntervals: usage.counts.estimated };
  const history = await tx.query<{ total: string; estimated: boolean }>(
    `select total::text as total, coalesce(estimated, false) as estimated from bill where agreement_id = $1 and status = 'issued' and period_to <= $2 order by period_to desc limit 6`,
    [bill.agreement_id, bill.period_from],
  );
  const findings = checkDraft(
    'lines' in rated ? { total: rated.total, estimated } : { missingTariff: rated.missingTariff, estimated },
    { totals: history.map((h) => h.total), estimated: history.map((h) => h.estimated) },
    settings,
  );
  const total = 'lines' in rated ? rated.total : null;
  if (findings.length > 0 || !('lines' in rated)) {
    await tx.query(`update bill set status = 'held', reasons = $2, total = $3, estimated = $4, draft = $5, usage = $6, updated_at = now() where id = $1`, [
      bill.id,
      JSON.stringify(findings),
      total,
      estimated,
      'lines' in rated ? JSON.stringify(rated) : null,
      JSON.stringify(summary),
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
        reasons: findings.map((f) => ({ rule: f.rule, detail: f.detail.slice(0, 500) })),
      }),
    ]);
    return;
  }
  await issueBill(tx, bill, rated, estimated, summary);
}

/** What an invoice says of the usage it bills. */
export interface UsageSummary {
  importWh: number;
  exportWh: number;
  estimatedIntervals: number;
}

/** Issues a rated bill: a gap-free number, the due date of its cycle's terms, the invoice, InvoiceIssued. */
async function issueBill(
  tx: CommandTx,
  bill: BillRow,
  rated: { lines: InvoiceLine[]; total: string; currency: string },
  estimated: boolean,
  usage: UsageSummary,
): Promise<string> {
  const [account] = await tx.query<{ bill_cycle: string }>('select bill_cycle from i_account where id = $1', [bill.account_id]);
  const cycle = await cycleOf(tx, account?.bill_cycle ?? '');
  // A run's bill is issued on its run date; a final bill when service ends (the day after the last one).
  const issueDate = bill.kind === 'final' ? bill.billed_to : bill.period_to;
  const invoiceId = uuidv7();
  const number = formatDocumentNumber(SERIES.invoice, await nextNumber(tx, SERIES.invoice));
  const due = dueDate(cycle, issueDate);
  await tx.query(
    `insert into invoice (id, number, bill_id, account_id, agreement_id, period_from, period_to, issue_date, due_date, currency, total, lines, service_point_id, kind, usage)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::numeric, $12, $13, $14, $15)`,
    [
      invoiceId,
      number,
      bill.id,
      bill.account_id,
      bill.agreement_id,
      bill.billed_from,
      bill.billed_to,
      issueDate,
      due,
      rated.currency,
      rated.total,
      JSON.stringify(rated.lines),
      bill.service_point_id,
      bill.kind,
      JSON.stringify(usage),
    ],
  );
  await tx.query(`update bill set status = 'issued', total = $2::numeric, estimated = $3, invoice_id = $4, updated_at = now() where id = $1`, [
    bill.id,
    rated.total,
    estimated,
    invoiceId,
  ]);
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
      issueDate,
      dueDate: due,
      currency: rated.currency,
      lines: rated.lines,
      total: rated.total,
      usage,
    }),
  ]);
  return invoiceId;
}

const BILL_COLUMNS = `id, run_id, account_id, agreement_id, service_point_id, period_from::text as period_from, period_to::text as period_to,
  billed_from::text as billed_from, billed_to::text as billed_to, status, kind`;

/** A held bill, locked for the decision. @throws RuleViolation 404, or 409 when it is not held. */
async function heldBill(
  tx: CommandTx,
  billId: string,
): Promise<BillRow & { draft: { lines: InvoiceLine[]; total: string; currency: string } | null; usage: UsageSummary; estimated: boolean }> {
  const [bill] = await tx.query<BillRow & { draft: { lines: InvoiceLine[]; total: string; currency: string } | null; usage: UsageSummary; estimated: boolean }>(
    `select ${BILL_COLUMNS}, draft, usage, coalesce(estimated, false) as estimated from bill where id = $1 for update`,
    [billId],
  );
  if (!bill) throw notFound('bill', billId);
  if (bill.status !== 'held')
    throw new RuleViolation('bill-not-held', `bill ${billId} is ${bill.status}: only a held bill is released or cancelled`, 'conflict');
  return bill;
}

/** billing-ops release a held bill with a note: it is issued as it was rated. A bill that could not be rated is not released (publish its tariff, then run again). */
export async function releaseBill(tx: CommandTx, input: { billId: string; note: string; by: string }): Promise<string> {
  const bill = await heldBill(tx, input.billId);
  if (!bill.draft)
    throw new RuleViolation('bill-not-rated', `bill ${input.billId} could not be rated (a tariff is missing): it cannot be released as it is`, 'conflict');
  await tx.query('update bill set decided_by = $2, decision_note = $3 where id = $1', [bill.id, input.by, input.note]);
  return issueBill(tx, bill, bill.draft, bill.estimated, bill.usage ?? { importWh: 0, exportWh: 0, estimatedIntervals: 0 });
}

/** billing-ops cancel a held bill with the reason: nothing is issued for the period. */
export async function cancelBill(tx: CommandTx, input: { billId: string; reason: string; by: string }): Promise<void> {
  const bill = await heldBill(tx, input.billId);
  await tx.query(`update bill set status = 'cancelled', decided_by = $2, decision_note = $3, updated_at = now() where id = $1`, [
    bill.id,
    input.by,
    input.reason,
  ]);
}
