import { execFile } from 'node:child_process';
import type { InvoiceLine } from '@utilia/contracts';
import type { InvoiceFacts } from './document-model';
import { readDocumentsConfig } from './documents.config';

// pdf-parse (pdf.js) starts its worker with a dynamic import, which Jest's CommonJS sandbox does not
// allow; a plain Node child reads the PDF instead. For tests only.
const READ_TEXT = `const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: Buffer.concat(chunks) });
  const result = await parser.getText();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text: result.text, pages: result.total }));
});`;

/** The text of a PDF as a PDF text extractor (pdf-parse) reads it back, and its number of pages. */
export function pdfTextOf(pdf: Buffer): Promise<{ text: string; pages: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', READ_TEXT], { cwd: __dirname, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`pdf-parse failed: ${stderr || error.message}`)) : resolve(JSON.parse(stdout)),
    );
    child.stdin?.end(pdf);
  });
}

/** The billing period of the test invoice. */
export const period = { from: '2026-06-07', to: '2026-07-07' };
/** An invoice line of the test invoice, energy unless said otherwise. */
export const invoiceLine = (over: Partial<InvoiceLine>): InvoiceLine => ({
  component: 'energy',
  description: 'Energy',
  quantity: '100',
  unit: 'kWh',
  rate: '0.2',
  amount: '20.00',
  tariffCode: 'E-TOU',
  tariffVersionId: 'v1',
  from: period.from,
  to: period.to,
  ...over,
});

/** An invoice's facts as the document handler reads them: TOU energy, tiers, a partial demand line, tax. */
export const invoiceFacts = (over: Partial<InvoiceFacts> = {}): InvoiceFacts => ({
  invoice: {
    id: '01900000-0000-7000-8000-000000000001',
    number: 'INV-000000042',
    kind: 'cycle',
    periodFrom: period.from,
    periodTo: period.to,
    issueDate: '2026-07-07',
    dueDate: '2026-07-28',
    currency: 'USD',
    total: '94.15',
    lines: [
      invoiceLine({ component: 'tax', description: 'Sales tax 5%', quantity: '89.67', unit: 'currency', rate: '0.05', amount: '4.48' }),
      invoiceLine({ touPeriod: 'Peak', tier: 0, quantity: '120', rate: '0.35', amount: '42.00' }),
      invoiceLine({ touPeriod: 'Off-peak', tier: 1, quantity: '240', rate: '0.12', amount: '28.80' }),
      invoiceLine({ component: 'fixed', description: 'Customer charge', quantity: '30', unit: 'day', rate: '0.6289', amount: '18.87', from: '2026-06-07' }),
      invoiceLine({ component: 'demand', description: 'Demand', quantity: '0', unit: 'kW', rate: '10', amount: '0.00', from: '2026-06-22' }),
    ],
    charges: [],
    usage: { importWh: 360_000, exportWh: 0, estimatedIntervals: 0 },
    replaces: null,
  },
  utility: readDocumentsConfig({}).utility,
  account: { accountNumber: '0000004242', billingAddress: { line1: 'PO Box 1', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' } },
  customerName: 'Ada Lovelace',
  servicePoint: { marketId: 'E-1001', commodity: 'electricity', address: { line1: '12 Elm Street', city: 'Springfield', postalCode: '62701', country: 'US' } },
  earlierUsage: [],
  earlier: [],
  payments: [],
  creditNoteNumber: null,
  ...over,
});
