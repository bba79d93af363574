import { buildCreditNoteDocument, buildInvoiceDocument } from './document-model';
import { addressLines, formatMoney, formatPeriod, pdfText } from './format';
import { renderHtml } from './html';
import { printedReference } from './payment-reference';
import { renderPdf } from './pdf';
import { invoiceFacts, invoiceLine, pdfTextOf } from './testing';

describe('how documents write figures', () => {
  it("money has the currency's minor unit and grouped thousands; never a float", () => {
    expect(formatMoney('1234567.5', 'USD')).toBe('USD 1,234,567.50');
    expect(formatMoney('21630', 'JPY')).toBe('JPY 21,630');
    expect(formatMoney('-12', 'USD')).toBe('USD -12.00');
    expect(formatMoney('9007199254740993.01', 'USD')).toBe('USD 9,007,199,254,740,993.01');
  });

  it('a period is written from its first to its last day, an address as envelope lines', () => {
    expect(formatPeriod('2026-06-07', '2026-07-07')).toBe('7 June 2026 - 6 July 2026');
    expect(addressLines({ line1: '12 Elm Street', line2: 'Flat 3', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' })).toEqual([
      '12 Elm Street',
      'Flat 3',
      'Springfield, IL 62701',
      'US',
    ]);
  });

  it("text for the PDF's standard fonts keeps WinAnsi, drops accents it lacks and marks the rest", () => {
    expect(pdfText('Zoë Müller – €5')).toBe('Zoë Müller – €5');
    expect(pdfText('Łukasz Żółć')).toBe('Lukasz Zólc');
    expect(pdfText('東京 Ltd')).toBe('?? Ltd');
  });
});

describe("an invoice's PDF", () => {
  const earlier = [{ type: 'invoice' as const, number: 'INV-000000041', issueDate: '2026-06-07', total: '80.00' }];
  const payments = [{ on: '2026-06-20', amount: '30.00', description: 'Payment by card, thank you' }];
  const model = buildInvoiceDocument(
    invoiceFacts({ earlier, payments, earlierUsage: [{ from: '2026-05-07', to: '2026-06-07', importWh: 300_000 }], customerName: 'Zoë Müller' }),
  );

  it('is the same bytes every time it is rendered (the info dates are the issue date)', async () => {
    const a = await renderPdf(model);
    const b = await renderPdf(model);
    expect(a.pdf.equals(b.pdf)).toBe(true);
    expect(a.pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('reads back with the amount due, due date, invoice number, payment reference, customer, lines with TOU detail and the statement', async () => {
    const { pdf, pages } = await renderPdf(model);
    const { text, pages: read } = await pdfTextOf(pdf);
    expect(read).toBe(pages);
    // 80 brought forward - 30 paid + 94.15 this invoice.
    expect(model.statement.amountDue).toBe('144.15');
    for (const shown of [
      'INV-000000042',
      'USD 144.15',
      'Please pay by 28 July 2026',
      printedReference(model.paymentReference),
      'Zoë Müller',
      '12 Elm Street, Springfield, 62701, US',
      '7 June 2026 - 6 July 2026',
      'Previous balance',
      'USD 80.00',
      'USD -30.00',
      'Peak, tier 1',
      'Sales tax 5%',
      'USD 89.67',
      '× 5%',
      'Total of this invoice',
      'USD 94.15',
      'Jun 26',
      'Jul 26',
    ])
      expect(text).toContain(shown);
  });

  it('runs over as many pages as its lines need, each with "page n of m"', async () => {
    const base = invoiceFacts();
    const lines = Array.from({ length: 120 }, (_, i) => invoiceLine({ description: `Energy block ${i + 1}`, tier: i, amount: '1.00' }));
    const { pdf, pages } = await renderPdf(buildInvoiceDocument({ ...base, invoice: { ...base.invoice, lines } }));
    expect(pages).toBeGreaterThan(2);
    const { text } = await pdfTextOf(pdf);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain('Energy block 120');
  });

  it('a credit note says what it credits and the amount credited', async () => {
    const base = invoiceFacts();
    const d = buildCreditNoteDocument({
      ...base,
      creditNote: {
        ...base.invoice,
        id: '01900000-0000-7000-8000-0000000000c1',
        number: 'CN-000000007',
        invoiceNumber: 'INV-000000042',
        issueDate: '2026-07-15',
        reason: 'a corrected meter reading',
      },
    });
    const { text } = await pdfTextOf((await renderPdf(d)).pdf);
    for (const shown of ['CREDIT NOTE', 'CN-000000007', 'Amount credited', 'USD 94.15', 'INV-000000042 in full: a corrected meter reading'])
      expect(text).toContain(shown);
  });
});

describe("an invoice's HTML", () => {
  it('escapes everything people typed: a name like <script> is shown, never run', () => {
    const html = renderHtml(buildInvoiceDocument(invoiceFacts({ customerName: `<script>alert("x")</script> & Sons' "Ltd"` })));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons&#39; &quot;Ltd&quot;');
  });

  it('shows the same figures as the PDF: amount due, reference, statement, chart', () => {
    const model = buildInvoiceDocument(invoiceFacts());
    const html = renderHtml(model);
    for (const shown of ['INV-000000042', 'USD 94.15', printedReference(model.paymentReference), 'Previous balance', 'Peak, tier 1', '<svg'])
      expect(html).toContain(shown);
  });
});
