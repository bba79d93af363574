import type { InvoiceLine, UsageProfileReadyV1 } from '@utilia/contracts';
import { notFound, type CommandTx } from '@utilia/platform';
import type { Usage } from '@utilia/rating';
import type { BillingSettings } from '../config';
import type { BillCycle } from '../cycles/cycle';
import type { TariffCache } from './tariff-cache';

/** A bill as the handlers read it: one agreement's billing period. */
export interface BillRow {
  id: string;
  run_id: string | null;
  account_id: string;
  agreement_id: string;
  service_point_id: string;
  period_from: string;
  period_to: string;
  billed_from: string;
  billed_to: string;
  status: BillStatus;
  kind: 'cycle' | 'final';
  request_id: string;
  estimated_by: string | null;
}

/** awaiting-usage → issued | held | failed; held → issued | cancelled. */
export type BillStatus = 'awaiting-usage' | 'issued' | 'held' | 'failed' | 'cancelled';

export const BILL_COLUMNS = `id, run_id, account_id, agreement_id, service_point_id, period_from::text as period_from, period_to::text as period_to,
  billed_from::text as billed_from, billed_to::text as billed_to, status, kind, request_id, estimated_by`;

/** A bill locked for a decision (undefined when there is none). */
export async function lockBill(tx: Pick<CommandTx, 'query'>, where: 'id' | 'request_id', value: string): Promise<BillRow | undefined> {
  const [bill] = await tx.query<BillRow>(`select ${BILL_COLUMNS} from bill where ${where} = $1 for update`, [value], `inv_lock_bill_by_${where}`);
  return bill;
}

/** The bills of usage requests, locked in id order (two chunks never wait on each other crosswise), by request id. */
export async function lockBills(tx: Pick<CommandTx, 'query'>, requestIds: readonly string[]): Promise<Map<string, BillRow>> {
  if (requestIds.length === 0) return new Map();
  const rows = await tx.query<BillRow>(
    `select ${BILL_COLUMNS} from bill where request_id = any($1::uuid[]) order by id for update`,
    [requestIds],
    'inv_lock_bills',
  );
  return new Map(rows.map((b) => [b.request_id, b]));
}

/** A rated draft: the lines libs/rating priced and their total. */
export interface Rated {
  lines: InvoiceLine[];
  total: string;
  currency: string;
}

/** What an invoice says of the usage it bills (the event carries the first three). */
export interface UsageSummary {
  importWh: number;
  exportWh: number;
  estimatedIntervals: number;
  /** Register reads over the period, as metering sent them. */
  registers?: UsageProfileReadyV1['registers'];
  maxDemandW?: number | null;
}

/** The usage a draft is rated with: the series, what the invoice says of it, and whether it was estimated. */
export interface BillUsage {
  series: Usage;
  summary: UsageSummary;
  estimated: boolean;
}

/** Metering's answer as a bill's usage. */
export function usageOf(answer: UsageProfileReadyV1): BillUsage {
  const series = (wh: number[]) => ({ start: answer.start, intervalMinutes: answer.intervalMinutes, wh });
  const sum = (xs: readonly number[] | undefined) => (xs ?? []).reduce((s, x) => s + x, 0);
  return {
    series: { load: series(answer.importWh), ...(answer.exportWh ? { generation: series(answer.exportWh) } : {}) },
    summary: {
      importWh: sum(answer.importWh),
      exportWh: sum(answer.exportWh),
      estimatedIntervals: answer.counts.estimated,
      registers: answer.registers,
      maxDemandW: answer.maxDemandW,
    },
    estimated: answer.counts.estimated > 0,
  };
}

/** What the bill handlers need besides the transaction: settings, the utility's zone and the compiled tariffs. */
export interface BillingContext {
  settings: BillingSettings;
  timeZone: string;
  tariffs: TariffCache;
}

/** A bill cycle's read day and terms. @throws RuleViolation 404 when there is no such cycle. */
export async function cycleOf(tx: Pick<CommandTx, 'query'>, code: string): Promise<BillCycle> {
  const [row] = await tx.query<{ code: string; read_day: number; payment_terms_days: number }>(
    'select code, read_day, payment_terms_days from bill_cycle where code = $1',
    [code],
    'inv_cycle',
  );
  if (!row) throw notFound('bill-cycle', code);
  return { code: row.code, readDay: row.read_day, paymentTermsDays: row.payment_terms_days };
}
