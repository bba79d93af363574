/**
 * The HTML of a document: the same sections as the PDF in one self-contained page (inline CSS, the
 * usage chart as inline SVG). Every value from data goes through {@link esc}: names and addresses
 * are typed by people. Pure.
 */
import Big from 'big.js';
import { headlineOf, type BillingDocument, type InvoiceDocument, type LineGroup } from './document-model';
import { addressLines, formatDate, formatKwh, formatMoney, lineFigures } from './format';
import { printedReference } from './payment-reference';
import { headFacts, payLine, serviceFacts, titleOf } from './sections';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

const CSS = `body{font-family:Helvetica,Arial,sans-serif;color:#1f2933;max-width:820px;margin:24px auto;padding:0 16px;font-size:14px}
header{display:flex;justify-content:space-between;gap:24px}h1{color:#1d4e89;margin:0;font-size:22px}h2{color:#1d4e89;font-size:16px;border-bottom:1px solid #1d4e89;padding-bottom:2px;margin-top:28px}
.muted{color:#616e7c;font-size:12px}.facts td{padding:1px 8px 1px 0}.headline{background:#eef2f7;padding:12px 16px;min-width:220px}.headline .amount{font-size:24px;font-weight:bold;color:#1d4e89}
table.lines{width:100%;border-collapse:collapse}table.lines td{padding:3px 4px;vertical-align:top}td.num{text-align:right;white-space:nowrap}tr.sub td{font-weight:bold;border-top:1px solid #ccd}
tr.total td{font-weight:bold;border-top:2px solid #1f2933}.addressee{margin:24px 0}svg text{font-size:10px;fill:#616e7c}`;

const money = (d: BillingDocument) => (a: string) => esc(formatMoney(a, d.currency));
const negated = (a: string) => new Big(a).neg().toFixed();

function row(label: string, amount: string, cls = ''): string {
  return `<tr${cls ? ` class="${cls}"` : ''}><td>${label}</td><td class="num">${amount}</td></tr>`;
}

function head(d: BillingDocument): string {
  const h = headlineOf(d);
  const m = money(d);
  const title = titleOf(d);
  const facts = headFacts(d);
  const pay =
    d.type === 'invoice'
      ? `<div>${esc(payLine(d))}</div><div class="muted">Payment reference</div><div><strong>${esc(printedReference(d.paymentReference))}</strong></div>`
      : `<div>${esc(payLine(d))}</div>`;
  return `<header><div><h1>${esc(d.utility.name)}</h1><div class="muted">${[...d.utility.addressLines, d.utility.phone, d.utility.email, d.utility.website].map(esc).join('<br>')}</div></div>
<div><h1>${esc(title)}</h1><table class="facts">${facts.map(([k, v]) => `<tr><td class="muted">${esc(k)}</td><td><strong>${esc(v)}</strong></td></tr>`).join('')}</table></div></header>
<div style="display:flex;justify-content:space-between;gap:24px"><div class="addressee"><strong>${esc(d.addressee.name)}</strong><br>${addressLines(d.addressee.address).map(esc).join('<br>')}</div>
<div class="headline"><div class="muted">${esc(h.label)}</div><div class="amount">${m(h.amount)}</div>${pay}</div></div>`;
}

function service(d: BillingDocument): string {
  const facts = serviceFacts(d);
  return `<h2>Service</h2><table class="facts">${facts.map(([k, v]) => `<tr><td class="muted">${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

function statement(d: InvoiceDocument): string {
  const s = d.statement;
  const m = money(d);
  const rows = [
    row('Previous balance', m(s.previousBalance)),
    row('Payments received since your last bill', m(negated(s.paymentsTotal))),
    ...s.payments.map((p) => row(`<span class="muted">&nbsp;&nbsp;${esc(formatDate(p.on))} ${esc(p.description)}</span>`, m(negated(p.amount)))),
    ...(s.credits.length > 0
      ? [
          row('Credit notes', m(negated(s.creditsTotal))),
          ...s.credits.map((c) => row(`<span class="muted">&nbsp;&nbsp;${esc(formatDate(c.on))} ${esc(c.number)}</span>`, m(negated(c.amount)))),
        ]
      : []),
    row(`This invoice ${esc(d.number)}`, m(s.thisDocument)),
    row(`Amount due by ${esc(formatDate(d.dueDate))}`, m(s.amountDue), 'total'),
  ];
  return `<h2>Account summary</h2><table class="lines">${rows.join('')}</table>`;
}

function usage(d: InvoiceDocument): string {
  if (!d.usage) return '';
  const u = d.usage;
  const max = u.history.reduce((mx, b) => (new Big(b.kwh).gt(mx) ? new Big(b.kwh) : mx), new Big(0));
  const slot = 60;
  // SVG coordinates, not money: a float is fine here.
  const bars = u.history
    .map((b, i) => {
      const h = max.gt(0) ? Number(new Big(b.kwh).div(max).times(100).toFixed(1)) : 0;
      const x = i * slot + 12;
      return `<rect x="${x}" y="${120 - h}" width="36" height="${h}" fill="${b.current ? '#1d4e89' : '#9fb3c8'}"><title>${esc(formatKwh(b.kwh))}</title></rect>
<text x="${x + 18}" y="${116 - h}" text-anchor="middle">${esc(formatKwh(b.kwh).replace(' kWh', ''))}</text><text x="${x + 18}" y="136" text-anchor="middle">${esc(b.label)}</text>`;
    })
    .join('');
  return `<h2>Your usage</h2><table class="lines">${row(`Used this period${u.estimated ? ' (estimated in part: no meter reading for some intervals)' : ''}`, esc(formatKwh(u.importKwh)))}
${new Big(u.exportKwh).gt(0) ? row('Exported to the grid', esc(formatKwh(u.exportKwh))) : ''}</table>
<svg role="img" aria-label="kWh per billing period" width="${u.history.length * slot + 24}" height="140" viewBox="0 0 ${u.history.length * slot + 24} 140">${bars}</svg>`;
}

function group(g: LineGroup, d: BillingDocument): string {
  const m = money(d);
  const lines = g.lines
    .map((l) => {
      const figures = lineFigures(l, d.currency);
      const detail = l.detail ? `<br><span class="muted">${esc(l.detail)}</span>` : '';
      return `<tr><td>${esc(l.description)}${detail}</td><td class="num muted">${esc(figures.quantity)}</td><td class="num muted">${esc(figures.rate)}</td><td class="num">${m(l.amount)}</td></tr>`;
    })
    .join('');
  return `<tr><td colspan="4"><strong>${esc(g.title)}</strong></td></tr>${lines}<tr class="sub"><td colspan="3">${esc(g.title)} subtotal</td><td class="num">${m(g.subtotal)}</td></tr>`;
}

function charges(d: BillingDocument): string {
  const m = money(d);
  const other = d.charges.length
    ? `<tr><td colspan="4"><strong>Other charges</strong></td></tr>${d.charges.map((c) => `<tr><td colspan="3">${esc(c.description)}</td><td class="num">${m(c.amount)}</td></tr>`).join('')}`
    : '';
  const totals = [
    row('Charges', m(d.totals.charges)),
    row('Taxes', m(d.totals.taxes)),
    d.charges.length ? row('Other charges', m(d.totals.other)) : '',
    row(d.type === 'invoice' ? 'Total of this invoice' : 'Total credited', m(d.totals.total), 'total'),
  ].join('');
  return `<h2>${d.type === 'invoice' ? 'Charges for this period' : 'Charges credited'}</h2>
<table class="lines">${[...d.groups, ...(d.taxes ? [d.taxes] : [])].map((g) => group(g, d)).join('')}${other}</table><table class="lines">${totals}</table>`;
}

function changes(d: InvoiceDocument): string {
  if (!d.replaces || d.replaces.changes.length === 0) return '';
  const m = (a: string | null) => (a === null ? '-' : esc(formatMoney(a, d.currency)));
  const rows = d.replaces.changes
    .map(
      (c) => `<tr><td>${esc([c.description, c.detail].filter(Boolean).join(', '))}<br><span class="muted">${esc(c.why)}</span></td>
<td class="num muted">${m(c.oldAmount)} to ${m(c.newAmount)}</td><td class="num">${m(c.delta)}</td></tr>`,
    )
    .join('');
  return `<h2>What changed from invoice ${esc(d.replaces.invoiceNumber)}</h2><table class="lines">${rows}</table>`;
}

/** The HTML page of a document. */
export function renderHtml(d: BillingDocument): string {
  const title = `${d.type === 'invoice' ? 'Invoice' : 'Credit note'} ${d.number}`;
  const body = d.type === 'invoice' ? [head(d), service(d), statement(d), usage(d), charges(d), changes(d)] : [head(d), service(d), charges(d)];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} - ${esc(d.utility.name)}</title><style>${CSS}</style></head>
<body>${body.join('\n')}
<footer class="muted" style="margin-top:32px">${esc(d.utility.name)} · ${esc(d.number)}</footer></body></html>
`;
}
