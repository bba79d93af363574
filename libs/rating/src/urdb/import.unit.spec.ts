import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FIXTURES_DIR, series } from '../__fixtures__/tariffs';
import { RatingInputError } from '../errors';
import { rate } from '../rate';
import { importUrdbRate } from './import';

const urdb = (file: string) => JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'urdb', file), 'utf8'));
const flatLoad = (start: string, hoursCount: number, kw: number) => series(start, 60, hoursCount, kw * 1000);

describe('URDB import', () => {
  it('imports the REopt multi-tier rate: daily customer charge, seasonal tiered energy, tiered TOU demand', () => {
    const t = importUrdbRate(urdb('reopt-multi-tier-urdb-response.json'), { timeZone: 'UTC' });
    // July 2018, flat 50 kW: 37 200 kWh in energy period 1 (summer): 20 000 × 0.078891 + 17 200 × 0.06 = 2609.82;
    // demand period 1: 50 kW × 24.368 = 1218.40; customer charge 3.298 × 31 days = 102.238.
    const r = rate({ tariff: t, period: { start: '2018-07-01', end: '2018-08-01' }, usage: { load: flatLoad('2018-07-01T00:00:00Z', 31 * 24, 50) } });
    expect(r.lines.map((l) => [l.component, l.quantity, l.unroundedAmount])).toEqual([
      ['fixed', '31', '102.238'],
      ['energy', '20000', '1577.82'],
      ['energy', '17200', '1032'],
      ['demand', '50', '1218.4'],
    ]);
    expect(r.total).toBe('3930.46');
  });

  it('imports the REopt tiered energy and demand scenario', () => {
    const t = importUrdbRate(urdb('reopt-tiered-tou-demand-scenario.json').ElectricTariff.urdb_response, { timeZone: 'UTC' });
    // January 2018, flat 100 kW: 74 400 kWh: 40 000 × 0.1 + 34 400 × 0.12 = 8128; demand (100 - 50) × 12 = 600.
    const r = rate({ tariff: t, period: { start: '2018-01-01', end: '2018-02-01' }, usage: { load: flatLoad('2018-01-01T00:00:00Z', 31 * 24, 100) } });
    expect(r.unroundedTotal).toBe('8728');
  });

  it('maps units, adjustments, sell rates, minimums and lookback fields', () => {
    const t = importUrdbRate(
      {
        energyratestructure: [[{ rate: 0.1, adj: 0.01, max: 10, unit: 'kWh daily', sell: 0.03 }, { rate: 0.2 }]],
        fixedchargefirstmeter: 5,
        fixedchargeunits: '$/month',
        mincharge: 100,
        minchargeunits: '$/year',
        flatdemandstructure: [[{ rate: 8 }]],
        flatdemandmonths: new Array(12).fill(0),
        lookbackpercent: 0.75,
        lookbackrange: 11,
      },
      { timeZone: 'America/Denver', id: 'x' },
    );
    const v = t.versions[0];
    expect(v.energy?.periods[0].tiers).toEqual([{ rate: '0.11', upTo: '10', basis: 'day', sell: '0.03' }, { rate: '0.2' }]);
    expect(v.minimum).toEqual({ annual: '100' });
    expect(v.demand?.ratchet).toEqual({ percent: '75', months: 11 });
    expect(v.fixed).toEqual([{ description: 'Customer charge', amount: '5', per: 'month' }]);
  });

  const valid = { energyratestructure: [[{ rate: 0.1 }]] };
  const twelve = (x: unknown) => new Array(12).fill(x);
  const sched = (p: number) => twelve(new Array(24).fill(p));
  it.each<[string, Record<string, unknown>, string]>([
    ['energyratestructure', { energyratestructure: 'x' }, 'energyratestructure must be an array'],
    ['energyratestructure[0]', { energyratestructure: [[]] }, 'energyratestructure[0] must be a non-empty array'],
    [
      'energyratestructure[1][0].rate',
      { energyratestructure: [[{ rate: 0.1 }], [{ rate: 'cheap' }]], energyweekdayschedule: sched(0), energyweekendschedule: sched(0) },
      'energyratestructure[1][0].rate must be a decimal number',
    ],
    ['energyratestructure[0][0].rate missing', { energyratestructure: [[{ unit: 'kWh' }]] }, 'energyratestructure[0][0].rate is required'],
    ['energyratestructure[0][0].adj', { energyratestructure: [[{ rate: 0.1, adj: 'x' }]] }, 'energyratestructure[0][0].adj must be a decimal number'],
    [
      'energyratestructure[0][0].unit',
      { energyratestructure: [[{ rate: 0.1, max: 5, unit: 'therms' }, { rate: 0.2 }]] },
      'energyratestructure[0][0].unit must be one of',
    ],
    [
      'energyratestructure[0][0].max',
      { energyratestructure: [[{ rate: 0.1 }, { rate: 0.2 }]] },
      'energyratestructure[0][0].max must be set on every tier but the last',
    ],
    [
      'energyratestructure[0][1].max',
      { energyratestructure: [[{ rate: 0.1, max: 10 }, { rate: 0.2, max: 5 }, { rate: 0.3 }]] },
      "energyratestructure[0][1].max must be greater than the previous tier's limit",
    ],
    ['energyratestructure[0][0].sell', { energyratestructure: [[{ rate: 0.1, sell: 'x' }]] }, 'energyratestructure[0][0].sell must be a decimal number'],
    ['energyweekdayschedule missing', { energyratestructure: [[{ rate: 0.1 }], [{ rate: 0.2 }]] }, 'energyweekdayschedule is required'],
    [
      'energyweekdayschedule shape',
      { energyratestructure: [[{ rate: 0.1 }]], energyweekdayschedule: [[0]], energyweekendschedule: sched(0) },
      'energyweekdayschedule must be 12 rows',
    ],
    [
      'energyweekendschedule[0][0]',
      { energyratestructure: [[{ rate: 0.1 }]], energyweekdayschedule: sched(0), energyweekendschedule: sched(3) },
      'energyweekendschedule[0][0] must be a period index from 0 to 0',
    ],
    [
      'demandratestructure[0][0].rate',
      { demandratestructure: [[{ rate: null }]], demandweekdayschedule: sched(0), demandweekendschedule: sched(0) },
      'demandratestructure[0][0].rate is required',
    ],
    [
      'demandratestructure[0][0].unit',
      { demandratestructure: [[{ rate: 1, unit: 'hp' }]], demandweekdayschedule: sched(0), demandweekendschedule: sched(0) },
      'demandratestructure[0][0].unit must be one of',
    ],
    ['demandweekendschedule', { demandratestructure: [[{ rate: 1 }]], demandweekdayschedule: sched(0) }, 'demandweekendschedule is required'],
    ['flatdemandstructure[0][0].rate', { flatdemandstructure: [[{ rate: '1,5' }]] }, 'flatdemandstructure[0][0].rate must be a decimal number'],
    ['flatdemandmonths', { flatdemandstructure: [[{ rate: 1 }], [{ rate: 2 }]] }, 'flatdemandmonths is required'],
    [
      'flatdemandmonths[3]',
      { flatdemandstructure: [[{ rate: 1 }]], flatdemandmonths: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
      'flatdemandmonths[3] must be a period index from 0 to 0',
    ],
    ['fixedchargefirstmeter', { ...valid, fixedchargefirstmeter: 'ten' }, 'fixedchargefirstmeter must be a decimal number'],
    ['fixedchargeunits', { ...valid, fixedchargefirstmeter: 10, fixedchargeunits: '$/week' }, 'fixedchargeunits must be one of'],
    ['mincharge', { ...valid, mincharge: -1 }, 'mincharge must be a decimal number >= 0'],
    ['minchargeunits', { ...valid, mincharge: 1, minchargeunits: 'USD' }, 'minchargeunits must be one of'],
    ['annualmincharge', { ...valid, annualmincharge: 'x' }, 'annualmincharge must be a decimal number'],
    ['lookbackpercent', { ...valid, lookbackpercent: 'most' }, 'lookbackpercent must be a decimal number'],
    ['lookbackrange', { ...valid, lookbackpercent: 0.5, lookbackrange: 1.5 }, 'lookbackrange must be an integer'],
    ['lookbackmonths', { ...valid, lookbackpercent: 0.5, lookbackmonths: [true] }, 'lookbackmonths must be 12 rows'],
    ['lookbackmonths[2]', { ...valid, lookbackpercent: 0.5, lookbackmonths: [1, 1, 'yes', 0, 0, 0, 0, 0, 0, 0, 0, 0] }, 'lookbackmonths[2] must be a boolean'],
  ])('a malformed %s is refused with a message naming it', (_name, rateObject, message) => {
    let error: unknown;
    try {
      importUrdbRate(rateObject, { timeZone: 'UTC' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RatingInputError);
    expect((error as Error).message).toContain(message);
  });

  it('nets net-metering kWh per TOU period, as NREL SAM does for URDB rates', () => {
    const t = importUrdbRate(urdb('reopt-multi-tier-urdb-response.json'), { timeZone: 'UTC' });
    expect(t.versions[0].netMetering).toEqual({ netting: 'per-period' });
  });

  it('refuses a rate that is not an object and an unknown time zone', () => {
    expect(() => importUrdbRate([], { timeZone: 'UTC' })).toThrow('rate must be an object');
    expect(() => importUrdbRate(valid, { timeZone: 'Nowhere' })).toThrow('timeZone must be an IANA time zone');
  });
});
