/**
 * Bill-simulation scenarios (the format of fixtures/rating/README.md): a URDB tariff, a calendar, load and
 * generation profiles, a metering mode and calendar-month billing. Parsing and simulating are pure: the
 * caller supplies the profile texts (the CLI reads them from disk).
 */
import { invalid, MESSAGES, RatingInputError } from '../errors';
import type { AccountAttributes, BillingHistory, BillLine, MeteringMode, PeakRecord, RatingResult, Tariff, Usage } from '../model';
import { Big, exact, formatMoney, ZERO } from '../money';
import { rate } from '../rate';
import { decimal, object, oneOf, string } from '../tariff/validate';
import { importUrdbRate } from '../urdb/import';
import { formatLocalDate, parseLocalDate, startOfMonth, startOfNextMonth } from '../time/local-date';
import { DAY_MS, fromLocalMs, isValidTimeZone, toLocalMs } from '../time/zone';
import { type ProfileUnit, profileValues, toWattHours } from './profile';

/** A profile reference in a scenario. */
export interface ProfileSpec {
  /** Path relative to the scenario file. */
  readonly file: string;
  readonly intervalMinutes: number;
  readonly unit: ProfileUnit;
}

/** A parsed, validated scenario. */
export interface Scenario {
  readonly name: string;
  readonly currency: string;
  readonly tariff: Tariff;
  /** Local date-time of the first interval and the zone it is read in. */
  readonly calendar: { readonly start: string; readonly timeZone: string };
  readonly load: ProfileSpec;
  readonly generation?: ProfileSpec;
  readonly metering: MeteringMode;
  readonly billingPeriod: 'calendar-month';
  readonly expected?: { readonly total: string; readonly tolerance: string };
}

/** One simulated bill. */
export interface SimulatedBill {
  readonly periodStart: string;
  /** Exclusive end date (the first day after the period). */
  readonly periodEnd: string;
  readonly total: string;
  readonly unroundedTotal: string;
  readonly lines: readonly BillLine[];
}

/** The result of a simulation, as printed by the CLI. */
export interface SimulationResult {
  readonly currency: string;
  readonly total: string;
  readonly unroundedTotal: string;
  readonly bills: readonly SimulatedBill[];
}

const LOCAL_DT_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const METERING: readonly MeteringMode[] = ['none', 'net-billing', 'buy-all-sell-all', 'net-metering'];

/** Re-addresses errors raised inside a nested object (a URDB rate inside `tariff.rate`). */
function nested<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RatingInputError) {
      const field = `${prefix}.${e.field}`;
      throw new RatingInputError(e.code, field, e.message.startsWith(e.field) ? `${prefix}.${e.message}` : e.message);
    }
    throw e;
  }
}

function profileSpec(value: unknown, field: string): ProfileSpec {
  const p = object(value, field);
  if (typeof p.file !== 'string' || p.file === '') throw invalid(`${field}.file`, MESSAGES.string(`${field}.file`));
  const minutes = p.intervalMinutes;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes <= 0 || 1440 % minutes !== 0) {
    throw invalid(`${field}.intervalMinutes`, MESSAGES.intervalMinutes(`${field}.intervalMinutes`));
  }
  const unit = oneOf(p.unit, ['kW', 'kWh'] as const, `${field}.unit`);
  return { file: p.file, intervalMinutes: minutes, unit };
}

/**
 * Validates a scenario object.
 * @throws RatingInputError naming the bad field (`calendar.timeZone`, `tariff.rate.energyratestructure[0][0].rate`).
 */
export function parseScenario(json: unknown): Scenario {
  const s = object(json, 'scenario');
  const name = s.name === undefined ? 'scenario' : string(s.name, 'name');
  const currency = s.currency === undefined ? 'USD' : string(s.currency, 'currency');
  if (!/^[A-Z]{3}$/.test(currency)) throw invalid('currency', MESSAGES.currency('currency'));
  const calendar = object(s.calendar, 'calendar');
  const start = string(calendar.start, 'calendar.start');
  if (!LOCAL_DT_RE.test(start) || parseLocalDate(start.slice(0, 10)) === undefined) {
    throw invalid('calendar.start', MESSAGES.localDateTime('calendar.start'));
  }
  if (!isValidTimeZone(calendar.timeZone)) throw invalid('calendar.timeZone', MESSAGES.timeZone('calendar.timeZone'));
  const timeZone = calendar.timeZone;
  const t = object(s.tariff, 'tariff');
  oneOf(t.format, ['urdb'] as const, 'tariff.format');
  const rateObject = object(t.rate, 'tariff.rate');
  const tariff = nested('tariff.rate', () => ({ ...importUrdbRate(rateObject, { timeZone, id: name }), currency }));
  const load = profileSpec(s.load, 'load');
  const generation = s.generation === undefined || s.generation === null ? undefined : profileSpec(s.generation, 'generation');
  const metering = s.metering === undefined ? 'none' : oneOf(s.metering, METERING, 'metering');
  const billingPeriod = s.billingPeriod === undefined ? 'calendar-month' : oneOf(s.billingPeriod, ['calendar-month'] as const, 'billingPeriod');
  let expected: Scenario['expected'];
  if (s.expected !== undefined) {
    const e = object(s.expected, 'expected');
    expected = { total: exact(decimal(e.total, 'expected.total')), tolerance: exact(decimal(e.tolerance ?? '0', 'expected.tolerance')) };
  }
  return {
    name,
    currency,
    tariff,
    calendar: { start, timeZone },
    load,
    metering,
    billingPeriod,
    ...(generation ? { generation } : {}),
    ...(expected ? { expected } : {}),
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The profiles' texts, read by the caller. */
export interface ScenarioProfiles {
  readonly load: string;
  readonly generation?: string;
}

/**
 * Rates every calendar month the load profile covers and sums the bills. Peaks, the net-metering bank and
 * the year's charges are carried from bill to bill.
 */
export function simulateScenario(scenario: Scenario, profiles: ScenarioProfiles): SimulationResult {
  const zone = scenario.calendar.timeZone;
  const gen = scenario.metering !== 'none' ? scenario.generation : undefined;
  const step = gen ? gcd(scenario.load.intervalMinutes, gen.intervalMinutes) : scenario.load.intervalMinutes;
  const loadWh = toWattHours(profileValues(profiles.load, 'load.file'), scenario.load.unit, scenario.load.intervalMinutes, step);
  let genWh: number[] | undefined;
  if (gen) {
    if (profiles.generation === undefined) throw invalid('generation.file', MESSAGES.file('generation.file'));
    genWh = toWattHours(profileValues(profiles.generation, 'generation.file'), gen.unit, gen.intervalMinutes, step);
    if (genWh.length !== loadWh.length) throw invalid('generation.file', MESSAGES.sameSpan('generation.file'), 'inconsistent-input');
  }
  const m = LOCAL_DT_RE.exec(scenario.calendar.start) as RegExpExecArray;
  const startDay = parseLocalDate(m[1]) as number;
  const startLocal = startDay * DAY_MS + Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000 + Number(m[4] ?? 0) * 1000;
  const startMs = fromLocalMs(zone, startLocal);
  const endMs = startMs + loadWh.length * step * 60_000;
  const endLocal = toLocalMs(zone, endMs);
  const lastDay = Math.ceil(endLocal / DAY_MS);
  const series = { start: new Date(startMs).toISOString(), intervalMinutes: step };
  const usage = { load: { ...series, wh: loadWh }, ...(genWh ? { generation: { ...series, wh: genWh } } : {}) };

  return rateCalendarMonths({
    tariff: scenario.tariff,
    usage,
    account: { metering: scenario.metering },
    from: formatLocalDate(startDay),
    to: formatLocalDate(lastDay),
  });
}

/** What {@link rateCalendarMonths} rates. */
export interface CalendarMonthsInput {
  readonly tariff: Tariff;
  readonly usage: Usage;
  readonly account?: AccountAttributes;
  /** The first local date billed and the first one after (a partial first or last month is prorated). */
  readonly from: string;
  readonly to: string;
}

/**
 * Rates each calendar month from `from` to `to` as a bill of its own and sums them. Peaks, the
 * net-metering bank and the year's charges are carried from bill to bill.
 */
export function rateCalendarMonths(input: CalendarMonthsInput): SimulationResult {
  const startDay = parseLocalDate(input.from);
  if (startDay === undefined) throw invalid('from', MESSAGES.localDate('from'));
  const lastDay = parseLocalDate(input.to);
  if (lastDay === undefined) throw invalid('to', MESSAGES.localDate('to'));
  if (lastDay <= startDay) throw invalid('to', MESSAGES.periodOrder('to'));
  const currency = input.tariff.currency;
  const bills: SimulatedBill[] = [];
  let total = ZERO;
  let unrounded = ZERO;
  const peaks: PeakRecord[] = [];
  let history: BillingHistory = {};
  for (let day = startDay; day < lastDay;) {
    const monthStart = startOfMonth(day);
    const monthEnd = startOfNextMonth(day);
    const end = Math.min(monthEnd, lastDay);
    const result: RatingResult = rate({
      tariff: input.tariff,
      period: {
        start: formatLocalDate(day),
        end: formatLocalDate(end),
        cycle: { start: formatLocalDate(monthStart), end: formatLocalDate(monthEnd) },
      },
      usage: input.usage,
      account: input.account,
      history,
    });
    if (result.carryOver.peak) peaks.push(result.carryOver.peak);
    history = {
      peaks: [...peaks],
      netMeteringBankKwh: result.carryOver.netMeteringBankKwh,
      ...(result.carryOver.netMeteringBankKwhByPeriod ? { netMeteringBankKwhByPeriod: result.carryOver.netMeteringBankKwhByPeriod } : {}),
      yearToDateCharges: result.carryOver.yearToDateCharges,
    };
    bills.push({
      periodStart: formatLocalDate(day),
      periodEnd: formatLocalDate(end),
      total: result.total,
      unroundedTotal: result.unroundedTotal,
      lines: result.lines,
    });
    total = total.plus(result.total);
    unrounded = unrounded.plus(result.unroundedTotal);
    day = end;
  }
  return { currency, total: formatMoney(total, currency), unroundedTotal: exact(unrounded), bills };
}

/** Whether a simulation's unrounded total is within the scenario's expected tolerance. */
export function withinTolerance(result: SimulationResult, expected: NonNullable<Scenario['expected']>): boolean {
  return new Big(result.unroundedTotal).minus(expected.total).abs().lte(expected.tolerance);
}
