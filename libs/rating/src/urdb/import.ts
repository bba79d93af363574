/**
 * Imports an OpenEI Utility Rate Database (URDB) rate object into the tariff model.
 *
 * Field mapping (URDB API v7 names; a few legacy names are accepted too):
 * - `energyratestructure[period][tier]` {`rate`, `adj`, `max`, `unit`, `sell`} → energy periods and tiers;
 *   the rate charged is `rate + adj`; `max` is the tier's cumulative limit in `unit`:
 *   `kWh` (per month), `kWh daily` (× days), `kWh/kW` (× billing demand), `kWh/kW daily`.
 *   Tiers apply to the month's total usage across TOU periods (URDB/SAM convention).
 * - `energyweekdayschedule` / `energyweekendschedule` (12 × 24, 0-based period indexes) → energy schedule.
 * - `demandratestructure` + `demandweekdayschedule` / `demandweekendschedule` → TOU demand ($/kW, `max` in kW).
 * - `flatdemandstructure` + `flatdemandmonths` → monthly (flat) demand.
 * - `fixedchargefirstmeter` + `fixedchargeunits` (`$/month`, `$/day`, `$/year`), legacy `fixedmonthlycharge`.
 * - `mincharge` + `minchargeunits` (`$/month`, `$/day`, `$/year` = annual), `annualmincharge`
 *   (legacy `minmonthlycharge`, `annualminimumcharge`).
 * - `lookbackpercent` (a fraction, 0.8 = 80 %), `lookbackrange` (months), `lookbackmonths` (12 flags) → ratchet.
 */
import { invalid, MESSAGES } from '../errors';
import type { DemandCharges, EnergyCharge, FixedCharge, MinimumCharges, RatePeriod, Tariff, TariffVersion, Tier, TierLimitBasis } from '../model';
import { exact } from '../money';
import { array, decimal, integer, nonEmptyArray, nonNegative, object, oneOf, schedule } from '../tariff/validate';
import { isValidTimeZone } from '../time/zone';

/** Options for {@link importUrdbRate}. */
export interface UrdbImportOptions {
  /** IANA zone of the utility (URDB does not carry one). */
  readonly timeZone: string;
  /** Tariff id; defaults to the URDB `label` or `urdb`. */
  readonly id?: string;
  /** Defaults to USD: URDB rates are in US dollars. */
  readonly currency?: string;
  /** Version effective dates; URDB `startdate`/`enddate` are not used because they are often absent. */
  readonly effectiveFrom?: string;
  readonly effectiveTo?: string;
  /** Settlement month for annual minimum and net-metering true-up (1..12, default 12). */
  readonly settlementMonth?: number;
  /** Local holiday dates priced with the weekend schedule. */
  readonly holidays?: readonly string[];
}

const ENERGY_UNITS: Record<string, TierLimitBasis> = {
  kWh: 'month',
  'kWh monthly': 'month',
  'kWh daily': 'day',
  'kWh/kW': 'kw',
  'kWh/kW daily': 'kw-day',
};
const DEMAND_UNITS = ['kW'];
const CHARGE_UNITS = ['$/month', '$/day', '$/year'] as const;

/** Reads a field under its URDB name or one of its aliases. */
function field(rate: Record<string, unknown>, ...names: string[]): [unknown, string] {
  for (const n of names) if (rate[n] !== undefined && rate[n] !== null) return [rate[n], n];
  return [undefined, names[0]];
}

function money(value: unknown, name: string): string {
  return exact(decimal(value, name));
}

/** Converts one URDB `…ratestructure` into rate periods. */
function structure(value: unknown, name: string, kind: 'energy' | 'demand'): RatePeriod[] {
  return nonEmptyArray(value, name).map((rawPeriod, p) => {
    const tiers = nonEmptyArray(rawPeriod, `${name}[${p}]`);
    let previous: number | undefined;
    const out: Tier[] = tiers.map((rawTier, t) => {
      const f = `${name}[${p}][${t}]`;
      const tier = object(rawTier, f);
      const hasAdj = tier.adj !== undefined && tier.adj !== null;
      if ((tier.rate === undefined || tier.rate === null) && !hasAdj) throw invalid(`${f}.rate`, MESSAGES.required(`${f}.rate`), 'missing-field');
      let rate = decimal(tier.rate ?? 0, `${f}.rate`);
      if (hasAdj) rate = rate.plus(decimal(tier.adj, `${f}.adj`));
      let basis: TierLimitBasis = 'month';
      if (tier.unit !== undefined && tier.unit !== null) {
        if (kind === 'energy') basis = ENERGY_UNITS[oneOf(tier.unit, Object.keys(ENERGY_UNITS), `${f}.unit`)];
        else oneOf(tier.unit, DEMAND_UNITS, `${f}.unit`);
      }
      const hasMax = tier.max !== undefined && tier.max !== null && t < tiers.length - 1;
      const max = hasMax ? nonNegative(tier.max, `${f}.max`) : undefined;
      if (max && previous !== undefined && max.lte(previous)) throw invalid(`${f}.max`, MESSAGES.tierOrder(`${f}.max`));
      if (!max && t < tiers.length - 1) throw invalid(`${f}.max`, MESSAGES.lastTierOpen(`${f}.max`));
      previous = max ? Number(max) : undefined;
      const sell = tier.sell !== undefined && tier.sell !== null && kind === 'energy' ? money(tier.sell, `${f}.sell`) : undefined;
      return {
        rate: exact(rate),
        ...(max ? { upTo: exact(max), basis } : {}),
        ...(sell === undefined ? {} : { sell }),
      };
    });
    return { name: `${kind === 'energy' ? 'energy' : 'demand'} period ${p}`, tiers: out };
  });
}

function energy(rate: Record<string, unknown>): EnergyCharge | undefined {
  if (rate.energyratestructure === undefined || rate.energyratestructure === null) return undefined;
  const periods = structure(rate.energyratestructure, 'energyratestructure', 'energy');
  if (periods.length === 1 && rate.energyweekdayschedule === undefined && rate.energyweekendschedule === undefined) {
    return { tierPolicy: 'total-usage-proportional', periods };
  }
  const weekday = schedule(required(rate, 'energyweekdayschedule'), periods.length, 'energyweekdayschedule');
  const weekend = schedule(required(rate, 'energyweekendschedule'), periods.length, 'energyweekendschedule');
  return { tierPolicy: 'total-usage-proportional', periods, schedule: { weekday, weekend } };
}

function demand(rate: Record<string, unknown>): DemandCharges | undefined {
  const out: { -readonly [K in keyof DemandCharges]: DemandCharges[K] } = {};
  if (rate.demandratestructure !== undefined && rate.demandratestructure !== null) {
    const periods = structure(rate.demandratestructure, 'demandratestructure', 'demand');
    const weekday = schedule(required(rate, 'demandweekdayschedule'), periods.length, 'demandweekdayschedule');
    const weekend = schedule(required(rate, 'demandweekendschedule'), periods.length, 'demandweekendschedule');
    out.tou = { periods, schedule: { weekday, weekend } };
  }
  if (rate.flatdemandstructure !== undefined && rate.flatdemandstructure !== null) {
    const ladders = structure(rate.flatdemandstructure, 'flatdemandstructure', 'demand').map((l, i) => ({ ...l, name: `flat demand ${i}` }));
    let monthToLadder: number[];
    if (rate.flatdemandmonths === undefined || rate.flatdemandmonths === null) {
      if (ladders.length > 1) throw invalid('flatdemandmonths', MESSAGES.required('flatdemandmonths'), 'missing-field');
      monthToLadder = new Array<number>(12).fill(0);
    } else {
      const months = array(rate.flatdemandmonths, 'flatdemandmonths');
      if (months.length !== 12) throw invalid('flatdemandmonths', MESSAGES.schedule('flatdemandmonths'));
      monthToLadder = months.map((m, i) => {
        const f = `flatdemandmonths[${i}]`;
        const ix = integer(m, f);
        if (ix < 0 || ix >= ladders.length) throw invalid(f, MESSAGES.periodIndex(f, ladders.length));
        return ix;
      });
    }
    out.monthly = { ladders, monthToLadder };
  }
  const [pct, pctName] = field(rate, 'lookbackpercent', 'lookbackPercent');
  if (pct !== undefined) {
    let percent = nonNegative(pct, pctName);
    // URDB gives a fraction (0.8); a value above 1 can only be meant as a percentage.
    if (percent.lte(1)) percent = percent.times(100);
    const [range, rangeName] = field(rate, 'lookbackrange', 'lookbackRange');
    const [months, monthsName] = field(rate, 'lookbackmonths', 'lookbackMonths');
    let lookback = range === undefined ? 0 : integer(range, rangeName);
    if (lookback < 0) throw invalid(rangeName, MESSAGES.positiveInteger(rangeName));
    let eligibleMonths: boolean[] | undefined;
    if (months !== undefined) {
      const flags = array(months, monthsName);
      if (flags.length !== 12) throw invalid(monthsName, MESSAGES.schedule(monthsName));
      eligibleMonths = flags.map((x, i) => {
        if (x === true || x === 1) return true;
        if (x === false || x === 0) return false;
        throw invalid(`${monthsName}[${i}]`, MESSAGES.boolean(`${monthsName}[${i}]`));
      });
      if (lookback === 0 && eligibleMonths.some((x) => x)) lookback = 12;
    }
    if (lookback > 0 && percent.gt(0)) {
      out.ratchet = { percent: exact(percent), months: lookback, ...(eligibleMonths ? { eligibleMonths } : {}) };
    }
  }
  return out.tou || out.monthly || out.ratchet ? out : undefined;
}

function fixed(rate: Record<string, unknown>): FixedCharge[] {
  const [amount, name] = field(rate, 'fixedchargefirstmeter', 'fixedmonthlycharge');
  if (amount === undefined) return [];
  const units =
    name === 'fixedmonthlycharge' || rate.fixedchargeunits === undefined || rate.fixedchargeunits === null
      ? '$/month'
      : oneOf(rate.fixedchargeunits, CHARGE_UNITS, 'fixedchargeunits');
  const per = units === '$/day' ? 'day' : units === '$/year' ? 'year' : 'month';
  return [{ description: 'Customer charge', amount: money(amount, name), per }];
}

function minimum(rate: Record<string, unknown>): MinimumCharges | undefined {
  const out: { -readonly [K in keyof MinimumCharges]: MinimumCharges[K] } = {};
  const [amount, name] = field(rate, 'mincharge', 'minmonthlycharge');
  if (amount !== undefined) {
    const value = exact(nonNegative(amount, name));
    const units =
      name === 'minmonthlycharge' || rate.minchargeunits === undefined || rate.minchargeunits === null
        ? '$/month'
        : oneOf(rate.minchargeunits, CHARGE_UNITS, 'minchargeunits');
    if (units === '$/day') out.daily = value;
    else if (units === '$/year') out.annual = value;
    else out.monthly = value;
  }
  const [annual, annualName] = field(rate, 'annualmincharge', 'annualminimumcharge');
  if (annual !== undefined) {
    const a = nonNegative(annual, annualName);
    if (a.gt(0)) out.annual = exact(a);
  }
  return Object.keys(out).length ? out : undefined;
}

function required(rate: Record<string, unknown>, name: string): unknown {
  const value = rate[name];
  if (value === undefined || value === null) throw invalid(name, MESSAGES.required(name), 'missing-field');
  return value;
}

/** Imports one URDB rate object as a tariff version. */
export function importUrdbVersion(rate: unknown, options: Omit<UrdbImportOptions, 'timeZone'> = {}): TariffVersion {
  const r = object(rate, 'rate');
  const version: { -readonly [K in keyof TariffVersion]: TariffVersion[K] } = {
    id: options.id ?? (typeof r.label === 'string' ? r.label : 'urdb'),
    fixed: fixed(r),
    // Net metering as NREL SAM computes it for URDB rates: each TOU period nets and banks on its own.
    netMetering: { netting: 'per-period' },
  };
  const e = energy(r);
  if (e) version.energy = e;
  const d = demand(r);
  if (d) version.demand = d;
  const m = minimum(r);
  if (m) version.minimum = m;
  if (options.effectiveFrom) version.effectiveFrom = options.effectiveFrom;
  if (options.effectiveTo) version.effectiveTo = options.effectiveTo;
  if (options.settlementMonth !== undefined) version.settlementMonth = options.settlementMonth;
  if (options.holidays) version.holidays = options.holidays;
  return version;
}

/**
 * Imports a URDB rate object as a single-version tariff.
 * @throws RatingInputError naming the URDB field, e.g. `energyratestructure[1][0].rate must be a decimal number`.
 */
export function importUrdbRate(rate: unknown, options: UrdbImportOptions): Tariff {
  if (!isValidTimeZone(options.timeZone)) throw invalid('timeZone', MESSAGES.timeZone('timeZone'));
  const version = importUrdbVersion(rate, options);
  const r = rate as Record<string, unknown>;
  return {
    id: version.id,
    ...(typeof r.name === 'string' ? { name: r.name } : {}),
    currency: options.currency ?? 'USD',
    timeZone: options.timeZone,
    versions: [version],
  };
}
