/**
 * The document of an invoice or credit note as a value: everything its PDF, HTML and e-mail show,
 * built from the invoice and invoicing's copies by pure functions. It is stored with the PDF the
 * first time it is made, so the paper copy in a print batch shows what the customer was sent.
 */
import type { Address, InvoiceCharge, InvoiceLine, LineChange } from '@utilia/contracts';
import { minorUnitDigits } from '@utilia/rating';
import Big from 'big.js';
import type { UtilityIdentity } from './documents.config';
import { dayBefore, formatDate, kwhOf, monthLabel } from './format';
import { creditorReference } from './payment-reference';

/** Bump when the shape changes: stored models of an older version are still rendered as they were. */
export const DOCUMENT_MODEL_VERSION = 1;

/** How many billing periods the usage chart shows, this one included (a year and the same month before). */
export const USAGE_HISTORY_PERIODS = 13;

/** Who the document is addressed to: the name to print and the billing address (null when the account has none). */
export interface Addressee {
  name: string;
  address: Address | null;
}

/** One line as printed: what it is, its TOU period / tier / days, quantity × rate = amount. */
export interface DocumentLine {
  description: string;
  detail: string | null;
  quantity: string;
  unit: string;
  rate: string;
  amount: string;
}

/** The lines of one component (energy, demand, taxes...) and their subtotal. */
export interface LineGroup {
  component: string;
  title: string;
  lines: DocumentLine[];
  subtotal: string;
}

/** One bar of the usage chart: a billing period's imported kWh. */
export interface UsageBar {
  from: string;
  to: string;
  label: string;
  kwh: string;
  current: boolean;
}

/** The account's position: what was owed after the last bill, what came in since, and what is due now. */
export interface Statement {
  previousBalance: string;
  payments: Array<{ on: string; description: string; amount: string }>;
  paymentsTotal: string;
  credits: Array<{ number: string; on: string; amount: string }>;
  creditsTotal: string;
  thisDocument: string;
  amountDue: string;
}

/** What the document and its sections add up to. */
export interface Totals {
  /** The tariff's lines but taxes. */
  charges: string;
  taxes: string;
  /** Payments' charges (late fees, deposits, installments). */
  other: string;
  total: string;
}

interface CommonDocument {
  version: number;
  id: string;
  number: string;
  issueDate: string;
  currency: string;
  utility: UtilityIdentity;
  addressee: Addressee;
  accountNumber: string;
  service: { address: Address | null; marketId: string | null; commodity: string | null; from: string; to: string };
  groups: LineGroup[];
  taxes: LineGroup | null;
  charges: Array<{ description: string; amount: string }>;
  totals: Totals;
}

/** An invoice's document. */
export interface InvoiceDocument extends CommonDocument {
  type: 'invoice';
  kind: 'cycle' | 'final' | 'rebill';
  dueDate: string;
  usage: { importKwh: string; exportKwh: string; estimated: boolean; history: UsageBar[] } | null;
  statement: Statement;
  /** ISO 11649 RF reference derived from the invoice number. */
  paymentReference: string;
  replaces: {
    invoiceNumber: string;
    creditNoteNumber: string | null;
    reason: string;
    changes: Array<{ description: string; detail: string | null; oldAmount: string | null; newAmount: string | null; delta: string; why: string }>;
  } | null;
}

/** A credit note's document: the invoice it credits and why. */
export interface CreditNoteDocument extends CommonDocument {
  type: 'credit-note';
  invoiceNumber: string;
  reason: string;
}

/** Either document. */
export type BillingDocument = InvoiceDocument | CreditNoteDocument;

const COMPONENTS: Array<[string, string]> = [
  ['fixed', 'Service charge'],
  ['energy', 'Energy'],
  ['demand', 'Demand'],
  ['minimum', 'Minimum charge'],
  ['annual-minimum', 'Annual minimum'],
  ['export-credit', 'Export credit'],
  ['net-surplus-credit', 'Net surplus credit'],
  ['surcharge', 'Surcharges'],
  ['rider', 'Riders'],
  ['discount', 'Discounts'],
  ['tax', 'Taxes'],
];
const TITLES = new Map(COMPONENTS);
const ORDER = new Map(COMPONENTS.map(([c], i) => [c, i]));

const money = (value: Big, currency: string) => value.toFixed(minorUnitDigits(currency), Big.roundHalfUp);
const sum = (amounts: readonly string[]) => amounts.reduce((s, a) => s.plus(a), new Big(0));

/** A line's detail: its TOU period, its tier (counted from 1), its days when not the whole period, its tariff when the period has several. */
export function lineDetail(line: InvoiceLine, period: { from: string; to: string }, severalTariffs: boolean): string | null {
  const parts: string[] = [];
  if (line.touPeriod) parts.push(line.touPeriod);
  if (line.tier !== undefined) parts.push(`tier ${line.tier + 1}`);
  if (line.from !== period.from || line.to !== period.to) parts.push(`${formatDate(line.from)} - ${formatDate(dayBefore(line.to))}`);
  if (severalTariffs) parts.push(line.tariffCode);
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * The lines grouped by component in a fixed order (service charge, energy, demand, ..., taxes last
 * and apart), each group in the order rated and with its subtotal. A component the list does not
 * know yet is shown under its own name after the known ones.
 */
export function groupLines(
  lines: readonly InvoiceLine[],
  period: { from: string; to: string },
  currency: string,
): { groups: LineGroup[]; taxes: LineGroup | null } {
  const severalTariffs = new Set(lines.map((l) => l.tariffCode)).size > 1;
  const byComponent = new Map<string, InvoiceLine[]>();
  for (const l of lines) byComponent.set(l.component, [...(byComponent.get(l.component) ?? []), l]);
  const groups = [...byComponent.entries()]
    .sort(([a], [b]) => (ORDER.get(a) ?? ORDER.size) - (ORDER.get(b) ?? ORDER.size) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([component, ls]) => ({
      component,
      title: TITLES.get(component) ?? component,
      lines: ls.map((l) => ({
        description: l.description,
        detail: lineDetail(l, period, severalTariffs),
        quantity: l.quantity,
        unit: l.unit,
        rate: l.rate,
        amount: l.amount,
      })),
      subtotal: money(sum(ls.map((l) => l.amount)), currency),
    }));
  return { groups: groups.filter((g) => g.component !== 'tax'), taxes: groups.find((g) => g.component === 'tax') ?? null };
}

/** A billing period's usage as invoicing issued it. */
export interface PeriodUsage {
  from: string;
  to: string;
  importWh: number;
}

/**
 * The chart's bars: the agreement's earlier periods (one bar per period, oldest first) and this one
 * last, at most {@link USAGE_HISTORY_PERIODS} in all. Periods after this one are left out.
 */
export function usageHistory(current: PeriodUsage, earlier: readonly PeriodUsage[]): UsageBar[] {
  const seen = new Set<string>([current.from]);
  const before = [...earlier]
    .filter((p) => p.from < current.from)
    .sort((a, b) => (a.from < b.from ? -1 : 1))
    .filter((p) => !seen.has(p.from) && Boolean(seen.add(p.from)));
  return [...before.slice(-(USAGE_HISTORY_PERIODS - 1)), current].map((p) => ({
    from: p.from,
    to: p.to,
    label: monthLabel(dayBefore(p.to)),
    kwh: kwhOf(p.importWh),
    current: p === current,
  }));
}

/** An invoice or credit note of the account issued before the document, in issue order. */
export interface EarlierDocument {
  type: 'invoice' | 'credit-note';
  number: string;
  issueDate: string;
  total: string;
}

/** Money in (a payment, positive) or out again (its reversal, negative) on a day. */
export interface PaymentMovement {
  on: string;
  amount: string;
  description: string;
}

/**
 * The account statement on an invoice. The previous balance is what the account owed after its
 * previous invoice: the invoices up to it, less the credit notes up to it, less the payments before
 * that invoice's issue date. Since then: the payments (net of reversals) up to the day before this
 * invoice and the credit notes issued (a rebill's credit note comes just before the rebill). The
 * amount due is the previous balance less both, plus this invoice, so the next invoice's previous
 * balance is this one's amount due. `earlier` is in issue order; `payments` end before this issue date.
 */
export function statementOf(thisTotal: string, earlier: readonly EarlierDocument[], payments: readonly PaymentMovement[], currency: string): Statement {
  const signed = (d: EarlierDocument) => (d.type === 'invoice' ? new Big(d.total) : new Big(d.total).neg());
  let last = -1;
  earlier.forEach((d, i) => {
    if (d.type === 'invoice') last = i;
  });
  const cutoff = last >= 0 ? earlier[last].issueDate : undefined;
  const billed = earlier.slice(0, last + 1).reduce((s, d) => s.plus(signed(d)), new Big(0));
  const paidBefore = sum(payments.filter((p) => cutoff !== undefined && p.on < cutoff).map((p) => p.amount));
  const since = payments.filter((p) => cutoff === undefined || p.on >= cutoff);
  const credits = earlier.slice(last + 1).filter((d) => d.type === 'credit-note');
  const previousBalance = billed.minus(paidBefore);
  const paymentsTotal = sum(since.map((p) => p.amount));
  const creditsTotal = sum(credits.map((c) => c.total));
  return {
    previousBalance: money(previousBalance, currency),
    payments: since.map((p) => ({ on: p.on, description: p.description, amount: money(new Big(p.amount), currency) })),
    paymentsTotal: money(paymentsTotal, currency),
    credits: credits.map((c) => ({ number: c.number, on: c.issueDate, amount: money(new Big(c.total), currency) })),
    creditsTotal: money(creditsTotal, currency),
    thisDocument: money(new Big(thisTotal), currency),
    amountDue: money(previousBalance.minus(paymentsTotal).minus(creditsTotal).plus(thisTotal), currency),
  };
}

/** The invoice row as invoicing issued it. */
export interface IssuedInvoice {
  id: string;
  number: string;
  kind: 'cycle' | 'final' | 'rebill';
  periodFrom: string;
  periodTo: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  total: string;
  lines: InvoiceLine[];
  charges: InvoiceCharge[];
  usage: { importWh: number; exportWh: number; estimatedIntervals: number } | null;
  replaces: { invoiceNumber: string; creditNoteId: string; reason: string; changes: LineChange[] } | null;
}

/** What an invoice's document is made of, all read in one transaction. */
export interface InvoiceFacts {
  invoice: IssuedInvoice;
  utility: UtilityIdentity;
  account: { accountNumber: string; billingAddress: Address | null };
  /** null: invoicing has no copy of the customer (yet). */
  customerName: string | null;
  servicePoint: { marketId: string | null; commodity: string | null; address: Address | null };
  /** The agreement's earlier invoices that stand (not credited). */
  earlierUsage: PeriodUsage[];
  earlier: EarlierDocument[];
  payments: PaymentMovement[];
  /** The number of the credit note a rebill's `replaces` names, when invoicing has it. */
  creditNoteNumber: string | null;
}

/** Printed when invoicing has no copy of the customer: the document still reaches the billing address. */
export const UNKNOWN_ADDRESSEE = 'The account holder';

function common(
  f: Pick<InvoiceFacts, 'utility' | 'account' | 'customerName' | 'servicePoint'>,
  doc: {
    id: string;
    number: string;
    issueDate: string;
    currency: string;
    periodFrom: string;
    periodTo: string;
    lines: InvoiceLine[];
    charges: InvoiceCharge[];
    total: string;
  },
): CommonDocument {
  const period = { from: doc.periodFrom, to: doc.periodTo };
  const { groups, taxes } = groupLines(doc.lines, period, doc.currency);
  const charges = doc.charges.map((c) => ({ description: c.description, amount: money(new Big(c.amount), doc.currency) }));
  return {
    version: DOCUMENT_MODEL_VERSION,
    id: doc.id,
    number: doc.number,
    issueDate: doc.issueDate,
    currency: doc.currency,
    utility: f.utility,
    addressee: { name: f.customerName ?? UNKNOWN_ADDRESSEE, address: f.account.billingAddress },
    accountNumber: f.account.accountNumber,
    service: { address: f.servicePoint.address, marketId: f.servicePoint.marketId, commodity: f.servicePoint.commodity, ...period },
    groups,
    taxes,
    charges,
    totals: {
      charges: money(sum(groups.map((g) => g.subtotal)), doc.currency),
      taxes: money(new Big(taxes?.subtotal ?? 0), doc.currency),
      other: money(sum(charges.map((c) => c.amount)), doc.currency),
      // The issued total is what the customer owes for it, whatever the lines add up to.
      total: money(new Big(doc.total), doc.currency),
    },
  };
}

/** An invoice's document from its facts. Pure. */
export function buildInvoiceDocument(f: InvoiceFacts): InvoiceDocument {
  const i = f.invoice;
  const period = { from: i.periodFrom, to: i.periodTo };
  return {
    type: 'invoice',
    ...common(f, i),
    kind: i.kind,
    dueDate: i.dueDate,
    usage: i.usage
      ? {
          importKwh: kwhOf(i.usage.importWh),
          exportKwh: kwhOf(i.usage.exportWh),
          estimated: i.usage.estimatedIntervals > 0,
          history: usageHistory({ ...period, importWh: i.usage.importWh }, f.earlierUsage),
        }
      : null,
    statement: statementOf(i.total, f.earlier, f.payments, i.currency),
    paymentReference: creditorReference(i.number),
    replaces: i.replaces
      ? {
          invoiceNumber: i.replaces.invoiceNumber,
          creditNoteNumber: f.creditNoteNumber,
          reason: i.replaces.reason,
          changes: i.replaces.changes.map((c) => ({
            description: c.description,
            detail: [c.touPeriod, c.tier !== undefined ? `tier ${c.tier + 1}` : undefined].filter(Boolean).join(', ') || null,
            oldAmount: c.oldAmount,
            newAmount: c.newAmount,
            delta: c.delta,
            why: c.why,
          })),
        }
      : null,
  };
}

/** A credit note row as invoicing issued it. */
export interface IssuedCreditNote {
  id: string;
  number: string;
  invoiceNumber: string;
  periodFrom: string;
  periodTo: string;
  issueDate: string;
  currency: string;
  total: string;
  lines: InvoiceLine[];
  charges: InvoiceCharge[];
  reason: string;
}

/** A credit note's document from its facts. Pure. */
export function buildCreditNoteDocument(
  f: Pick<InvoiceFacts, 'utility' | 'account' | 'customerName' | 'servicePoint'> & { creditNote: IssuedCreditNote },
): CreditNoteDocument {
  const c = f.creditNote;
  return { type: 'credit-note', ...common(f, c), invoiceNumber: c.invoiceNumber, reason: c.reason };
}

/** The amount a document asks for (an invoice) or gives back (a credit note), and whether nothing is to be paid. */
export function headlineOf(d: BillingDocument): { label: string; amount: string; nothingToPay: boolean } {
  if (d.type === 'credit-note') return { label: 'Amount credited', amount: d.totals.total, nothingToPay: true };
  return { label: 'Amount due', amount: d.statement.amountDue, nothingToPay: new Big(d.statement.amountDue).lte(0) };
}
