/**
 * How documents write amounts, quantities, dates and addresses: exact decimal strings in, text out
 * (never a JS number), the same for the PDF, the HTML and the e-mail. Pure.
 */
import type { Address } from '@utilia/contracts';
import { minorUnitDigits } from '@utilia/rating';
import Big from 'big.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Digits grouped by thousands: `1234567.5` gives `1,234,567.5`. */
function grouped(plain: string): string {
  const [whole, fraction] = plain.replace(/^-/, '').split('.');
  const sign = plain.startsWith('-') ? '-' : '';
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction !== undefined ? `.${fraction}` : ''}`;
}

/** An amount of money with the currency's minor unit, half-up: `USD 1,234.50`, `JPY 21,630`, `USD -12.00`. */
export function formatMoney(amount: string, currency: string): string {
  return `${currency} ${grouped(new Big(amount).toFixed(minorUnitDigits(currency), Big.roundHalfUp))}`;
}

/** A quantity or rate as it is, without exponent or trailing zeros: `360`, `0.2`, `1,234.5`. */
export function formatNumber(value: string): string {
  return grouped(new Big(value).toFixed());
}

/**
 * A line's quantity and rate as printed: `360 kWh` and `× 0.2`; a line priced as a share of money
 * (taxes, percent riders, minimums: unit `currency`) as its base and percent, `USD 89.67` and `× 5%`.
 */
export function lineFigures(line: { quantity: string; unit: string; rate: string }, currency: string): { quantity: string; rate: string } {
  if (line.unit === 'currency') return { quantity: formatMoney(line.quantity, currency), rate: `× ${new Big(line.rate).times(100).toFixed()}%` };
  return { quantity: `${formatNumber(line.quantity)} ${line.unit}`, rate: `× ${formatNumber(line.rate)}` };
}

/** kWh from watt-hours, exactly: 360000 gives `360`, 1500 gives `1.5`. */
export function kwhOf(wh: number | string): string {
  return new Big(wh).div(1000).toFixed();
}

/** kWh rounded to whole units for people: `360 kWh`. */
export function formatKwh(kwh: string): string {
  return `${grouped(new Big(kwh).toFixed(0, Big.roundHalfUp))} kWh`;
}

/** A business date as people read it: `7 July 2026`. */
export function formatDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** A month for a chart label: `Jul 26`. */
export function monthLabel(day: string): string {
  return `${MONTHS[Number(day.slice(5, 7)) - 1].slice(0, 3)} ${day.slice(2, 4)}`;
}

/** The day before a date (periods end exclusive; people read the last day). */
export function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** A period [from, to) as people read it: its first and last day. */
export function formatPeriod(from: string, toExclusive: string): string {
  return `${formatDate(from)} - ${formatDate(dayBefore(toExclusive))}`;
}

/** An address as the lines of an envelope: street lines, `City, Region Postcode`, country code. */
export function addressLines(address: Address | null | undefined): string[] {
  if (!address) return [];
  const place = [address.city, [address.region, address.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [address.line1, address.line2, place, address.country].filter((l): l is string => Boolean(l && l.trim()));
}

// The characters of the PDF standard fonts' WinAnsi encoding beyond Latin-1.
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
// Letters without a decomposition that have a plain Latin reading.
const LATIN_FALLBACK: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŀ: 'L', ŀ: 'l', Ŧ: 'T', ŧ: 't', '−': '-' };

/**
 * Text the PDF's standard fonts can show (WinAnsi): accents that WinAnsi lacks are dropped
 * (`Ż` → `Z`), a few letters read as their Latin base (`Ł` → `L`), anything else becomes `?`.
 * Without it pdfkit would print other glyphs in their place. The HTML keeps the text as it is.
 */
export function pdfText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(ch)) out += ch;
    else if (LATIN_FALLBACK[ch]) out += LATIN_FALLBACK[ch];
    else if (ch === '\n' || ch === '\t') out += ' ';
    else {
      const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += base !== ch && [...base].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) <= 0x7e) ? base : '?';
    }
  }
  return out;
}
