/**
 * Why collections does not take a step that is due, each a named pure rule. An exemption lets the
 * steps up to one through and withholds the rest:
 * - arrears below the minimum: nothing at all (no case, no fee, no notice);
 * - a protection in force (life support, medical, vulnerable): the late fee and the reminder, never
 *   a final notice that threatens disconnection, never a disconnection;
 * - a moratorium in force (a winter period, a heat advisory day): fees and notices, no disconnection.
 */
import type { CollectionsStep } from '@utilia/contracts';
import { COLLECTIONS_STEPS } from '@utilia/contracts';
import Big from 'big.js';

/** A period in which no disconnection is requested: every year (`12-01..02-28`) or once (`2026-07-14`, `2026-07-14..2026-07-18`). */
export interface Moratorium {
  /** As configured, e.g. `12-01..02-28`. */
  label: string;
  from: string;
  to: string;
  /** `MM-DD` bounds repeated every year (a period may wrap the new year) rather than dates. */
  yearly: boolean;
}

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

/** COLLECTIONS_MORATORIUM as written: comma-separated `MM-DD..MM-DD`, `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`; or `none`. */
export function parseMoratoria(raw: string): Moratorium[] {
  if (raw.trim() === 'none') return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((label) => {
      const [from, to = from] = label.split('..');
      if (MONTH_DAY.test(from) && MONTH_DAY.test(to) && label.includes('..')) return { label, from, to, yearly: true };
      if (DATE.test(from) && DATE.test(to) && from <= to) return { label, from, to, yearly: false };
      throw new Error(`expected periods such as 12-01..02-28, 2026-07-14 or 2026-07-14..2026-07-18, not "${label}"`);
    });
}

/** The moratorium in force on `date`, if any. */
export function moratoriumOn(periods: readonly Moratorium[], date: string): Moratorium | undefined {
  const md = date.slice(5);
  return periods.find((p) => {
    if (!p.yearly) return p.from <= date && date <= p.to;
    return p.from <= p.to ? p.from <= md && md <= p.to : md >= p.from || md <= p.to;
  });
}

export interface ExemptionFacts {
  currency: string;
  /** What is past due on the account on the date. */
  arrears: string;
  /** The kinds of protection of the account's customer in force on the date. */
  protections: readonly string[];
}

export interface ExemptionSettings {
  minimumArrears: string;
  moratoria: readonly Moratorium[];
}

export interface Exemption {
  rule: 'below-minimum' | 'customer-protected' | 'moratorium';
  /** The last step still taken; null: none. */
  allowsThrough: CollectionsStep | null;
  detail: string;
}

export const belowMinimum = (f: ExemptionFacts, _date: string, s: ExemptionSettings): Exemption | null =>
  new Big(f.arrears).lt(s.minimumArrears)
    ? { rule: 'below-minimum', allowsThrough: null, detail: `arrears of ${f.arrears} ${f.currency} are below the minimum of ${s.minimumArrears}` }
    : null;

export const customerProtected = (f: ExemptionFacts): Exemption | null =>
  f.protections.length > 0
    ? { rule: 'customer-protected', allowsThrough: 'reminder', detail: `the customer is protected (${[...f.protections].sort().join(', ')})` }
    : null;

export const moratorium = (_f: ExemptionFacts, date: string, s: ExemptionSettings): Exemption | null => {
  const m = moratoriumOn(s.moratoria, date);
  return m ? { rule: 'moratorium', allowsThrough: 'final-notice', detail: `no disconnection in the moratorium ${m.label}` } : null;
};

/** Every exemption rule, in the order they are reported. */
export const EXEMPTIONS = [belowMinimum, customerProtected, moratorium] as const;

/** The exemptions that hold for an account on a date. */
export function exemptionsOn(f: ExemptionFacts, date: string, s: ExemptionSettings): Exemption[] {
  return EXEMPTIONS.map((rule) => rule(f, date, s)).filter((e): e is Exemption => e !== null);
}

/** The first exemption that withholds `step`, if any. */
export function withholding(step: CollectionsStep, exemptions: readonly Exemption[]): Exemption | undefined {
  const rank = COLLECTIONS_STEPS.indexOf(step);
  return exemptions.find((e) => e.allowsThrough === null || COLLECTIONS_STEPS.indexOf(e.allowsThrough) < rank);
}
