import Big from 'big.js';
import fc from 'fast-check';
import {
  buildCreditNoteDocument,
  buildInvoiceDocument,
  groupLines,
  statementOf,
  UNKNOWN_ADDRESSEE,
  USAGE_HISTORY_PERIODS,
  usageHistory,
  type EarlierDocument,
  type PaymentMovement,
} from './document-model';
import { isCreditorReference } from './payment-reference';
import { invoiceFacts as facts, invoiceLine as line, period } from './testing';

describe("an invoice's lines on its document", () => {
  it('are grouped by component, service charge first and taxes apart, each with its subtotal; TOU period, tier and partial days are the detail', () => {
    const { groups, taxes } = groupLines(facts().invoice.lines, period, 'USD');
    expect(groups.map((g) => [g.title, g.subtotal])).toEqual([
      ['Service charge', '18.87'],
      ['Energy', '70.80'],
      ['Demand', '0.00'],
    ]);
    expect(groups[1].lines.map((l) => l.detail)).toEqual(['Peak, tier 1', 'Off-peak, tier 2']);
    expect(groups[2].lines[0].detail).toBe('22 June 2026 - 6 July 2026');
    expect(taxes).toMatchObject({ title: 'Taxes', subtotal: '4.48' });
  });

  it('name the tariff of each line when a tariff change splits the period, and keep a component the list does not know under its own name', () => {
    const { groups } = groupLines(
      [
        line({ tariffCode: 'E-1', to: '2026-06-22' }),
        line({ tariffCode: 'E-2', from: '2026-06-22' }),
        line({ component: 'green-levy', description: 'Green levy' }),
      ],
      period,
      'USD',
    );
    expect(groups.map((g) => g.title)).toEqual(['Energy', 'green-levy']);
    expect(groups[0].lines.map((l) => l.detail)).toEqual(['7 June 2026 - 21 June 2026, E-1', '22 June 2026 - 6 July 2026, E-2']);
  });
});

describe('the usage chart', () => {
  const month = (i: number) => {
    const from = new Date(Date.UTC(2025, i, 7)).toISOString().slice(0, 10);
    const to = new Date(Date.UTC(2025, i + 1, 7)).toISOString().slice(0, 10);
    return { from, to, importWh: (i + 1) * 10_000 };
  };

  it('shows the last 13 periods, oldest first, this one last; later periods and a second invoice of a period are left out', () => {
    const current = month(17);
    const earlier = [...Array.from({ length: 17 }, (_, i) => month(i)), month(18), { ...month(16), importWh: 1 }];
    const bars = usageHistory(current, earlier);
    expect(bars).toHaveLength(USAGE_HISTORY_PERIODS);
    expect(bars[0]).toMatchObject({ from: month(5).from, kwh: '60', current: false });
    expect(bars[11]).toMatchObject({ from: month(16).from, kwh: '170' });
    expect(bars[12]).toMatchObject({ from: current.from, kwh: '180', current: true, label: 'Jul 26' });
  });

  it("a first bill's chart is its own period alone", () => {
    expect(usageHistory(month(0), [])).toEqual([{ from: '2025-01-07', to: '2025-02-07', label: 'Feb 25', kwh: '10', current: true }]);
  });
});

describe('the account statement on an invoice', () => {
  const inv = (number: string, issueDate: string, total: string): EarlierDocument => ({ type: 'invoice', number, issueDate, total });
  const cn = (number: string, issueDate: string, total: string): EarlierDocument => ({ type: 'credit-note', number, issueDate, total });
  const paid = (on: string, amount: string): PaymentMovement => ({ on, amount, description: 'Payment, card' });

  it('a first invoice owes its own total less what was paid before it', () => {
    expect(statementOf('87.00', [], [paid('2026-07-01', '10')], 'USD')).toMatchObject({
      previousBalance: '0.00',
      paymentsTotal: '10.00',
      thisDocument: '87.00',
      amountDue: '77.00',
    });
  });

  it('brings forward what the last invoice left unpaid and takes off the payments since (a reversal gives one back)', () => {
    const s = statementOf(
      '90.00',
      [inv('INV-1', '2026-06-07', '80.00'), inv('INV-2', '2026-07-07', '87.00')],
      [paid('2026-06-20', '80.00'), paid('2026-07-07', '50.00'), paid('2026-07-20', '37.00'), paid('2026-07-25', '-37.00')],
      'USD',
    );
    expect(s).toMatchObject({ previousBalance: '87.00', paymentsTotal: '50.00', creditsTotal: '0.00', amountDue: '127.00' });
    expect(s.payments.map((p) => p.amount)).toEqual(['50.00', '37.00', '-37.00']);
  });

  it('a rebill shows the credit note of the invoice it replaces, issued since the last invoice', () => {
    const s = statementOf('70.00', [inv('INV-1', '2026-07-07', '87.00'), cn('CN-1', '2026-07-15', '87.00')], [], 'USD');
    expect(s).toMatchObject({ previousBalance: '87.00', creditsTotal: '87.00', amountDue: '70.00' });
    expect(s.credits).toEqual([{ number: 'CN-1', on: '2026-07-15', amount: '87.00' }]);
  });

  // The invariant: the amount due is everything billed less everything credited and paid before the
  // issue date; so each invoice's previous balance is the last one's amount due.
  it('whatever the order of invoices, credit notes and payments, the amount due is all billed less all credited and paid, and carries to the next invoice', () => {
    const day = fc.integer({ min: 0, max: 400 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
    const cents = fc.integer({ min: 0, max: 50_000 }).map((n) => new Big(n).div(100).toFixed(2));
    fc.assert(
      fc.property(
        fc.array(fc.record({ credit: fc.boolean(), on: day, total: cents }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.record({ on: day, amount: fc.integer({ min: -20_000, max: 50_000 }).map((n) => new Big(n).div(100).toFixed(2)) }), { maxLength: 12 }),
        (raw, rawPayments) => {
          const docs = raw
            .map((d, i) => ({ type: d.credit ? ('credit-note' as const) : ('invoice' as const), number: `N${i}`, issueDate: d.on, total: d.total }))
            .sort((a, b) => (a.issueDate < b.issueDate ? -1 : a.issueDate > b.issueDate ? 1 : 0));
          const payments = rawPayments.map((p) => ({ ...p, description: 'x' }));
          let lastDue: string | undefined;
          docs.forEach((d, k) => {
            if (d.type !== 'invoice') return;
            const s = statementOf(
              d.total,
              docs.slice(0, k),
              payments.filter((p) => p.on < d.issueDate),
              'USD',
            );
            const billed = docs.slice(0, k + 1).reduce((x, e) => (e.type === 'invoice' ? x.plus(e.total) : x.minus(e.total)), new Big(0));
            const paidBefore = payments.filter((p) => p.on < d.issueDate).reduce((x, p) => x.plus(p.amount), new Big(0));
            expect(s.amountDue).toBe(billed.minus(paidBefore).toFixed(2));
            if (lastDue !== undefined) expect(s.previousBalance).toBe(lastDue);
            lastDue = s.amountDue;
          });
        },
      ),
    );
  });
});

describe("an invoice's document", () => {
  it('carries the addressee, service address, period, usage, totals, statement and an RF payment reference from the invoice number', () => {
    const d = buildInvoiceDocument(facts({ earlier: [{ type: 'invoice', number: 'INV-000000041', issueDate: '2026-06-07', total: '80.00' }] }));
    expect(d).toMatchObject({
      type: 'invoice',
      number: 'INV-000000042',
      addressee: { name: 'Ada Lovelace', address: { line1: 'PO Box 1' } },
      service: { address: { line1: '12 Elm Street' }, marketId: 'E-1001', from: '2026-06-07', to: '2026-07-07' },
      usage: { importKwh: '360', exportKwh: '0', estimated: false },
      totals: { charges: '89.67', taxes: '4.48', other: '0.00', total: '94.15' },
      statement: { previousBalance: '80.00', amountDue: '174.15' },
    });
    expect(d.paymentReference).toMatch(/^RF\d\dINV000000042$/);
    expect(isCreditorReference(d.paymentReference)).toBe(true);
  });

  it("without invoicing's copy of the customer it is still addressed, to the account holder", () => {
    expect(buildInvoiceDocument(facts({ customerName: null })).addressee.name).toBe(UNKNOWN_ADDRESSEE);
  });

  it("a rebill names the invoice it replaces, its credit note and each line's change with the reason", () => {
    const base = facts();
    const d = buildInvoiceDocument({
      ...base,
      invoice: {
        ...base.invoice,
        kind: 'rebill',
        replaces: {
          invoiceNumber: 'INV-000000040',
          creditNoteId: '01900000-0000-7000-8000-0000000000c1',
          reason: 'a corrected meter reading',
          changes: [
            {
              component: 'energy',
              description: 'Energy',
              touPeriod: 'Peak',
              tier: 0,
              oldQuantity: '150',
              newQuantity: '120',
              oldAmount: '52.50',
              newAmount: '42.00',
              delta: '-10.50',
              why: 'reading of 2026-07-06 corrected',
            },
          ],
        },
      },
      creditNoteNumber: 'CN-000000007',
    });
    expect(d.replaces).toEqual({
      invoiceNumber: 'INV-000000040',
      creditNoteNumber: 'CN-000000007',
      reason: 'a corrected meter reading',
      changes: [
        { description: 'Energy', detail: 'Peak, tier 1', oldAmount: '52.50', newAmount: '42.00', delta: '-10.50', why: 'reading of 2026-07-06 corrected' },
      ],
    });
  });

  it("payments' charges are shown apart and counted in the total", () => {
    const base = facts();
    const d = buildInvoiceDocument({
      ...base,
      invoice: {
        ...base.invoice,
        total: '104.15',
        charges: [{ chargeId: '01900000-0000-7000-8000-0000000000f1', kind: 'late-fee', description: 'Late payment fee on INV-000000041', amount: '10' }],
      },
    });
    expect(d.charges).toEqual([{ description: 'Late payment fee on INV-000000041', amount: '10.00' }]);
    expect(d.totals).toMatchObject({ other: '10.00', total: '104.15' });
  });
});

describe("a credit note's document", () => {
  it('names the invoice it credits and why, with the credited lines and total', () => {
    const base = facts();
    const d = buildCreditNoteDocument({
      ...base,
      creditNote: {
        id: '01900000-0000-7000-8000-0000000000c1',
        number: 'CN-000000007',
        invoiceNumber: 'INV-000000042',
        periodFrom: period.from,
        periodTo: period.to,
        issueDate: '2026-07-15',
        currency: 'USD',
        total: '94.15',
        lines: base.invoice.lines,
        charges: [],
        reason: 'a corrected meter reading',
      },
    });
    expect(d).toMatchObject({ type: 'credit-note', number: 'CN-000000007', invoiceNumber: 'INV-000000042', totals: { total: '94.15', taxes: '4.48' } });
  });
});
