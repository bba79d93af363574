/**
 * `rate`: one bill for one billing period, given the tariff versions in force, usage and account attributes.
 *
 * The period is split where a tariff version changes; each segment is priced by its version with
 * monthly amounts prorated by segment days / cycle days. Lines are rounded half-up to the currency's minor
 * unit one by one; the total is the sum of the rounded lines.
 */
import { invalid, MESSAGES } from './errors';
import type { BillLine, MeteringMode, RatingInput, RatingResult, Tariff } from './model';
import { approx, Big, type Decimal, exact, formatMoney, ONE, ZERO } from './money';
import { adjustmentLines } from './rules/adjustments';
import { billingDemand, demandLadderLines, ratchetFloor } from './rules/demand';
import { energyLines } from './rules/energy';
import { fixedLines } from './rules/fixed';
import { type LineDraft, show, sumOf } from './rules/line';
import { annualMinimumLine, minimumLine } from './rules/minimum';
import { netMonth, netPerPeriod } from './rules/net-metering';
import { type CompiledVersion, compileVersion } from './tariff/compile';
import { oneOf, object } from './tariff/validate';
import { civilFromDays, formatLocalDate, monthKey, parseLocalDate } from './time/local-date';
import { isValidTimeZone, startOfLocalDay } from './time/zone';
import { intervalTotals, registerTotals, type UsageTotals } from './usage/totals';

const METERING: readonly MeteringMode[] = ['none', 'net-billing', 'buy-all-sell-all', 'net-metering'];
const PRE_TAX = ['fixed', 'energy', 'demand', 'minimum', 'export-credit', 'net-surplus-credit'] as const;

interface Segment {
  readonly v: CompiledVersion;
  readonly from: number;
  readonly to: number;
}

const compiledTariffs = new WeakMap<Tariff, CompiledVersion[]>();

/**
 * Checks a tariff as rating it would, without rating anything.
 * @throws RatingInputError naming the first field that is wrong, e.g. `versions[0].energy.periods[1].tiers[0].rate`.
 */
export function checkTariff(tariff: Tariff): void {
  compileTariff(tariff);
}

/** Checks a tariff's envelope and compiles its versions (memoised per tariff object: tariffs are immutable). */
export function compileTariff(tariff: Tariff): CompiledVersion[] {
  object(tariff, 'tariff');
  let compiled = compiledTariffs.get(tariff);
  if (!compiled) {
    compiled = checkAndCompile(tariff);
    compiledTariffs.set(tariff, compiled);
  }
  return compiled;
}

function checkAndCompile(tariff: Tariff): CompiledVersion[] {
  if (typeof tariff.currency !== 'string' || !/^[A-Z]{3}$/.test(tariff.currency)) {
    throw invalid('tariff.currency', MESSAGES.currency('tariff.currency'));
  }
  if (!isValidTimeZone(tariff.timeZone)) throw invalid('tariff.timeZone', MESSAGES.timeZone('tariff.timeZone'));
  if (!Array.isArray(tariff.versions) || tariff.versions.length === 0) {
    throw invalid('tariff.versions', MESSAGES.nonEmptyArray('tariff.versions'));
  }
  const versions = tariff.versions.map((v, i) => compileVersion(v, `tariff.versions[${i}]`));
  return [...versions].sort((a, b) => a.from - b.from);
}

/** Splits [from, to) by the versions in force; each day goes to the latest version that started by then. */
function segments(versions: readonly CompiledVersion[], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  let day = from;
  while (day < to) {
    let chosen: CompiledVersion | undefined;
    for (const v of versions) if (v.from <= day && day < v.to) chosen = v;
    if (!chosen) throw invalid('tariff.versions', MESSAGES.noVersion('tariff.versions'), 'inconsistent-input');
    let end = Math.min(to, chosen.to);
    for (const v of versions) if (v.from > day && v.from < end) end = v.from;
    out.push({ v: chosen, from: day, to: end });
    day = end;
  }
  return out;
}

/**
 * Rates one billing period.
 * @throws RatingInputError naming the field when the tariff, period or usage is malformed.
 */
export function rate(input: RatingInput): RatingResult {
  object(input, 'input');
  const tariff = input.tariff;
  const versions = compileTariff(tariff);
  const zone = tariff.timeZone;
  const currency = tariff.currency;
  const period = object(input.period, 'period');
  const start = parseLocalDate(period.start);
  if (start === undefined) throw invalid('period.start', MESSAGES.localDate('period.start'));
  const end = parseLocalDate(period.end);
  if (end === undefined) throw invalid('period.end', MESSAGES.localDate('period.end'));
  if (end <= start) throw invalid('period.end', MESSAGES.periodOrder('period.end'));
  let cycleStart = start;
  let cycleEnd = end;
  if (input.period.cycle !== undefined) {
    object(input.period.cycle, 'period.cycle');
    const cs = parseLocalDate(input.period.cycle.start);
    if (cs === undefined) throw invalid('period.cycle.start', MESSAGES.localDate('period.cycle.start'));
    const ce = parseLocalDate(input.period.cycle.end);
    if (ce === undefined || ce <= cs) throw invalid('period.cycle.end', MESSAGES.periodOrder('period.cycle.end'));
    cycleStart = cs;
    cycleEnd = ce;
  }
  const cycleDays = cycleEnd - cycleStart;
  const mode = input.account?.metering === undefined ? 'none' : oneOf(input.account.metering, METERING, 'account.metering');
  const usage = object(input.usage, 'usage') as RatingInput['usage'];
  if (usage.load === undefined && usage.registers === undefined) throw invalid('usage', MESSAGES.noUsage('usage'), 'missing-field');

  const history = input.history;
  // The net-metering bank: kWh of each energy period (per-period netting), and kWh of no period.
  let banks: Decimal[] = (history?.netMeteringBankKwhByPeriod ?? []).map((k, i) => nonNegativeDecimal(k, `history.netMeteringBankKwhByPeriod[${i}]`));
  let bank = history?.netMeteringBankKwh === undefined ? ZERO : nonNegativeDecimal(history.netMeteringBankKwh, 'history.netMeteringBankKwh');
  bank = bank.minus(sumKwh(banks));
  if (bank.lt(0)) throw invalid('history.netMeteringBankKwhByPeriod', MESSAGES.bankByPeriod('history.netMeteringBankKwhByPeriod'), 'inconsistent-input');
  const ytdBefore = history?.yearToDateCharges === undefined ? ZERO : decimalOf(history.yearToDateCharges, 'history.yearToDateCharges');
  const month = monthKey(start);
  const trace: string[] = [];
  const lines: BillLine[] = [];
  let peak: Decimal | undefined;
  let preTax = ZERO;
  const segs = segments(versions, start, end);
  const settles = civilFromDays(end - 1)[1] === segs[segs.length - 1].v.settlementMonth;

  segs.forEach((seg, s) => {
    const days = seg.to - seg.from;
    const factor = days === cycleDays ? ONE : new Big(days).div(cycleDays);
    const v = seg.v;
    const from = formatLocalDate(seg.from);
    const to = formatLocalDate(seg.to);
    trace.push(`${from}..${to}: version ${v.id}, ${days} days of a ${cycleDays}-day cycle (proration ${show(factor)})`);
    const totals: UsageTotals = usage.load
      ? intervalTotals(v, zone, usage, mode, startOfLocalDay(zone, seg.from), startOfLocalDay(zone, seg.to))
      : scaleRegisters(registerTotals(v, usage), new Big(days).div(end - start));
    if (totals.peakKw && (!peak || totals.peakKw.gt(peak))) peak = totals.peakKw;
    trace.push(
      `usage: imports ${totals.importsKwh.map(show).join(' / ')} kWh${mode === 'none' ? '' : `, exports ${totals.exportsKwh.map(show).join(' / ')} kWh`} by energy period; ` +
        `peak ${totals.peakKw ? show(totals.peakKw) : 'n/a'} kW${usage.load ? ` over ${totals.intervals} intervals` : ' (registers)'}`,
    );

    // Demand first: per-kW energy tier limits need the billing demand.
    const floor = v.ratchet ? ratchetFloor(v.ratchet, month, history) : undefined;
    const actualPeak = totals.peakKw ?? ZERO;
    const billing = billingDemand(actualPeak, v.ratchet?.monthly ? floor : undefined);
    const drafts: LineDraft[] = [];
    drafts.push(...fixedLines(v.fixed, days, factor));

    let importKwh: Decimal[] = totals.importsKwh;
    if (mode === 'net-metering' && v.netting === 'per-period') {
      const netted = netPerPeriod(totals.importsKwh, totals.exportsKwh, banks, bank);
      importKwh = netted.billedKwh;
      banks = netted.bankKwhByPeriod;
      bank = netted.sharedBankKwh;
      trace.push(netted.trace);
    } else if (mode === 'net-metering') {
      // Whole-month netting: every bank offsets any period.
      const netted = netMonth(totals.importsKwh, totals.exportsKwh, bank.plus(sumKwh(banks)));
      importKwh = netted.billedKwh;
      banks = [];
      bank = netted.bankKwh;
      trace.push(netted.trace);
    }
    const scale = { factor, days, demandKw: billing.kw };
    if (v.energy.length > 0) {
      drafts.push(...energyLines(v.energy, v.tierPolicy, importKwh, scale, 'import'));
      if (mode === 'net-billing' || mode === 'buy-all-sell-all') {
        drafts.push(...energyLines(v.energy, v.tierPolicy, totals.exportsKwh, scale, 'export'));
      }
    }
    v.touDemand.forEach((ladder, p) => {
      const kw = totals.touDemandKw[p];
      if (kw === undefined) return;
      const b = billingDemand(kw, v.ratchet?.tou ? floor : undefined);
      drafts.push(...demandLadderLines(ladder, b.kw, factor, `Demand, ${ladder.name}`, p, `${ladder.name}: ${b.why}`));
    });
    if (v.monthlyDemand && (totals.peakKw || floor)) {
      const m = civilFromDays(seg.from)[1] - 1;
      const ladder = v.monthlyDemand.ladders[v.monthlyDemand.monthToLadder[m]];
      drafts.push(...demandLadderLines(ladder, billing.kw, factor, 'Demand', undefined, billing.why));
    }
    if (!peak && floor && v.ratchet?.monthly) peak = ZERO;

    const charges = sumOf(drafts, PRE_TAX) ?? ZERO;
    const min = minimumLine(v.minimum, charges, days, factor);
    if (min) drafts.push(min);

    const last = s === segs.length - 1;
    if (last && settles) {
      bank = bank.plus(sumKwh(banks));
      banks = [];
      if (mode === 'net-metering' && bank.gt(0)) {
        const amount = bank.times(v.surplusRate).neg();
        trace.push(`true-up: ${show(bank)} kWh left in the bank paid at ${show(v.surplusRate)} per kWh; bank emptied`);
        drafts.push({
          component: 'net-surplus-credit',
          description: 'Net surplus compensation',
          quantity: bank,
          unit: 'kWh',
          rate: v.surplusRate.neg(),
          amount,
          factor: ONE,
          trace: `${show(bank)} kWh in the bank at true-up × ${show(v.surplusRate)} per kWh, credited = ${show(amount)}`,
        });
        bank = ZERO;
      }
      const year = ytdBefore.plus(preTax).plus(sumOf(drafts, PRE_TAX) ?? ZERO);
      const annual = annualMinimumLine(v.minimum.annual, year);
      if (annual) drafts.push(annual);
    }
    preTax = preTax.plus(sumOf(drafts, PRE_TAX) ?? ZERO);

    let billedKwh = ZERO;
    for (const q of importKwh) billedKwh = billedKwh.plus(q);
    drafts.push(...adjustmentLines(v.adjustments, drafts, billedKwh, factor, input.account));

    for (const d of drafts) {
      if (d.amount.eq(0)) continue;
      lines.push(finish(d, currency, v.id, from, to));
    }
  });

  let total = ZERO;
  let unrounded = ZERO;
  for (const l of lines) {
    total = total.plus(l.amount);
    unrounded = unrounded.plus(l.unroundedAmount);
  }
  return {
    currency,
    period: input.period,
    lines,
    total: formatMoney(total, currency),
    unroundedTotal: exact(unrounded),
    trace,
    carryOver: {
      peak: peak ? { month, kw: exact(peak) } : undefined,
      netMeteringBankKwh: exact(bank.plus(sumKwh(banks))),
      ...(banks.some((k) => k.gt(0)) ? { netMeteringBankKwhByPeriod: banks.map(exact) } : {}),
      yearToDateCharges: settles ? '0' : exact(ytdBefore.plus(preTax)),
    },
  };
}

function finish(d: LineDraft, currency: string, versionId: string, from: string, to: string): BillLine {
  const line: { -readonly [K in keyof BillLine]: BillLine[K] } = {
    component: d.component,
    description: d.description,
    quantity: approx(d.quantity, 6),
    unit: d.unit,
    rate: exact(d.rate),
    amount: formatMoney(d.amount, currency),
    unroundedAmount: exact(d.amount),
    prorationFactor: d.factor === ONE ? '1' : approx(d.factor, 10),
    versionId,
    from,
    to,
    trace: d.trace,
  };
  if (d.touPeriod !== undefined) {
    line.touPeriod = d.touPeriod;
    line.touPeriodName = d.touPeriodName;
  }
  if (d.tier !== undefined) line.tier = d.tier;
  return line;
}

function scaleRegisters(t: UsageTotals, share: Decimal): UsageTotals {
  if (share.eq(1)) return t;
  return { ...t, importsKwh: t.importsKwh.map((k) => k.times(share)) };
}

function decimalOf(value: unknown, field: string): Decimal {
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) throw invalid(field, MESSAGES.decimal(field));
  return new Big(value);
}

function nonNegativeDecimal(value: unknown, field: string): Decimal {
  const d = decimalOf(value, field);
  if (d.lt(0)) throw invalid(field, MESSAGES.nonNegativeDecimal(field));
  return d;
}

function sumKwh(kwh: readonly Decimal[]): Decimal {
  let sum = ZERO;
  for (const k of kwh) sum = sum.plus(k);
  return sum;
}
