/**
 * The difference between an invoice and its rebill, line by line, with why each line changed: a
 * pure function over the two sets of lines and the cause of the correction. Lines are compared by
 * what they price (component, TOU period, tier, unit), summed over the days and tariff versions
 * they were split into, so a version change mid-period still compares like with like.
 */
import type { InvoiceLine, LineChange } from '@utilia/contracts';
import Big from 'big.js';

/** Why a bill was rated again. */
export type CorrectionCause =
  | { kind: 'usage'; correctionId: string; previousImportWh: number; importWh: number; reason: string }
  | { kind: 'tariff'; code: string; versionId: string; supersedes: string | null; effectiveFrom: string }
  | { kind: 'actual-usage' };

interface Side {
  component: string;
  description: string;
  unit: string;
  touPeriod?: string;
  tier?: number;
  quantity: Big;
  amount: Big;
  versions: Set<string>;
}

const keyOf = (l: InvoiceLine) => [l.component, l.touPeriod ?? '', l.tier ?? '', l.unit].join('|');

function sides(lines: readonly InvoiceLine[]): Map<string, Side> {
  const out = new Map<string, Side>();
  for (const l of lines) {
    const k = keyOf(l);
    const s = out.get(k);
    if (s) {
      s.quantity = s.quantity.plus(l.quantity);
      s.amount = s.amount.plus(l.amount);
      s.versions.add(l.tariffVersionId);
    } else
      out.set(k, {
        component: l.component,
        description: l.description,
        unit: l.unit,
        ...(l.touPeriod !== undefined ? { touPeriod: l.touPeriod } : {}),
        ...(l.tier !== undefined ? { tier: l.tier } : {}),
        quantity: new Big(l.quantity),
        amount: new Big(l.amount),
        versions: new Set([l.tariffVersionId]),
      });
  }
  return out;
}

const kwh = (wh: number) => new Big(wh).div(1000).toFixed(3);
const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

/** Why one line changed, in words a CSR can read to the customer. */
export function whyChanged(old: Side | undefined, next: Side | undefined, cause: CorrectionCause): string {
  const quantityChanged = !old || !next || !old.quantity.eq(next.quantity);
  const versionsChanged = !old || !next || !sameSet(old.versions, next.versions);
  if (cause.kind === 'tariff' && versionsChanged)
    return `tariff ${cause.code} version ${cause.versionId} (in force from ${cause.effectiveFrom}${cause.supersedes ? `, correcting ${cause.supersedes}` : ''}) now prices these days`;
  if (cause.kind === 'tariff') return `repriced by tariff ${cause.code} version ${cause.versionId}`;
  const usage =
    cause.kind === 'usage'
      ? `corrected readings: ${kwh(cause.previousImportWh)} kWh became ${kwh(cause.importWh)} kWh for the period (${cause.reason})`
      : 'actual readings replaced the estimated usage';
  return quantityChanged ? usage : `follows the usage: ${usage}`;
}

/** The lines that differ between an invoice and its rebill (unchanged lines are left out), in the rebill's order. */
export function lineDiff(oldLines: readonly InvoiceLine[], newLines: readonly InvoiceLine[], cause: CorrectionCause): LineChange[] {
  const before = sides(oldLines);
  const after = sides(newLines);
  const keys = [...after.keys(), ...[...before.keys()].filter((k) => !after.has(k))];
  const changes: LineChange[] = [];
  for (const k of keys) {
    const o = before.get(k);
    const n = after.get(k);
    if (o && n && o.quantity.eq(n.quantity) && o.amount.eq(n.amount)) continue;
    const head = (n ?? o) as Side;
    changes.push({
      component: head.component,
      description: head.description,
      ...(head.touPeriod !== undefined ? { touPeriod: head.touPeriod } : {}),
      ...(head.tier !== undefined ? { tier: head.tier } : {}),
      oldQuantity: o ? o.quantity.toFixed() : null,
      newQuantity: n ? n.quantity.toFixed() : null,
      oldAmount: o ? o.amount.toFixed() : null,
      newAmount: n ? n.amount.toFixed() : null,
      delta: (n?.amount ?? new Big(0)).minus(o?.amount ?? new Big(0)).toFixed(),
      why: whyChanged(o, n, cause).slice(0, 500),
    });
  }
  return changes;
}
