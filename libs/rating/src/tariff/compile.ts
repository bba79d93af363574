/**
 * Compiles a tariff version into lookup tables and Big decimals once, so that rating a bill only
 * indexes arrays: a period index per (month, day type, hour) "code" and parsed rates and limits.
 * Compiled versions are memoised per version object.
 */
import { invalid, MESSAGES } from '../errors';
import type { Adjustment, BaseComponent, FixedCharge, NettingScope, RatePeriod, TariffVersion, TierLimitBasis, TierPolicy, TouSchedule } from '../model';
import { Big, type Decimal } from '../money';
import { parseLocalDate } from '../time/local-date';
import { CODE_COUNT, codeOf, DAY_TYPES } from '../time/labels';
import { array, decimal, integer, nonEmptyArray, nonNegative, object, oneOf, schedule } from './validate';

/** A tier ladder with parsed numbers. */
export interface Ladder {
  readonly name: string;
  readonly rates: readonly Decimal[];
  readonly sells: readonly (Decimal | undefined)[];
  readonly limits: readonly (Decimal | undefined)[];
  readonly bases: readonly TierLimitBasis[];
}

/** A compiled adjustment. */
export interface CompiledAdjustment extends Omit<Adjustment, 'value' | 'appliesTo'> {
  readonly value: Decimal;
  readonly appliesTo: readonly BaseComponent[];
}

/** A tariff version ready for rating. */
export interface CompiledVersion {
  readonly source: TariffVersion;
  readonly id: string;
  /** Day numbers of the effective range; -Infinity/Infinity when open. */
  readonly from: number;
  readonly to: number;
  readonly fixed: readonly { description: string; amount: Decimal; per: FixedCharge['per'] }[];
  readonly tierPolicy: TierPolicy;
  readonly energy: readonly Ladder[];
  /** Energy period per code (month × day type × hour). */
  readonly energyOf: Uint8Array;
  readonly touDemand: readonly Ladder[];
  /** Demand period per code, -1 where no TOU demand applies. */
  readonly demandOf: Int16Array;
  readonly monthlyDemand?: { readonly ladders: readonly Ladder[]; readonly monthToLadder: readonly number[] };
  readonly ratchet?: {
    readonly percent: Decimal;
    readonly months: number;
    readonly eligibleMonths: readonly boolean[];
    readonly monthly: boolean;
    readonly tou: boolean;
  };
  readonly minimum: { readonly monthly?: Decimal; readonly daily?: Decimal; readonly annual?: Decimal };
  readonly adjustments: readonly CompiledAdjustment[];
  readonly surplusRate: Decimal;
  readonly netting: NettingScope;
  readonly holidays: ReadonlySet<number>;
  readonly holidayKey: string;
  readonly settlementMonth: number;
}

const cache = new WeakMap<TariffVersion, CompiledVersion>();

const BASES: readonly TierLimitBasis[] = ['month', 'day', 'kw', 'kw-day'];
const ADJUSTABLE: readonly BaseComponent[] = ['fixed', 'energy', 'demand', 'minimum', 'export-credit', 'tax', 'surcharge', 'rider', 'discount'];
const DEFAULT_BASE: readonly BaseComponent[] = ['fixed', 'energy', 'demand', 'minimum', 'export-credit'];

/** Compiles (and memoises) a tariff version; `field` is its address for error messages. */
export function compileVersion(version: TariffVersion, field: string): CompiledVersion {
  let compiled = cache.get(version);
  if (!compiled) {
    compiled = build(version, field);
    cache.set(version, compiled);
  }
  return compiled;
}

function ladder(period: RatePeriod, index: number, field: string): Ladder {
  object(period, field);
  const tiers = nonEmptyArray(period.tiers, `${field}.tiers`);
  const rates: Decimal[] = [];
  const sells: (Decimal | undefined)[] = [];
  const limits: (Decimal | undefined)[] = [];
  const bases: TierLimitBasis[] = [];
  tiers.forEach((raw, t) => {
    const f = `${field}.tiers[${t}]`;
    const tier = object(raw, f);
    rates.push(decimal(tier.rate, `${f}.rate`));
    sells.push(tier.sell === undefined ? undefined : decimal(tier.sell, `${f}.sell`));
    const limit = tier.upTo === undefined ? undefined : nonNegative(tier.upTo, `${f}.upTo`);
    if (limit === undefined && t < tiers.length - 1) throw invalid(`${f}.upTo`, MESSAGES.lastTierOpen(`${f}.upTo`));
    const prev = limits[t - 1];
    if (limit && prev && limit.lte(prev)) throw invalid(`${f}.upTo`, MESSAGES.tierOrder(`${f}.upTo`));
    limits.push(limit);
    bases.push(tier.basis === undefined ? 'month' : oneOf(tier.basis, BASES, `${f}.basis`));
  });
  const name = typeof period.name === 'string' && period.name ? period.name : `period ${index}`;
  return { name, rates, sells, limits, bases };
}

/** Expands a TOU schedule into a per-code period table. */
function table(sched: TouSchedule | undefined, count: number, field: string, out: Uint8Array | Int16Array): void {
  if (!sched) {
    if (count > 1) throw invalid(`${field}.schedule`, MESSAGES.required(`${field}.schedule`));
    out.fill(0);
    return;
  }
  object(sched, `${field}.schedule`);
  const weekday = schedule(sched.weekday, count, `${field}.schedule.weekday`);
  const weekend = schedule(sched.weekend, count, `${field}.schedule.weekend`);
  const holiday = sched.holiday === undefined ? weekend : schedule(sched.holiday, count, `${field}.schedule.holiday`);
  const byType = [weekday, weekend, holiday];
  for (let m = 0; m < 12; m++) {
    for (let d = 0; d < DAY_TYPES; d++) {
      for (let h = 0; h < 24; h++) out[codeOf(m, d, h)] = byType[d][m][h];
    }
  }
}

function build(v: TariffVersion, field: string): CompiledVersion {
  object(v, field);
  const from = v.effectiveFrom === undefined ? -Infinity : parseLocalDate(v.effectiveFrom);
  if (from === undefined) throw invalid(`${field}.effectiveFrom`, MESSAGES.localDate(`${field}.effectiveFrom`));
  const to = v.effectiveTo === undefined ? Infinity : parseLocalDate(v.effectiveTo);
  if (to === undefined) throw invalid(`${field}.effectiveTo`, MESSAGES.localDate(`${field}.effectiveTo`));
  if (to <= from) throw invalid(`${field}.effectiveTo`, MESSAGES.periodOrder(`${field}.effectiveTo`));

  const fixed = array(v.fixed ?? [], `${field}.fixed`).map((raw, i) => {
    const f = `${field}.fixed[${i}]`;
    const c = object(raw, f);
    const per = oneOf(c.per, ['day', 'month', 'year'] as const, `${f}.per`);
    const description = typeof c.description === 'string' ? c.description : per === 'day' ? 'Customer charge (daily)' : 'Customer charge';
    return { description, amount: decimal(c.amount, `${f}.amount`), per };
  });

  const energyField = `${field}.energy`;
  let tierPolicy: TierPolicy = 'total-usage-proportional';
  let energy: Ladder[] = [];
  const energyOf = new Uint8Array(CODE_COUNT);
  if (v.energy !== undefined) {
    object(v.energy, energyField);
    tierPolicy = oneOf(v.energy.tierPolicy, ['total-usage-proportional', 'per-period'] as const, `${energyField}.tierPolicy`);
    energy = nonEmptyArray(v.energy.periods, `${energyField}.periods`).map((p, i) => ladder(p as RatePeriod, i, `${energyField}.periods[${i}]`));
    if (energy.length > 255) throw invalid(`${energyField}.periods`, MESSAGES.array(`${energyField}.periods`));
    table(v.energy.schedule, energy.length, energyField, energyOf);
  }

  const demandField = `${field}.demand`;
  let touDemand: Ladder[] = [];
  const demandOf = new Int16Array(CODE_COUNT).fill(-1);
  let monthlyDemand: CompiledVersion['monthlyDemand'];
  let ratchet: CompiledVersion['ratchet'];
  if (v.demand !== undefined) {
    object(v.demand, demandField);
    if (v.demand.tou !== undefined) {
      const f = `${demandField}.tou`;
      object(v.demand.tou, f);
      touDemand = nonEmptyArray(v.demand.tou.periods, `${f}.periods`).map((p, i) => ladder(p as RatePeriod, i, `${f}.periods[${i}]`));
      table(v.demand.tou.schedule, touDemand.length, f, demandOf);
    }
    if (v.demand.monthly !== undefined) {
      const f = `${demandField}.monthly`;
      object(v.demand.monthly, f);
      const ladders = nonEmptyArray(v.demand.monthly.ladders, `${f}.ladders`).map((p, i) => ladder(p as RatePeriod, i, `${f}.ladders[${i}]`));
      const months = array(v.demand.monthly.monthToLadder, `${f}.monthToLadder`);
      if (months.length !== 12) throw invalid(`${f}.monthToLadder`, MESSAGES.schedule(`${f}.monthToLadder`));
      const monthToLadder = months.map((x, m) => {
        const mf = `${f}.monthToLadder[${m}]`;
        const ix = integer(x, mf);
        if (ix < 0 || ix >= ladders.length) throw invalid(mf, MESSAGES.periodIndex(mf, ladders.length));
        return ix;
      });
      monthlyDemand = { ladders, monthToLadder };
    }
    if (v.demand.ratchet !== undefined) {
      const f = `${demandField}.ratchet`;
      const r = object(v.demand.ratchet, f);
      const months = integer(r.months, `${f}.months`);
      if (months < 0) throw invalid(`${f}.months`, MESSAGES.positiveInteger(`${f}.months`));
      const eligible = r.eligibleMonths === undefined ? new Array<boolean>(12).fill(true) : array(r.eligibleMonths, `${f}.eligibleMonths`);
      if (eligible.length !== 12 || eligible.some((e) => typeof e !== 'boolean'))
        throw invalid(`${f}.eligibleMonths`, MESSAGES.boolean(`${f}.eligibleMonths[]`));
      const applies =
        r.appliesTo === undefined
          ? ['monthly']
          : array(r.appliesTo, `${f}.appliesTo`).map((a, i) => oneOf(a, ['monthly', 'tou'] as const, `${f}.appliesTo[${i}]`));
      ratchet = {
        percent: nonNegative(r.percent, `${f}.percent`),
        months,
        eligibleMonths: eligible as boolean[],
        monthly: applies.includes('monthly'),
        tou: applies.includes('tou'),
      };
    }
  }

  const minField = `${field}.minimum`;
  const min = v.minimum === undefined ? {} : object(v.minimum, minField);
  const minimum = {
    monthly: min.monthly === undefined ? undefined : nonNegative(min.monthly, `${minField}.monthly`),
    daily: min.daily === undefined ? undefined : nonNegative(min.daily, `${minField}.daily`),
    annual: min.annual === undefined ? undefined : nonNegative(min.annual, `${minField}.annual`),
  };

  const adjustments = array(v.adjustments ?? [], `${field}.adjustments`).map((raw, i) => {
    const f = `${field}.adjustments[${i}]`;
    const a = object(raw, f);
    const component = oneOf(a.component, ['tax', 'surcharge', 'rider', 'discount'] as const, `${f}.component`);
    const kind = oneOf(a.kind, ['percent', 'per-kwh'] as const, `${f}.kind`);
    const appliesTo =
      a.appliesTo === undefined ? DEFAULT_BASE : array(a.appliesTo, `${f}.appliesTo`).map((c, j) => oneOf(c, ADJUSTABLE, `${f}.appliesTo[${j}]`));
    return {
      component,
      kind,
      description: typeof a.description === 'string' ? a.description : component,
      value: decimal(a.value, `${f}.value`),
      appliesTo,
      eligibility: typeof a.eligibility === 'string' ? a.eligibility : undefined,
    };
  });

  const holidayList = array(v.holidays ?? [], `${field}.holidays`).map((h, i) => {
    const d = parseLocalDate(h);
    if (d === undefined) throw invalid(`${field}.holidays[${i}]`, MESSAGES.localDate(`${field}.holidays[${i}]`));
    return d;
  });
  const settlementMonth = v.settlementMonth === undefined ? 12 : integer(v.settlementMonth, `${field}.settlementMonth`);
  if (settlementMonth < 1 || settlementMonth > 12) throw invalid(`${field}.settlementMonth`, MESSAGES.periodIndex(`${field}.settlementMonth`, 13));
  const surplusRate = v.netMetering?.surplusRate === undefined ? new Big(0) : nonNegative(v.netMetering.surplusRate, `${field}.netMetering.surplusRate`);
  const netting =
    v.netMetering?.netting === undefined ? 'whole-month' : oneOf(v.netMetering.netting, ['whole-month', 'per-period'] as const, `${field}.netMetering.netting`);

  return {
    source: v,
    id: typeof v.id === 'string' ? v.id : 'version',
    from,
    to,
    fixed,
    tierPolicy,
    energy,
    energyOf,
    touDemand,
    demandOf,
    monthlyDemand,
    ratchet,
    minimum,
    adjustments,
    surplusRate,
    netting,
    holidays: new Set(holidayList),
    holidayKey: [...holidayList].sort((a, b) => a - b).join(','),
    settlementMonth,
  };
}
