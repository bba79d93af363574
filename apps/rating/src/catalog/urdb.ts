import type { TariffDefinition } from '@utilia/contracts';
import { localDateOf, RuleViolation } from '@utilia/platform';
import { importUrdbVersion, RatingInputError } from '@utilia/rating';

/** A draft version read from a URDB rate. */
export interface UrdbDraft {
  effectiveFrom: string;
  effectiveTo: string | null;
  definition: TariffDefinition;
  origin: string;
}

/** The rate objects of a URDB body: one object, an array, or the URDB API answer `{ items: [...] }`. */
function rates(body: unknown): Array<{ rate: Record<string, unknown>; field: string }> {
  if (Array.isArray(body)) return body.map((rate, i) => ({ rate, field: `[${i}]` }));
  const b = body as Record<string, unknown>;
  if (Array.isArray(b.items)) {
    if (b.items.length === 0) throw new RuleViolation('urdb-invalid', 'items: the URDB answer holds no rate');
    return b.items.map((rate, i) => ({ rate: rate as Record<string, unknown>, field: `items[${i}]` }));
  }
  return [{ rate: b, field: '' }];
}

/** A URDB `startdate`/`enddate` (Unix seconds) as a local date in the tariff's zone. */
function urdbDate(value: unknown, field: string, timeZone: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RuleViolation('urdb-invalid', `${field} must be Unix seconds`);
  return localDateOf(new Date(value * 1000), timeZone);
}

const at = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);

/**
 * Draft versions from URDB rates, with libs/rating's importer. Each one's dates come from the request
 * (one rate), else from its `startdate`/`enddate`. An error names the field, e.g.
 * `items[1].energyratestructure[0][0].rate must be a decimal number`.
 */
export function urdbDrafts(body: unknown, opts: { timeZone: string; effectiveFrom?: string; effectiveTo?: string }): UrdbDraft[] {
  const list = rates(body);
  if (list.length > 1 && (opts.effectiveFrom || opts.effectiveTo))
    throw new RuleViolation('urdb-dates', 'effectiveFrom and effectiveTo are for one rate; several rates take their own startdate and enddate');
  return list.map(({ rate, field }) => {
    let definition: Record<string, unknown>;
    try {
      const { id: _id, effectiveFrom: _f, effectiveTo: _t, ...rest } = importUrdbVersion(rate);
      definition = rest as Record<string, unknown>;
    } catch (e) {
      if (e instanceof RatingInputError) throw new RuleViolation('urdb-invalid', field ? `${field}.${e.message}` : e.message);
      throw e;
    }
    const effectiveFrom = opts.effectiveFrom ?? urdbDate(rate.startdate, at(field, 'startdate'), opts.timeZone);
    if (!effectiveFrom) throw new RuleViolation('urdb-dates', `${at(field, 'startdate')} is missing: give effectiveFrom`);
    const effectiveTo = opts.effectiveTo ?? urdbDate(rate.enddate, at(field, 'enddate'), opts.timeZone) ?? null;
    const label = typeof rate.label === 'string' ? rate.label : typeof rate.name === 'string' ? rate.name : 'rate';
    return { effectiveFrom, effectiveTo, definition: definition as TariffDefinition, origin: `urdb:${label}`.slice(0, 300) };
  });
}
