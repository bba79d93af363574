/**
 * What the sections of a document say, in words, once for the PDF and the HTML (each lays them out
 * its own way). Pure.
 */
import { headlineOf, type BillingDocument } from './document-model';
import { addressLines, formatDate, formatPeriod } from './format';

/** A label and its value. */
export type Fact = [label: string, value: string];

/** The document's title: an invoice, a final one at move-out, or a credit note. */
export function titleOf(d: BillingDocument): string {
  return d.type === 'credit-note' ? 'Credit note' : d.kind === 'final' ? 'Final invoice' : 'Invoice';
}

/** The facts in the head: number, dates, account. */
export function headFacts(d: BillingDocument): Fact[] {
  return [
    [d.type === 'invoice' ? 'Invoice number' : 'Credit note number', d.number],
    ['Issue date', formatDate(d.issueDate)],
    ...(d.type === 'invoice' ? ([['Due date', formatDate(d.dueDate)]] as Fact[]) : []),
    ['Account number', d.accountNumber],
  ];
}

/** Under the amount: when to pay it (or that nothing is to be paid), or what a credit note credits. */
export function payLine(d: BillingDocument): string {
  if (d.type === 'credit-note') return `Credits invoice ${d.invoiceNumber}`;
  return headlineOf(d).nothingToPay ? 'Nothing to pay: your account is in credit' : `Please pay by ${formatDate(d.dueDate)}`;
}

/** The service section: where, which point, which days, and what kind of bill it is. */
export function serviceFacts(d: BillingDocument): Fact[] {
  const facts: Fact[] = [
    ['Service address', addressLines(d.service.address).join(', ') || 'not known'],
    ['Service point', [d.service.marketId, d.service.commodity].filter(Boolean).join(', ') || 'not known'],
    ['Billing period', formatPeriod(d.service.from, d.service.to)],
  ];
  if (d.type === 'invoice' && d.kind === 'final') facts.push(['Bill', 'Final bill: service at this address has ended']);
  if (d.type === 'invoice' && d.replaces) {
    const credited = d.replaces.creditNoteNumber ? `, credited by ${d.replaces.creditNoteNumber}` : '';
    facts.push(['Replaces', `Invoice ${d.replaces.invoiceNumber}${credited}: ${d.replaces.reason}`]);
  }
  if (d.type === 'credit-note') facts.push(['Credits', `Invoice ${d.invoiceNumber} in full: ${d.reason}`]);
  return facts;
}
