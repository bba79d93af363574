import { everywhere, flat, hours, series, tariff } from './__fixtures__/tariffs';
import { RatingInputError } from './errors';
import type { RatingInput, Tariff } from './model';
import { rate } from './rate';

const errorField = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RatingInputError) return e.message;
    throw e;
  }
  throw new Error('no error');
};

describe('rating a bill', () => {
  const june = { start: '2025-06-01', end: '2025-07-01' };
  const kwhPerHour = series('2025-06-01T00:00:00Z', 60, 30 * 24, 1000);

  it('a flat tariff charges the customer charge plus kWh × rate', () => {
    const t = tariff({ fixed: [{ amount: '10', per: 'month' }], energy: { tierPolicy: 'per-period', periods: [flat('0.2')] } });
    const r = rate({ tariff: t, period: june, usage: { load: kwhPerHour } });
    // 10 + 720 kWh × 0.2 = 154
    expect(r.total).toBe('154.00');
    expect(r.lines.map((l) => [l.component, l.quantity, l.amount])).toEqual([
      ['fixed', '1', '10.00'],
      ['energy', '720', '144.00'],
    ]);
    expect(r.trace.length).toBeGreaterThan(0);
  });

  it('a TOU tariff prices weekday evening hours at the on-peak rate and weekends off-peak', () => {
    const t = tariff({
      energy: {
        tierPolicy: 'total-usage-proportional',
        periods: [flat('0.1', 'off-peak'), flat('0.3', 'on-peak')],
        schedule: { weekday: hours(16, 21), weekend: everywhere(0) },
      },
    });
    const r = rate({ tariff: t, period: june, usage: { load: kwhPerHour } });
    // June 2025 has 21 weekdays: on-peak 21 × 5 = 105 kWh; off-peak 615 kWh.
    expect(r.lines.map((l) => [l.touPeriodName, l.quantity])).toEqual([
      ['off-peak', '615'],
      ['on-peak', '105'],
    ]);
    expect(r.unroundedTotal).toBe('93'); // 61.5 + 31.5
  });

  it('hours are read in local time: a New York March has 743 hours and DST moves the peak by an hour', () => {
    const t = tariff(
      {
        energy: {
          tierPolicy: 'per-period',
          periods: [flat('0.1', 'off-peak'), flat('0.3', 'on-peak')],
          schedule: { weekday: hours(16, 21), weekend: everywhere(0) },
        },
      },
      'America/New_York',
    );
    // 2025-03-01 00:00 EST = 05:00Z; April 1 00:00 EDT = 04:00Z: 743 elapsed hours.
    const r = rate({ tariff: t, period: { start: '2025-03-01', end: '2025-04-01' }, usage: { load: series('2025-03-01T05:00:00Z', 60, 800, 1000) } });
    expect(r.lines.map((l) => l.quantity)).toEqual(['638', '105']); // 21 weekdays × 5 on-peak hours
  });

  it('a tariff version change inside the period splits it and prorates each part', () => {
    const t: Tariff = {
      id: 't',
      currency: 'USD',
      timeZone: 'UTC',
      versions: [
        { id: 'old', effectiveTo: '2025-01-16', fixed: [{ amount: '31', per: 'month' }], energy: { tierPolicy: 'per-period', periods: [flat('0.1')] } },
        { id: 'new', effectiveFrom: '2025-01-16', fixed: [{ amount: '62', per: 'month' }], energy: { tierPolicy: 'per-period', periods: [flat('0.2')] } },
      ],
    };
    const r = rate({ tariff: t, period: { start: '2025-01-01', end: '2025-02-01' }, usage: { load: series('2025-01-01T00:00:00Z', 60, 31 * 24, 1000) } });
    // old: 31 × 15/31 = 15 and 360 kWh × 0.1 = 36; new: 62 × 16/31 = 32 and 384 kWh × 0.2 = 76.8
    expect(r.lines.map((l) => [l.versionId, l.component, l.amount, l.from, l.to])).toEqual([
      ['old', 'fixed', '15.00', '2025-01-01', '2025-01-16'],
      ['old', 'energy', '36.00', '2025-01-01', '2025-01-16'],
      ['new', 'fixed', '32.00', '2025-01-16', '2025-02-01'],
      ['new', 'energy', '76.80', '2025-01-16', '2025-02-01'],
    ]);
    expect(r.total).toBe('159.80');
  });

  it('a move-in mid-cycle prorates the customer charge and counts only intervals after it', () => {
    const t = tariff({ fixed: [{ amount: '30', per: 'month' }], energy: { tierPolicy: 'per-period', periods: [flat('0.1')] } });
    const r = rate({
      tariff: t,
      period: { start: '2025-06-21', end: '2025-07-01', cycle: { start: '2025-06-01', end: '2025-07-01' } },
      usage: { load: kwhPerHour },
    });
    // 10 of 30 days: 30 × 1/3 = 10; 240 kWh × 0.1 = 24
    expect(r.lines.map((l) => [l.component, l.amount, l.prorationFactor])).toEqual([
      ['fixed', '10.00', '0.3333333333'],
      ['energy', '24.00', '0.3333333333'],
    ]);
  });

  it('net billing nets each interval: imports at the buy rate, exports credited at the sell rate', () => {
    const t = tariff({ energy: { tierPolicy: 'per-period', periods: [flat('0.2', 'all', '0.05')] } });
    const generation = series('2025-06-01T00:00:00Z', 60, 30 * 24, (i) => (i % 24 >= 10 && i % 24 < 15 ? 1500 : 0));
    const input: RatingInput = { tariff: t, period: june, usage: { load: kwhPerHour, generation }, account: { metering: 'net-billing' } };
    const r = rate(input);
    // imports 19 h × 1 kWh × 30 = 570 kWh × 0.2 = 114; exports 5 × 0.5 × 30 = 75 kWh × 0.05 = 3.75
    expect(r.lines.map((l) => [l.component, l.quantity, l.amount])).toEqual([
      ['energy', '570', '114.00'],
      ['export-credit', '75', '-3.75'],
    ]);
    // buy-all/sell-all: all 720 kWh bought (144), all 225 kWh sold (11.25)
    const all = rate({ ...input, account: { metering: 'buy-all-sell-all' } });
    expect(all.lines.map((l) => l.amount)).toEqual(['144.00', '-11.25']);
  });

  it('net metering banks a surplus month and settles the bank at true-up', () => {
    const t = tariff({ energy: { tierPolicy: 'per-period', periods: [flat('0.2')] }, netMetering: { surplusRate: '0.03' }, settlementMonth: 7 });
    const sunny = series('2025-06-01T00:00:00Z', 60, 30 * 24, (i) => -(i % 24 === 12 ? 30000 : 0) + 1000);
    // June: 690 h × 1 kWh imported, 30 h × 29 kWh exported: net -180 kWh → banked
    const first = rate({ tariff: t, period: june, usage: { load: sunny }, account: { metering: 'net-metering' } });
    expect(first.lines).toEqual([]);
    expect(first.carryOver.netMeteringBankKwh).toBe('180');
    // July (the settlement month): 744 kWh imported, bank 180 offsets → 564 billed; bank empty, nothing to pay out.
    const july = rate({
      tariff: t,
      period: { start: '2025-07-01', end: '2025-08-01' },
      account: { metering: 'net-metering' },
      usage: { load: series('2025-07-01T00:00:00Z', 60, 31 * 24, 1000) },
      history: { netMeteringBankKwh: first.carryOver.netMeteringBankKwh },
    });
    expect(july.lines.map((l) => [l.component, l.quantity, l.amount])).toEqual([['energy', '564', '112.80']]);
    expect(july.carryOver.netMeteringBankKwh).toBe('0');
    // A surplus still in the bank at true-up is paid at the surplus rate.
    const trueUp = rate({
      tariff: t,
      period: { start: '2025-07-01', end: '2025-08-01' },
      account: { metering: 'net-metering' },
      usage: { load: series('2025-07-01T00:00:00Z', 60, 31 * 24, 0) },
      history: { netMeteringBankKwh: '100' },
    });
    expect(trueUp.lines.map((l) => [l.component, l.amount])).toEqual([['net-surplus-credit', '-3.00']]);
  });

  describe('net metering per TOU period (as NREL SAM) or over the whole month', () => {
    const july = { start: '2025-07-01', end: '2025-08-01' };
    const touTariff = (netting: 'per-period' | 'whole-month') =>
      tariff({
        energy: {
          tierPolicy: 'per-period',
          periods: [flat('0.1', 'off-peak'), flat('0.3', 'on-peak')],
          schedule: { weekday: hours(16, 21), weekend: hours(16, 21) },
        },
        netMetering: { surplusRate: '0.03', netting },
        settlementMonth: 7,
      });
    // June: each day 10 kWh sent at noon (off-peak), 1 kWh bought in each of the 5 on-peak evening hours:
    // off-peak -300 kWh, on-peak +150 kWh; the month exports 150 kWh more than it buys.
    const sunnyJune = series('2025-06-01T00:00:00Z', 60, 30 * 24, (i) => (i % 24 === 12 ? -10000 : i % 24 >= 16 && i % 24 < 21 ? 1000 : 0));
    // July: 1 kWh bought in hours 0-9 (off-peak, 310 kWh), 2 kWh sent at 18:00 (on-peak, 62 kWh).
    const july2025 = series('2025-07-01T00:00:00Z', 60, 31 * 24, (i) => (i % 24 < 10 ? 1000 : i % 24 === 18 ? -2000 : 0));
    const lines = (r: ReturnType<typeof rate>) => r.lines.map((l) => [l.component, l.touPeriodName ?? '', l.quantity, l.amount]);

    it("per period: the evening's 150 kWh are billed although the month exports overall; the noon surplus waits in the off-peak bank", () => {
      const t = touTariff('per-period');
      const first = rate({ tariff: t, period: june, usage: { load: sunnyJune }, account: { metering: 'net-metering' } });
      expect(lines(first)).toEqual([['energy', 'on-peak', '150', '45.00']]);
      expect(first.carryOver).toMatchObject({ netMeteringBankKwh: '300', netMeteringBankKwhByPeriod: ['300', '0'] });
      // July, the settlement month: off-peak 310 kWh less its bank of 300 → 10 kWh billed; on-peak 62 kWh
      // surplus banked, then paid at true-up: 62 × 0.03 = 1.86.
      const second = rate({
        tariff: t,
        period: july,
        usage: { load: july2025 },
        account: { metering: 'net-metering' },
        history: { netMeteringBankKwh: first.carryOver.netMeteringBankKwh, netMeteringBankKwhByPeriod: first.carryOver.netMeteringBankKwhByPeriod },
      });
      expect(lines(second)).toEqual([
        ['energy', 'off-peak', '10', '1.00'],
        ['net-surplus-credit', '', '62', '-1.86'],
      ]);
      expect(second.carryOver.netMeteringBankKwh).toBe('0');
      expect(second.carryOver.netMeteringBankKwhByPeriod).toBeUndefined();
    });

    it('over the whole month: June bills nothing and banks 150 kWh, which July spends on its 248 kWh net', () => {
      const t = touTariff('whole-month');
      const first = rate({ tariff: t, period: june, usage: { load: sunnyJune }, account: { metering: 'net-metering' } });
      expect(first.lines).toEqual([]);
      expect(first.carryOver.netMeteringBankKwh).toBe('150');
      const second = rate({
        tariff: t,
        period: july,
        usage: { load: july2025 },
        account: { metering: 'net-metering' },
        history: { netMeteringBankKwh: first.carryOver.netMeteringBankKwh },
      });
      // 310 - 62 = 248 kWh net, less the bank's 150: 98 kWh, all of it off-peak (the only period short).
      expect(lines(second)).toEqual([['energy', 'off-peak', '98', '9.80']]);
    });

    it('a per-period bank cannot hold more than the whole bank', () => {
      expect(
        errorField(() =>
          rate({
            tariff: touTariff('per-period'),
            period: june,
            usage: { load: sunnyJune },
            account: { metering: 'net-metering' },
            history: { netMeteringBankKwh: '10', netMeteringBankKwhByPeriod: ['20', '0'] },
          }),
        ),
      ).toBe('history.netMeteringBankKwhByPeriod must not hold more kWh than history.netMeteringBankKwh, the whole bank');
    });
  });

  it('a demand ratchet bills at least 80 % of the highest of the last 11 months', () => {
    const t = tariff({
      energy: { tierPolicy: 'per-period', periods: [flat('0')] },
      demand: { monthly: { ladders: [flat('10')], monthToLadder: new Array(12).fill(0) }, ratchet: { percent: '80', months: 11 } },
    });
    const r = rate({ tariff: t, period: june, usage: { load: kwhPerHour }, history: { peaks: [{ month: '2025-01', kw: '50' }] } });
    // actual peak 1 kW; ratchet 0.8 × 50 = 40 kW × 10 = 400
    expect(r.lines.map((l) => [l.component, l.quantity, l.amount])).toEqual([['demand', '40', '400.00']]);
    expect(r.carryOver.peak).toEqual({ month: '2025-06', kw: '1' });
  });

  it('tiered TOU demand charges the highest interval in each demand period', () => {
    const t = tariff({
      demand: {
        tou: {
          periods: [
            { name: 'off', tiers: [{ rate: '5' }] },
            { name: 'peak', tiers: [{ rate: '20', upTo: '2' }, { rate: '15' }] },
          ],
          schedule: { weekday: hours(16, 21), weekend: everywhere(0) },
        },
      },
    });
    // 15-minute data: 1000 Wh per 15 min = 4 kW, except one on-peak interval with 1500 Wh = 6 kW
    const load = series('2025-06-02T00:00:00Z', 15, 96, (i) => (i === 70 ? 1500 : 1000));
    const r = rate({ tariff: t, period: { start: '2025-06-02', end: '2025-06-03' }, usage: { load } });
    // off: 4 kW × 5 = 20; peak: 2 × 20 + 4 × 15 = 100
    expect(r.lines.map((l) => [l.touPeriodName, l.quantity, l.amount])).toEqual([
      ['off', '4', '20.00'],
      ['peak', '2', '40.00'],
      ['peak', '4', '60.00'],
    ]);
  });

  it('rounds every line half-up to the cent and totals the rounded lines', () => {
    const t = tariff({ fixed: [{ amount: '10.005', per: 'month' }], energy: { tierPolicy: 'per-period', periods: [flat('0.0149')] } });
    const r = rate({
      tariff: t,
      period: { start: '2025-06-01', end: '2025-06-02', cycle: { start: '2025-06-01', end: '2025-06-02' } },
      usage: { registers: { kwh: '1' } },
    });
    expect(r.lines.map((l) => l.amount)).toEqual(['10.01', '0.01']);
    expect([r.total, r.unroundedTotal]).toEqual(['10.02', '10.0199']);
  });

  it('a monthly minimum tops up a low bill, then taxes apply to the whole', () => {
    const t = tariff({
      energy: { tierPolicy: 'per-period', periods: [flat('0.1')] },
      minimum: { monthly: '20' },
      adjustments: [{ component: 'tax', description: 'Tax', kind: 'percent', value: '5' }],
    });
    const r = rate({ tariff: t, period: june, usage: { registers: { kwh: '100' } } });
    expect(r.lines.map((l) => [l.component, l.amount])).toEqual([
      ['energy', '10.00'],
      ['minimum', '10.00'],
      ['tax', '1.00'],
    ]);
  });

  it('an annual minimum is settled on the settlement month bill', () => {
    const t = tariff({ energy: { tierPolicy: 'per-period', periods: [flat('0.1')] }, minimum: { annual: '500' }, settlementMonth: 6 });
    const r = rate({ tariff: t, period: june, usage: { registers: { kwh: '100' } }, history: { yearToDateCharges: '400' } });
    expect(r.lines.map((l) => [l.component, l.amount])).toEqual([
      ['energy', '10.00'],
      ['annual-minimum', '90.00'],
    ]);
    expect(r.carryOver.yearToDateCharges).toBe('0');
  });

  describe('refuses malformed input, naming the field', () => {
    const t = tariff({ energy: { tierPolicy: 'per-period', periods: [flat('0.1')] } });
    const ok: RatingInput = { tariff: t, period: june, usage: { load: kwhPerHour } };
    it.each<[string, RatingInput, string]>([
      ['period.start', { ...ok, period: { start: '2025-6-1', end: '2025-07-01' } }, 'period.start must be a local date YYYY-MM-DD'],
      ['period.end', { ...ok, period: { start: '2025-06-01', end: '2025-05-01' } }, 'period.end must be after the period start'],
      [
        'period.cycle.end',
        { ...ok, period: { ...june, cycle: { start: '2025-06-01', end: '2025-06-01' } } },
        'period.cycle.end must be after the period start',
      ],
      ['usage', { ...ok, usage: {} }, 'usage must hold an interval series or register totals'],
      ['usage.load.start', { ...ok, usage: { load: { ...kwhPerHour, start: '2025-06-01T00:00:00' } } }, 'usage.load.start must be an ISO-8601 instant'],
      [
        'usage.load.intervalMinutes',
        { ...ok, usage: { load: { ...kwhPerHour, intervalMinutes: 7 } } },
        'usage.load.intervalMinutes must be a positive integer number of minutes that divides 1440',
      ],
      [
        'usage.load.wh[3]',
        { ...ok, usage: { load: series('2025-06-01T00:00:00Z', 60, 10, (i) => (i === 3 ? 0.5 : 1)) } },
        'usage.load.wh[3] must hold integer watt-hours',
      ],
      [
        'usage.generation',
        { ...ok, account: { metering: 'net-billing' }, usage: { load: kwhPerHour, generation: series('2025-06-01T00:00:00Z', 15, 10, 0) } },
        'usage.generation must have the same start and interval length as the load',
      ],
      [
        'usage.registers.kwhByPeriod',
        { ...ok, usage: { registers: { kwhByPeriod: ['1', '2'] } } },
        'usage.registers.kwhByPeriod must give one value per TOU period of the tariff',
      ],
      ['account.metering', { ...ok, account: { metering: 'solar' as never } }, 'account.metering must be one of'],
      ['history.netMeteringBankKwh', { ...ok, history: { netMeteringBankKwh: '-1' } }, 'history.netMeteringBankKwh must be a decimal number >= 0'],
      ['tariff.currency', { ...ok, tariff: { ...t, currency: 'usd' } }, 'tariff.currency must be an ISO 4217 currency code'],
      ['tariff.timeZone', { ...ok, tariff: { ...t, timeZone: 'Eastern' } }, 'tariff.timeZone must be an IANA time zone'],
      ['tariff.versions', { ...ok, tariff: { ...t, versions: [] } }, 'tariff.versions must be a non-empty array'],
      ['tariff.versions (none in force)', { ...ok, tariff: { ...t, versions: [{ id: 'x', effectiveFrom: '2026-01-01' }] } }, 'no tariff version is in force'],
      [
        'energy.tierPolicy',
        { ...ok, tariff: { ...t, versions: [{ id: 'x', energy: { tierPolicy: 'mixed' as never, periods: [flat('1')] } }] } },
        'tariff.versions[0].energy.tierPolicy must be one of',
      ],
      [
        'energy.periods[0].tiers[0].rate',
        { ...ok, tariff: { ...t, versions: [{ id: 'x', energy: { tierPolicy: 'per-period', periods: [flat('ten')] } }] } },
        'tariff.versions[0].energy.periods[0].tiers[0].rate must be a decimal number',
      ],
      [
        'energy.schedule',
        { ...ok, tariff: { ...t, versions: [{ id: 'x', energy: { tierPolicy: 'per-period', periods: [flat('1'), flat('2')] } }] } },
        'tariff.versions[0].energy.schedule is required',
      ],
      [
        'energy.schedule.weekday[0][0]',
        {
          ...ok,
          tariff: {
            ...t,
            versions: [
              { id: 'x', energy: { tierPolicy: 'per-period', periods: [flat('1'), flat('2')], schedule: { weekday: everywhere(2), weekend: everywhere(0) } } },
            ],
          },
        },
        'tariff.versions[0].energy.schedule.weekday[0][0] must be a period index from 0 to 1',
      ],
      [
        'fixed[0].per',
        { ...ok, tariff: { ...t, versions: [{ id: 'x', fixed: [{ amount: '1', per: 'week' as never }] }] } },
        'tariff.versions[0].fixed[0].per must be one of',
      ],
      [
        'demand.ratchet.percent',
        { ...ok, tariff: { ...t, versions: [{ id: 'x', demand: { ratchet: { percent: '-5', months: 11 } } }] } },
        'tariff.versions[0].demand.ratchet.percent must be a decimal number >= 0',
      ],
      [
        'adjustments[0].kind',
        { ...ok, tariff: { ...t, versions: [{ id: 'x', adjustments: [{ component: 'tax', description: 't', kind: 'flat' as never, value: '1' }] }] } },
        'tariff.versions[0].adjustments[0].kind must be one of',
      ],
    ])('%s', (_field, input, message) => {
      expect(errorField(() => rate(input))).toContain(message);
    });
  });
});
