/** Test fixtures: small tariffs and usage series that are easy to work by hand. Not part of the build. */
import * as path from 'node:path';
import type { IntervalSeries, MonthHourSchedule, RatePeriod, Tariff, TariffVersion } from '../model';

/** The repository's `fixtures/` folder: verbatim copies of the outside reference corpus (see its README.md). */
export const FIXTURES_DIR = path.resolve(__dirname, '../../../../fixtures');

/** A 12 × 24 schedule: `on` between hours [from, to) in every month, else `off`. */
export function hours(from: number, to: number, on = 1, off = 0): MonthHourSchedule {
  return Array.from({ length: 12 }, () => Array.from({ length: 24 }, (_, h) => (h >= from && h < to ? on : off)));
}

/** A schedule with one period everywhere. */
export function everywhere(p = 0): MonthHourSchedule {
  return hours(0, 24, p, p);
}

/** A flat rate period. */
export function flat(rate: string, name?: string, sell?: string): RatePeriod {
  return { ...(name ? { name } : {}), tiers: [{ rate, ...(sell ? { sell } : {}) }] };
}

/** A single-version tariff. */
export function tariff(version: Omit<TariffVersion, 'id'> & { id?: string }, timeZone = 'UTC', currency = 'USD'): Tariff {
  return { id: 't', currency, timeZone, versions: [{ id: 'v1', ...version }] };
}

/** `count` intervals of `minutes` from `start`, each `wh` (a number or a function of the index). */
export function series(start: string, minutes: number, count: number, wh: number | ((i: number) => number)): IntervalSeries {
  return { start, intervalMinutes: minutes, wh: Array.from({ length: count }, (_, i) => (typeof wh === 'number' ? wh : wh(i))) };
}
