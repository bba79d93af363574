/**
 * The chart of accounts of the receivables ledger and which account each kind of money goes to.
 * Pure. Codes follow a common utility layout: 1xxx assets, 2xxx liabilities, 4xxx revenue, 6xxx expenses.
 */
import type { LineComponent } from '@utilia/rating';

export type LedgerKind = 'asset' | 'liability' | 'revenue' | 'expense';

export interface LedgerAccount {
  code: string;
  name: string;
  kind: LedgerKind;
}

/** Where cash lands per payment channel: a clearing account each, reconciled with the bank statement. */
export const CASH_BY_CHANNEL = {
  card: '1010',
  'bank-transfer': '1020',
  'direct-debit': '1030',
  cash: '1040',
  check: '1050',
} as const;
export type Channel = keyof typeof CASH_BY_CHANNEL;

export const LEDGER = {
  receivable: '1100',
  customerDeposits: '2100',
  unappliedCash: '2200',
  taxPayable: '2300',
  fees: '4900',
  otherRevenue: '4999',
  writeOffs: '6900',
} as const;

/** Revenue per bill component (libs/rating's line components); taxes are owed to the tax authority, not revenue. */
const REVENUE_BY_COMPONENT: Record<LineComponent, string> = {
  energy: '4100',
  fixed: '4110',
  demand: '4120',
  minimum: '4130',
  'annual-minimum': '4131',
  'export-credit': '4140',
  'net-surplus-credit': '4141',
  surcharge: '4150',
  rider: '4160',
  discount: '4170',
  tax: LEDGER.taxPayable,
};

/** The ledger account a bill line's component is posted to (an unknown component: other revenue). */
export function accountOfComponent(component: string): string {
  return (REVENUE_BY_COMPONENT as Record<string, string>)[component] ?? LEDGER.otherRevenue;
}

/** Every account of the chart. */
export const CHART: readonly LedgerAccount[] = [
  { code: CASH_BY_CHANNEL.card, name: 'Cash clearing: card', kind: 'asset' },
  { code: CASH_BY_CHANNEL['bank-transfer'], name: 'Cash clearing: bank transfer', kind: 'asset' },
  { code: CASH_BY_CHANNEL['direct-debit'], name: 'Cash clearing: direct debit', kind: 'asset' },
  { code: CASH_BY_CHANNEL.cash, name: 'Cash clearing: cash', kind: 'asset' },
  { code: CASH_BY_CHANNEL.check, name: 'Cash clearing: check', kind: 'asset' },
  { code: LEDGER.receivable, name: 'Accounts receivable', kind: 'asset' },
  { code: LEDGER.customerDeposits, name: 'Customer deposits', kind: 'liability' },
  { code: LEDGER.unappliedCash, name: 'Unapplied cash (suspense)', kind: 'liability' },
  { code: LEDGER.taxPayable, name: 'Tax payable', kind: 'liability' },
  { code: '4100', name: 'Revenue: energy', kind: 'revenue' },
  { code: '4110', name: 'Revenue: fixed charges', kind: 'revenue' },
  { code: '4120', name: 'Revenue: demand', kind: 'revenue' },
  { code: '4130', name: 'Revenue: minimum charges', kind: 'revenue' },
  { code: '4131', name: 'Revenue: annual minimum', kind: 'revenue' },
  { code: '4140', name: 'Revenue: export credits', kind: 'revenue' },
  { code: '4141', name: 'Revenue: net surplus credits', kind: 'revenue' },
  { code: '4150', name: 'Revenue: surcharges', kind: 'revenue' },
  { code: '4160', name: 'Revenue: riders', kind: 'revenue' },
  { code: '4170', name: 'Revenue: discounts', kind: 'revenue' },
  { code: LEDGER.fees, name: 'Revenue: fees', kind: 'revenue' },
  { code: LEDGER.otherRevenue, name: 'Revenue: other', kind: 'revenue' },
  { code: LEDGER.writeOffs, name: 'Bad debt written off', kind: 'expense' },
];
