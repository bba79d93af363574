/**
 * The PDF of a document (pdfkit, the standard Helvetica fonts, A4). One drawing function serves the
 * customer's PDF and the print batch, page for page. Deterministic: the same model gives the same
 * bytes (the info dates come from the issue date, and pdfkit derives the file id from them).
 */
import PDFDocument from 'pdfkit';
import Big from 'big.js';
import { addressLines, formatDate, formatKwh, formatMoney, lineFigures, pdfText } from './format';
import { headlineOf, type BillingDocument, type InvoiceDocument, type LineGroup, type UsageBar } from './document-model';
import { printedReference } from './payment-reference';
import { headFacts, payLine, serviceFacts, titleOf } from './sections';

type Pdf = PDFKit.PDFDocument;

const PAGE = { width: 595.28, height: 841.89 };
const LEFT = 50;
const RIGHT = 545;
const WIDTH = RIGHT - LEFT;
const TOP = 40;
/** Content stops here; the footer goes below. */
const BOTTOM = 775;
const FOOTER_Y = 800;
const INK = '#1f2933';
const MUTED = '#616e7c';
const ACCENT = '#1d4e89';
const SHADE = '#eef2f7';

/** The options every document PDF is made with; the batch uses the same page setup. */
export function pdfOptions(info: PDFKit.DocumentInfo): PDFKit.PDFDocumentOptions {
  // bufferPages: a document's pages stay in memory until its footers ("page 2 of 3") are drawn, then are flushed.
  return { size: 'A4', margins: { top: TOP, bottom: 20, left: LEFT, right: PAGE.width - RIGHT }, autoFirstPage: false, bufferPages: true, info };
}

/** Text cut to `width` points with an ellipsis. */
function fit(doc: Pdf, text: string, width: number): string {
  const safe = pdfText(text);
  if (doc.widthOfString(safe) <= width) return safe;
  let cut = safe;
  while (cut.length > 0 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Draws top to bottom, starting a new page (with a short head) when the next block does not fit. */
class Cursor {
  y = TOP;

  constructor(
    readonly doc: Pdf,
    private readonly head: string,
  ) {}

  need(height: number): void {
    if (this.y + height <= BOTTOM) return;
    this.doc.addPage();
    this.y = TOP;
    this.text(this.head, LEFT, { size: 8, color: MUTED });
    this.y += 18;
  }

  text(value: string, x: number, o: { width?: number; size?: number; bold?: boolean; color?: string; align?: 'left' | 'right' | 'center'; y?: number } = {}) {
    const width = o.width ?? RIGHT - x;
    this.doc
      .font(o.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(o.size ?? 9)
      .fillColor(o.color ?? INK);
    this.doc.text(fit(this.doc, value, width), x, o.y ?? this.y, { width, align: o.align ?? 'left', lineBreak: false });
  }

  section(title: string): void {
    this.need(40);
    this.y += 14;
    this.text(title, LEFT, { size: 11, bold: true, color: ACCENT });
    this.y += 15;
    this.doc.moveTo(LEFT, this.y).lineTo(RIGHT, this.y).lineWidth(0.5).strokeColor(ACCENT).stroke();
    this.y += 5;
  }

  /** A label and an amount on one row. */
  row(label: string, amount: string, o: { bold?: boolean; indent?: number; color?: string } = {}): void {
    this.need(14);
    this.text(label, LEFT + (o.indent ?? 0), { width: 380 - (o.indent ?? 0), bold: o.bold, color: o.color });
    this.text(amount, 430, { width: RIGHT - 430, align: 'right', bold: o.bold, color: o.color });
    this.y += 13;
  }
}

function drawHead(c: Cursor, d: BillingDocument): void {
  const { doc } = c;
  c.text(d.utility.name, LEFT, { width: 280, size: 15, bold: true, color: ACCENT, y: TOP });
  let y = TOP + 21;
  for (const line of [...d.utility.addressLines, `${d.utility.phone}  ·  ${d.utility.email}`, d.utility.website]) {
    c.text(line, LEFT, { width: 280, size: 8, color: MUTED, y });
    y += 10;
  }
  c.text(titleOf(d).toUpperCase(), 345, { width: 200, size: 16, bold: true, align: 'right', y: TOP });
  const facts = headFacts(d);
  y = TOP + 24;
  for (const [label, value] of facts) {
    c.text(label, 345, { width: 95, size: 8.5, color: MUTED, y });
    c.text(value, 440, { width: 105, size: 8.5, bold: true, align: 'right', y });
    y += 12;
  }

  // The addressee where a window envelope shows it.
  y = 140;
  c.text(d.addressee.name, LEFT, { width: 250, size: 10, bold: true, y });
  for (const line of addressLines(d.addressee.address)) {
    y += 13;
    c.text(line, LEFT, { width: 250, size: 10, y });
  }

  const headline = headlineOf(d);
  doc.rect(345, 135, 200, 86).fill(SHADE);
  c.text(headline.label, 355, { width: 180, size: 9, color: MUTED, y: 143 });
  c.text(formatMoney(headline.amount, d.currency), 355, { width: 180, size: 17, bold: true, color: ACCENT, y: 156 });
  c.text(payLine(d), 355, { width: 180, size: 8.5, y: 180 });
  if (d.type === 'invoice') {
    c.text('Payment reference', 355, { width: 180, size: 8, color: MUTED, y: 195 });
    c.text(printedReference(d.paymentReference), 355, { width: 180, size: 9, bold: true, y: 206 });
  }
  c.y = 235;
}

function drawService(c: Cursor, d: BillingDocument): void {
  c.section('Service');
  const facts = serviceFacts(d);
  for (const [label, value] of facts) {
    c.need(13);
    c.text(label, LEFT, { width: 110, color: MUTED });
    c.text(value, LEFT + 110, { width: WIDTH - 110 });
    c.y += 13;
  }
}

function drawStatement(c: Cursor, d: InvoiceDocument): void {
  const s = d.statement;
  const m = (a: string) => formatMoney(a, d.currency);
  const neg = (a: string) => formatMoney(new Big(a).neg().toFixed(), d.currency);
  c.section('Account summary');
  c.row('Previous balance', m(s.previousBalance));
  c.row('Payments received since your last bill', neg(s.paymentsTotal));
  for (const p of s.payments) c.row(`${formatDate(p.on)}  ${p.description}`, neg(p.amount), { indent: 12, color: MUTED });
  if (s.credits.length > 0) {
    c.row('Credit notes', neg(s.creditsTotal));
    for (const cn of s.credits) c.row(`${formatDate(cn.on)}  ${cn.number}`, neg(cn.amount), { indent: 12, color: MUTED });
  }
  c.row(`This invoice ${d.number}`, m(s.thisDocument));
  c.doc.moveTo(380, c.y).lineTo(RIGHT, c.y).lineWidth(0.5).strokeColor(INK).stroke();
  c.y += 3;
  c.row(`Amount due by ${formatDate(d.dueDate)}`, m(s.amountDue), { bold: true });
}

function drawChart(c: Cursor, bars: readonly UsageBar[]): void {
  const height = 70;
  c.need(height + 30);
  const top = c.y + 4;
  const max = bars.reduce((mx, b) => (new Big(b.kwh).gt(mx) ? new Big(b.kwh) : mx), new Big(0));
  const slot = WIDTH / 13;
  bars.forEach((b, i) => {
    const x = LEFT + i * slot + slot * 0.2;
    // Points on the page, not money: a float is fine here.
    const h = max.gt(0)
      ? Number(
          new Big(b.kwh)
            .div(max)
            .times(height - 12)
            .toFixed(2),
        )
      : 0;
    if (h > 0) c.doc.rect(x, top + height - h, slot * 0.6, h).fill(b.current ? ACCENT : '#9fb3c8');
    c.text(formatKwh(b.kwh).replace(' kWh', ''), x - slot * 0.2, { width: slot, size: 6.5, align: 'center', color: MUTED, y: top + height - h - 9 });
    c.text(b.label, x - slot * 0.2, { width: slot, size: 7, align: 'center', bold: b.current, y: top + height + 3 });
  });
  c.doc
    .moveTo(LEFT, top + height)
    .lineTo(RIGHT, top + height)
    .lineWidth(0.5)
    .strokeColor(MUTED)
    .stroke();
  c.y = top + height + 16;
}

function drawUsage(c: Cursor, d: InvoiceDocument): void {
  if (!d.usage) return;
  c.section('Your usage');
  c.row(`Used this period${d.usage.estimated ? ' (estimated in part: no meter reading for some intervals)' : ''}`, formatKwh(d.usage.importKwh));
  if (new Big(d.usage.exportKwh).gt(0)) c.row('Exported to the grid', formatKwh(d.usage.exportKwh));
  c.y += 2;
  c.text(`kWh per billing period, the last ${d.usage.history.length}`, LEFT, { size: 8, color: MUTED });
  c.y += 10;
  drawChart(c, d.usage.history);
}

function drawGroup(c: Cursor, g: LineGroup, currency: string): void {
  c.need(30);
  c.text(g.title, LEFT, { bold: true });
  c.y += 13;
  for (const l of g.lines) {
    c.need(l.detail ? 22 : 13);
    c.text(l.description, LEFT + 8, { width: 242 });
    const figures = lineFigures(l, currency);
    c.text(figures.quantity, 300, { width: 80, align: 'right', color: MUTED });
    c.text(figures.rate, 385, { width: 80, align: 'right', color: MUTED });
    c.text(formatMoney(l.amount, currency), 470, { width: RIGHT - 470, align: 'right' });
    c.y += 11;
    if (l.detail) {
      c.text(l.detail, LEFT + 16, { width: 234, size: 7.5, color: MUTED });
      c.y += 10;
    }
  }
  c.row(`${g.title} subtotal`, formatMoney(g.subtotal, currency), { indent: 8, bold: true });
  c.y += 3;
}

function drawCharges(c: Cursor, d: BillingDocument): void {
  c.section(d.type === 'invoice' ? 'Charges for this period' : 'Charges credited');
  for (const g of d.groups) drawGroup(c, g, d.currency);
  if (d.taxes) drawGroup(c, d.taxes, d.currency);
  if (d.charges.length > 0) {
    c.need(30);
    c.text('Other charges', LEFT, { bold: true });
    c.y += 13;
    for (const ch of d.charges) c.row(ch.description, formatMoney(ch.amount, d.currency), { indent: 8 });
  }
  const m = (a: string) => formatMoney(a, d.currency);
  c.need(60);
  c.y += 4;
  c.row('Charges', m(d.totals.charges));
  c.row('Taxes', m(d.totals.taxes));
  if (d.charges.length > 0) c.row('Other charges', m(d.totals.other));
  c.doc.moveTo(380, c.y).lineTo(RIGHT, c.y).lineWidth(0.5).strokeColor(INK).stroke();
  c.y += 3;
  c.row(d.type === 'invoice' ? 'Total of this invoice' : 'Total credited', m(d.totals.total), { bold: true });
}

function drawChanges(c: Cursor, d: InvoiceDocument): void {
  if (!d.replaces || d.replaces.changes.length === 0) return;
  c.section(`What changed from invoice ${d.replaces.invoiceNumber}`);
  const m = (a: string | null) => (a === null ? '-' : formatMoney(a, d.currency));
  for (const ch of d.replaces.changes) {
    c.need(24);
    c.text([ch.description, ch.detail].filter(Boolean).join(', '), LEFT, { width: 250 });
    c.text(`${m(ch.oldAmount)} to ${m(ch.newAmount)}`, 300, { width: 165, align: 'right', color: MUTED });
    c.text(m(ch.delta), 470, { width: RIGHT - 470, align: 'right' });
    c.y += 11;
    c.text(ch.why, LEFT + 8, { width: WIDTH - 8, size: 7.5, color: MUTED });
    c.y += 11;
  }
}

function drawFooters(doc: Pdf, d: BillingDocument, first: number, count: number): void {
  for (let i = 0; i < count; i++) {
    doc.switchToPage(first + i);
    doc
      .moveTo(LEFT, FOOTER_Y - 6)
      .lineTo(RIGHT, FOOTER_Y - 6)
      .lineWidth(0.3)
      .strokeColor(MUTED)
      .stroke();
    const text = pdfText(`${d.utility.name}  ·  ${d.number}  ·  Page ${i + 1} of ${count}`);
    doc.font('Helvetica').fontSize(7.5).fillColor(MUTED).text(text, LEFT, FOOTER_Y, { width: WIDTH, align: 'center', lineBreak: false });
  }
}

/**
 * Draws a document from a new page on, with "page n of m" footers, then hands its pages to the
 * output (so a batch of thousands keeps one document in memory). Returns its number of pages.
 */
export function drawDocument(doc: Pdf, d: BillingDocument): number {
  doc.addPage();
  const first = doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1;
  const c = new Cursor(doc, `${d.utility.name}  ·  ${d.type === 'invoice' ? 'Invoice' : 'Credit note'} ${d.number}  ·  account ${d.accountNumber}`);
  drawHead(c, d);
  drawService(c, d);
  if (d.type === 'invoice') {
    drawStatement(c, d);
    drawUsage(c, d);
  }
  drawCharges(c, d);
  if (d.type === 'invoice') drawChanges(c, d);
  const range = doc.bufferedPageRange();
  const count = range.start + range.count - first;
  drawFooters(doc, d, first, count);
  doc.flushPages();
  return count;
}

/** The PDF of one document, and its number of pages. */
export function renderPdf(d: BillingDocument): Promise<{ pdf: Buffer; pages: number }> {
  // The info dates are the issue date, so the same document renders to the same bytes.
  const issued = new Date(`${d.issueDate}T00:00:00Z`);
  const title = `${d.type === 'invoice' ? 'Invoice' : 'Credit note'} ${d.number}`;
  const doc = new PDFDocument(pdfOptions({ Title: pdfText(title), Author: pdfText(d.utility.name), CreationDate: issued, ModDate: issued }));
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const pages = drawDocument(doc, d);
  doc.end();
  return done.then(() => ({ pdf: Buffer.concat(chunks), pages }));
}
