import type { LocalDate } from '@utilia/contracts';
import { addDays, daysBetween, localDateOf, RuleViolation, startOfLocalDate } from '@utilia/platform';
import {
  formatMoney,
  rateCalendarMonths,
  RatingInputError,
  type AccountAttributes,
  type IntervalSeries,
  type SimulatedBill,
  type Tariff,
  type Usage,
} from '@utilia/rating';
import Big from 'big.js';
import { monthWeights, spread } from './shape';

/** The first day of the month `n` months after the month of `day` (a `YYYY-MM-01` date). */
export function addMonths(day: LocalDate, n: number): LocalDate {
  const [y, m] = day.split('-').map(Number);
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01` as LocalDate;
}

/**
 * A year of hourly usage from 12 monthly totals (kWh, decimal strings) spread over a typical shape,
 * from local midnight of `from` (the first of a month) in `timeZone`. Each month sums exactly to its total.
 */
export function monthlyUsage(
  monthlyKwh: readonly string[],
  shape: readonly number[],
  from: LocalDate,
  timeZone: string,
): { series: IntervalSeries; to: LocalDate } {
  const wh: number[] = [];
  for (let k = 0; k < monthlyKwh.length; k++) {
    const start = addMonths(from, k);
    const hours = Math.round((startOfLocalDate(addMonths(from, k + 1), timeZone) - startOfLocalDate(start, timeZone)) / 3_600_000);
    const total = Number(new Big(monthlyKwh[k]).times(1000).round(0, Big.roundHalfUp).toFixed(0));
    wh.push(...spread(total, monthWeights(shape, Number(start.slice(5, 7)) - 1, hours)));
  }
  return { series: { start: new Date(startOfLocalDate(from, timeZone)).toISOString(), intervalMinutes: 60, wh }, to: addMonths(from, monthlyKwh.length) };
}

/** The local dates an interval series covers in a zone: its first day and the day after its last. */
export function datesOf(series: IntervalSeries, timeZone: string): { from: LocalDate; to: LocalDate } {
  const start = Date.parse(series.start);
  const end = start + series.wh.length * series.intervalMinutes * 60_000;
  return { from: localDateOf(new Date(start), timeZone) as LocalDate, to: addDays(localDateOf(new Date(end - 1), timeZone) as LocalDate, 1) as LocalDate };
}

/** A tariff of the catalog, as libs/rating rates it. */
export interface QuotedTariff {
  code: string;
  name: string;
  tariff: Tariff;
}

/** One tariff's bills for the usage. */
export interface Quote {
  tariffCode: string;
  name: string;
  currency: string;
  from: LocalDate;
  to: LocalDate;
  total: string;
  /** The total for 365 days of such usage (the total itself when the usage is a year). */
  annualTotal: string;
  /** `total` less the current tariff's (null without a current tariff): negative saves. */
  differenceToCurrent: string | null;
  bills: readonly SimulatedBill[];
}

/**
 * Rates the usage on each tariff, calendar month by calendar month as bills would be, and ranks them
 * cheapest first, each with the difference to the current tariff. Pure.
 * @throws RuleViolation 422 when a tariff has no version in force over the usage, or refuses it (naming the field).
 */
export function compareTariffs(
  tariffs: readonly QuotedTariff[],
  usage: Usage,
  account: AccountAttributes,
  datesFor: (t: QuotedTariff) => { from: LocalDate; to: LocalDate },
  currentCode?: string,
): Quote[] {
  const quotes = tariffs.map((t): Quote => {
    const { from, to } = datesFor(t);
    let result;
    try {
      result = rateCalendarMonths({ tariff: t.tariff, usage, account, from, to });
    } catch (e) {
      if (!(e instanceof RatingInputError)) throw e;
      if (e.code === 'inconsistent-input' && e.field === 'tariff.versions')
        throw new RuleViolation('tariff-not-in-force', `${t.code} has no published version in force over ${from}..${to}`);
      throw new RuleViolation('usage-not-rated', `${t.code}: ${e.message}`);
    }
    const days = daysBetween(from, to);
    const annual = days === 365 || days === 366 ? new Big(result.total) : new Big(result.unroundedTotal).times(365).div(days);
    return {
      tariffCode: t.code,
      name: t.name,
      currency: result.currency,
      from,
      to,
      total: result.total,
      annualTotal: formatMoney(annual, result.currency),
      differenceToCurrent: null,
      bills: result.bills,
    };
  });
  const current = currentCode === undefined ? undefined : quotes.find((q) => q.tariffCode === currentCode);
  return (
    quotes
      // A difference is only said between amounts of one currency.
      .map((q) =>
        current && current.currency === q.currency ? { ...q, differenceToCurrent: formatMoney(new Big(q.total).minus(current.total), q.currency) } : q,
      )
      .sort((a, b) => new Big(a.total).cmp(b.total) || a.tariffCode.localeCompare(b.tariffCode))
  );
}
