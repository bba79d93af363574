import * as fs from 'node:fs';
import * as path from 'node:path';
import { type BillingHistory, type MeteringMode, type PeakRecord, profileValues, rate, type Tariff, toWattHours, type Usage } from '@utilia/rating';
import { SEED_CATALOG, type SeedTariff } from './catalog';

/** The reference corpus' load profiles (one average-kW value per line), see fixtures/loads/README.md. */
const LOADS = path.resolve(__dirname, '../../../../fixtures/loads');
const readKw = (file: string): string[] => profileValues(fs.readFileSync(path.join(LOADS, file), 'utf8'), file);

/** 2026-01-01 00:00 in Los Angeles (PST, UTC-8): the profiles' first hour, read as if the year were 2026. */
const YEAR_START = '2026-01-01T08:00:00Z';
const MONTHS = Array.from({ length: 12 }, (_, m) => m + 1);
const localDate = (year: number, month: number): string => `${year}-${String(month).padStart(2, '0')}-01`;

/** An hourly kW profile as integer Wh per hour. */
const hourlyWh = (kw: readonly string[]): number[] => kw.map((v) => Math.round(Number(v) * 1000));

const residentialKw = readKw('ssc-residential-load-hourly.csv');
const residentialLoad: Usage = { load: { start: YEAR_START, intervalMinutes: 60, wh: hourlyWh(residentialKw) } };
const commercialLoad: Usage = { load: { start: YEAR_START, intervalMinutes: 60, wh: hourlyWh(readKw('ssc-commercial-load-hourly.csv')) } };
// The corpus has its PV profile only in 15-minute steps: the hourly home load is spread over the quarter hours
// (an average kW holds for its whole hour) so load and generation share one grid, as the scenario runner does.
const residentialWithPv: Usage = {
  load: { start: YEAR_START, intervalMinutes: 15, wh: toWattHours(residentialKw, 'kW', 60, 15) },
  generation: { start: YEAR_START, intervalMinutes: 15, wh: toWattHours(readKw('ssc-residential-pv-15min.csv'), 'kW', 15, 15) },
};

/** How the solar tariffs meter generation. */
const SOLAR_METERING: Readonly<Record<string, MeteringMode>> = { 'E-RES-TOU-NB': 'net-billing', 'E-RES-TOU-BASS': 'buy-all-sell-all' };

/** The libs/rating tariff the service builds from a seed tariff. */
function toTariff(seed: SeedTariff): Tariff {
  return {
    id: seed.code,
    name: seed.name,
    currency: seed.currency,
    timeZone: seed.timeZone,
    versions: seed.versions.map((v) => ({
      id: `${seed.code}@${v.effectiveFrom}`,
      effectiveFrom: v.effectiveFrom,
      ...(v.effectiveTo === undefined ? {} : { effectiveTo: v.effectiveTo }),
      ...v.definition,
    })),
  };
}

/** Cents of a rounded money string such as `"-12.34"`. */
function cents(amount: string): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(amount);
  if (!m) throw new Error(`not a USD amount: ${amount}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
}

interface Year {
  readonly totalCents: number;
  readonly monthlyCents: readonly number[];
  readonly versionIds: ReadonlySet<string>;
}

/** Rates each calendar month of 2026, carrying peaks, the bank and the year's charges from bill to bill. */
function rateYear(tariff: Tariff, usage: Usage, metering: MeteringMode = 'none', flags?: Record<string, boolean>): Year {
  const monthlyCents: number[] = [];
  const versionIds = new Set<string>();
  const peaks: PeakRecord[] = [];
  let history: BillingHistory = {};
  for (const month of MONTHS) {
    const start = localDate(2026, month);
    const end = month === 12 ? localDate(2027, 1) : localDate(2026, month + 1);
    const bill = rate({ tariff, period: { start, end }, usage, account: { metering, ...(flags ? { flags } : {}) }, history });
    if (bill.carryOver.peak) peaks.push(bill.carryOver.peak);
    history = {
      peaks: [...peaks],
      netMeteringBankKwh: bill.carryOver.netMeteringBankKwh,
      ...(bill.carryOver.netMeteringBankKwhByPeriod ? { netMeteringBankKwhByPeriod: bill.carryOver.netMeteringBankKwhByPeriod } : {}),
      yearToDateCharges: bill.carryOver.yearToDateCharges,
    };
    monthlyCents.push(cents(bill.total));
    for (const line of bill.lines) versionIds.add(line.versionId);
  }
  return { totalCents: monthlyCents.reduce((a, b) => a + b, 0), monthlyCents, versionIds };
}

const electricity = SEED_CATALOG.filter((t) => t.commodity === 'electricity');
const residential = electricity.filter((t) => t.customerClass === 'residential');
const nonResidential = electricity.filter((t) => t.customerClass !== 'residential');
const withSellRates = SEED_CATALOG.filter((t) =>
  t.versions.some((v) => v.definition.energy?.periods.some((p) => p.tiers.some((tier) => tier.sell !== undefined))),
);

describe('the seed tariff catalog', () => {
  it('offers the residential flat, tiered, seasonal TOU, EV, net-billing and buy-all/sell-all tariffs, a commercial demand tariff and a water base charge', () => {
    expect(SEED_CATALOG.map((t) => t.code)).toEqual([
      'E-RES-FLAT',
      'E-RES-TIER',
      'E-RES-TOU-C',
      'E-RES-TOU-PRIME',
      'E-RES-EV-TOU',
      'E-RES-TOU-NB',
      'E-RES-TOU-BASS',
      'C-TOU-DEMAND',
      'W-RES-BASE',
    ]);
  });

  it('gives every tariff a unique code of at most 50 upper-case letters, digits and hyphens', () => {
    const codes = SEED_CATALOG.map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[A-Z0-9-]{1,50}$/);
  });

  it.each(SEED_CATALOG.map((t) => [t.code, t] as const))('%s names its utility, currency, zone and the real tariff its prices come from', (_, t) => {
    expect(t.utility).toBe('Utilia Demo Power & Water');
    expect(t.currency).toBe('USD');
    expect(t.timeZone).toBe('America/Los_Angeles');
    expect(['electricity', 'water']).toContain(t.commodity);
    expect(t.name.length).toBeGreaterThan(0);
    expect(t.description.length).toBeGreaterThan(0);
    expect(t.source).toMatch(/modelled on/i);
  });

  it.each(SEED_CATALOG.map((t) => [t.code, t] as const))('%s is in force without a gap from 1 January 2026 on, its last version open-ended', (_, t) => {
    expect(t.versions.length).toBeGreaterThan(0);
    expect(t.versions[0].effectiveFrom).toBe('2026-01-01');
    t.versions.forEach((v, i) => {
      expect(v.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (i < t.versions.length - 1) expect(v.effectiveTo).toBe(t.versions[i + 1].effectiveFrom);
      else expect(v.effectiveTo).toBeUndefined();
    });
  });

  it('shows a version history: E-RES-TOU-C changes on 1 March 2026, when the base services charge starts', () => {
    const touC = SEED_CATALOG.find((t) => t.code === 'E-RES-TOU-C') as SeedTariff;
    expect(touC.versions.map((v) => [v.effectiveFrom, v.effectiveTo])).toEqual([
      ['2026-01-01', '2026-03-01'],
      ['2026-03-01', undefined],
    ]);
    expect(touC.versions[0].definition.fixed).toBeUndefined();
    expect(touC.versions[1].definition.fixed).toEqual([{ description: 'Base services charge', amount: '24.15', per: 'month' }]);
  });

  it('writes every price as a decimal string, never a JS number', () => {
    const numbers: string[] = [];
    const walk = (value: unknown, at: string): void => {
      if (typeof value === 'number' && /(rate|sell|upTo|amount|value|percent|monthly|daily|annual|surplusRate)$/.test(at)) numbers.push(at);
      if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
    };
    SEED_CATALOG.forEach((t) => walk(t.versions, t.code));
    expect(numbers).toEqual([]);
  });

  it('meters every tariff that has export prices with a known metering mode', () => {
    expect(withSellRates.map((t) => t.code).sort()).toEqual(Object.keys(SOLAR_METERING).sort());
  });

  describe.each(residential.map((t) => [t.code, t] as const))('%s on a year of the reference home (about 6,000 kWh)', (_, seed) => {
    let year: Year;
    beforeAll(() => {
      year = rateYear(toTariff(seed), residentialLoad);
    });

    it('bills every month a positive amount, each version pricing its own months', () => {
      for (const month of year.monthlyCents) expect(month).toBeGreaterThan(0);
      expect([...year.versionIds].sort()).toEqual(seed.versions.map((v) => `${seed.code}@${v.effectiveFrom}`).sort());
    });

    it('comes to an annual bill between $600 and $4,000', () => {
      expect(year.totalCents).toBeGreaterThanOrEqual(600_00);
      expect(year.totalCents).toBeLessThanOrEqual(4000_00);
    });
  });

  describe.each(withSellRates.map((t) => [t.code, t] as const))('%s for the reference home with its rooftop solar', (code, seed) => {
    it('bills less over the year than without the solar, and still a positive amount', () => {
      const tariff = toTariff(seed);
      const withPv = rateYear(tariff, residentialWithPv, SOLAR_METERING[code]);
      const without = rateYear(tariff, residentialLoad);
      expect(withPv.totalCents).toBeLessThan(without.totalCents);
      expect(withPv.totalCents).toBeGreaterThan(0);
    });
  });

  describe.each(nonResidential.map((t) => [t.code, t] as const))('%s on a year of the reference business (about 726 MWh, 274 kW peak)', (_, seed) => {
    let year: Year;
    beforeAll(() => {
      year = rateYear(toTariff(seed), commercialLoad);
    });

    it('bills every month a positive amount', () => {
      for (const month of year.monthlyCents) expect(month).toBeGreaterThan(0);
      expect([...year.versionIds].sort()).toEqual(seed.versions.map((v) => `${seed.code}@${v.effectiveFrom}`).sort());
    });

    it('averages between 10 and 50 cents per kWh over the year, demand charges included', () => {
      const kwh = (commercialLoad.load?.wh as number[]).reduce((a, b) => a + b, 0) / 1000;
      expect(year.totalCents / 100 / kwh).toBeGreaterThan(0.1);
      expect(year.totalCents / 100 / kwh).toBeLessThan(0.5);
    });
  });

  it('takes the CARE discount off the tiered bill of an income-qualified household', () => {
    const tiered = toTariff(SEED_CATALOG.find((t) => t.code === 'E-RES-TIER') as SeedTariff);
    const standard = rateYear(tiered, residentialLoad);
    const care = rateYear(tiered, residentialLoad, 'none', { lowIncome: true });
    expect(care.totalCents).toBeLessThan(standard.totalCents);
  });

  it('bills the water base charge each month, whatever the water used', () => {
    const water = toTariff(SEED_CATALOG.find((t) => t.code === 'W-RES-BASE') as SeedTariff);
    const june = rate({ tariff: water, period: { start: '2026-06-01', end: '2026-07-01' }, usage: { registers: { kwh: '0' } } });
    expect(june.lines.map((l) => [l.component, l.amount])).toEqual([['fixed', '32.50']]);
  });
});
