import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FIXTURES_DIR } from '../__fixtures__/tariffs';
import { RatingInputError } from '../errors';
import { parseScenario, simulateScenario, withinTolerance } from './scenario';

const RATING_DIR = path.join(FIXTURES_DIR, 'rating');
const scenarioFiles = readdirSync(RATING_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('corpus scenarios', () => {
  it('the corpus holds scenarios', () => {
    expect(scenarioFiles.length).toBeGreaterThan(0);
  });

  it.each(scenarioFiles)('%s is within its tolerance', (file) => {
    const json = JSON.parse(readFileSync(path.join(RATING_DIR, file), 'utf8'));
    const scenario = parseScenario(json);
    const read = (f: string) => readFileSync(path.resolve(RATING_DIR, f), 'utf8');
    const result = simulateScenario(scenario, {
      load: read(scenario.load.file),
      ...(scenario.generation && scenario.metering !== 'none' ? { generation: read(scenario.generation.file) } : {}),
    });
    expect({ file, unroundedTotal: result.unroundedTotal, within: scenario.expected !== undefined && withinTolerance(result, scenario.expected) }).toEqual({
      file,
      unroundedTotal: result.unroundedTotal,
      within: true,
    });
    // The printed total is the sum of the bills' rounded totals.
    expect(result.bills.reduce((s, b) => s + Math.round(Number(b.total) * 100), 0)).toBe(Math.round(Number(result.total) * 100));
  });
});

describe('scenario simulation', () => {
  const base = {
    name: 'small',
    currency: 'USD',
    tariff: { format: 'urdb', rate: { energyratestructure: [[{ rate: 0.1, sell: 0.04 }]], fixedchargefirstmeter: 10, fixedchargeunits: '$/month' } },
    calendar: { start: '2025-01-31T00:00:00', timeZone: 'America/New_York' },
    load: { file: 'load.csv', intervalMinutes: 60, unit: 'kW' },
    metering: 'none',
    billingPeriod: 'calendar-month',
  };

  it('bills each calendar month the profile covers, prorating partial months', () => {
    // 48 hours from Jan 31 local midnight: one day of January, one of February.
    const result = simulateScenario(parseScenario(base), { load: '1\n'.repeat(48) });
    expect(result.bills.map((b) => [b.periodStart, b.periodEnd, b.total])).toEqual([
      ['2025-01-31', '2025-02-01', '2.72'], // 10 × 1/31 + 24 × 0.1
      ['2025-02-01', '2025-02-02', '2.76'], // 10 × 1/28 + 2.4
    ]);
    expect(result.total).toBe('5.48');
  });

  it('nets generation per interval under net billing, resampling an hourly profile to 15 minutes', () => {
    const scenario = parseScenario({
      ...base,
      metering: 'net-billing',
      calendar: { start: '2025-06-01T00:00:00', timeZone: 'UTC' },
      load: { file: 'l.csv', intervalMinutes: 15, unit: 'kW' },
      generation: { file: 'g.csv', intervalMinutes: 60, unit: 'kW' },
    });
    // 1 kW load for 2 h; 3 kW generation in hour 2: 1 kWh imported, 2 kWh exported.
    const result = simulateScenario(scenario, { load: '1\n'.repeat(8), generation: '0\n3\n' });
    expect(result.bills[0].lines.map((l) => [l.component, l.quantity, l.amount])).toEqual([
      ['fixed', '0.033333', '0.33'],
      ['energy', '1', '0.10'],
      ['export-credit', '2', '-0.08'],
    ]);
  });

  describe('hourly load and 15-minute generation, worked by hand under each metering mode', () => {
    // Hour 1: 1 kW load; the inverter draws 0.4 kW for half an hour (-0.1 kWh a quarter, 0.2 kWh).
    // Hour 2: 2 kW load; generation 4, 4, 0, 8 kW (1 + 1 + 0 + 2 = 4 kWh).
    // Per quarter hour the load holds its hourly kW: 0.25 kWh in hour 1, 0.5 kWh in hour 2.
    const load = '1\n2\n';
    const generation = '-0.4\n-0.4\n0\n0\n4\n4\n0\n8\n';
    const simulate = (metering: string, loadText = load) =>
      simulateScenario(
        parseScenario({
          ...base,
          tariff: { format: 'urdb', rate: { energyratestructure: [[{ rate: 0.1, sell: 0.04 }]] } },
          calendar: { start: '2025-06-01T00:00:00', timeZone: 'UTC' },
          generation: { file: 'g.csv', intervalMinutes: 15, unit: 'kW' },
          metering,
        }),
        { load: loadText, generation },
      );
    const lines = (metering: string) => simulate(metering).bills[0].lines.map((l) => [l.component, l.quantity, l.unroundedAmount]);

    it('none: the 3 kWh of load, generation ignored', () => {
      expect(lines('none')).toEqual([['energy', '3', '0.3']]);
    });

    it("buy-all/sell-all: 3 kWh of load and the inverter's 0.2 kWh bought, the 4 kWh generated sold", () => {
      expect(lines('buy-all-sell-all')).toEqual([
        ['energy', '3.2', '0.32'],
        ['export-credit', '4', '-0.16'],
      ]);
    });

    it('net billing: netted each quarter hour, 1.2 + 0.5 kWh bought, 0.5 + 0.5 + 1.5 kWh sold', () => {
      expect(lines('net-billing')).toEqual([
        ['energy', '1.7', '0.17'],
        ['export-credit', '2.5', '-0.1'],
      ]);
    });

    it('net metering: netted each quarter hour, then the month: with 3 kW in hour 1, 3.2 + 0.5 kWh bought less 2.5 kWh sent', () => {
      const result = simulate('net-metering', '3\n2\n');
      expect(result.bills[0].lines.map((l) => [l.component, l.quantity, l.unroundedAmount])).toEqual([['energy', '1.2', '0.12']]);
      // With the first load, 0.8 kWh more is sent than bought: nothing is billed (the bank keeps it).
      expect(simulate('net-metering').bills[0].lines).toEqual([]);
    });
  });

  const field = (mutate: (s: Record<string, unknown>) => void): string => {
    const s = JSON.parse(JSON.stringify(base));
    mutate(s);
    try {
      parseScenario(s);
    } catch (e) {
      if (e instanceof RatingInputError) return e.message;
      throw e;
    }
    return 'valid';
  };

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutators reach into an untyped scenario object
  it.each<[string, (s: Record<string, any>) => void, string]>([
    ['scenario', (s) => Object.keys(s).forEach((k) => delete s[k]), 'calendar must be an object'],
    [
      'name',
      (s) => {
        s.name = 5;
      },
      'name must be a string',
    ],
    [
      'currency',
      (s) => {
        s.currency = 'dollars';
      },
      'currency must be an ISO 4217 currency code',
    ],
    [
      'calendar',
      (s) => {
        delete s.calendar;
      },
      'calendar must be an object',
    ],
    [
      'calendar.start',
      (s) => {
        s.calendar.start = '2025-02-30T00:00:00';
      },
      'calendar.start must be a local date-time',
    ],
    [
      'calendar.timeZone',
      (s) => {
        s.calendar.timeZone = 'EST5';
      },
      'calendar.timeZone must be an IANA time zone',
    ],
    [
      'tariff',
      (s) => {
        s.tariff = 'urdb';
      },
      'tariff must be an object',
    ],
    [
      'tariff.format',
      (s) => {
        s.tariff.format = 'sam';
      },
      'tariff.format must be one of "urdb"',
    ],
    [
      'tariff.rate',
      (s) => {
        delete s.tariff.rate;
      },
      'tariff.rate must be an object',
    ],
    [
      'tariff.rate.energyratestructure[0][0].rate',
      (s) => {
        s.tariff.rate.energyratestructure[0][0].rate = 'x';
      },
      'tariff.rate.energyratestructure[0][0].rate must be a decimal number',
    ],
    [
      'load',
      (s) => {
        delete s.load;
      },
      'load must be an object',
    ],
    [
      'load.file',
      (s) => {
        s.load.file = 3;
      },
      'load.file must be a string',
    ],
    [
      'load.intervalMinutes',
      (s) => {
        s.load.intervalMinutes = 0;
      },
      'load.intervalMinutes must be a positive integer',
    ],
    [
      'load.unit',
      (s) => {
        s.load.unit = 'MW';
      },
      'load.unit must be one of "kW", "kWh"',
    ],
    [
      'generation.intervalMinutes',
      (s) => {
        s.generation = { file: 'g', intervalMinutes: 45.5, unit: 'kW' };
      },
      'generation.intervalMinutes must be a positive integer',
    ],
    [
      'metering',
      (s) => {
        s.metering = 'feed-in';
      },
      'metering must be one of',
    ],
    [
      'billingPeriod',
      (s) => {
        s.billingPeriod = 'quarter';
      },
      'billingPeriod must be one of "calendar-month"',
    ],
    [
      'expected.total',
      (s) => {
        s.expected = { total: 'lots', tolerance: '0.1' };
      },
      'expected.total must be a decimal number',
    ],
    [
      'expected.tolerance',
      (s) => {
        s.expected = { total: '1', tolerance: [] };
      },
      'expected.tolerance must be a decimal number',
    ],
  ])('a malformed %s is refused with a message naming it', (_name, mutate, message) => {
    expect(field(mutate)).toContain(message);
  });

  it('refuses generation that does not cover the load span', () => {
    const scenario = parseScenario({ ...base, metering: 'net-billing', generation: { file: 'g', intervalMinutes: 60, unit: 'kW' } });
    expect(() => simulateScenario(scenario, { load: '1\n1\n', generation: '1\n' })).toThrow('generation.file must cover the same time span as the load');
  });
});
