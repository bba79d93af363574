import fc from 'fast-check';
import { everywhere, hours, series } from './__fixtures__/tariffs';
import type { MeteringMode, RatePeriod, RatingResult, Tariff, TierPolicy } from './model';
import { Big, shifted } from './money';
import { rate } from './rate';

const START = '2025-06-01T00:00:00Z';
const HOURS = 30 * 24;
const cents = fc.integer({ min: 0, max: 5000 }).map((c) => shifted(c, 3).toFixed());

/** A tariff with two TOU periods of up to three tiers, fixed charges, TOU and monthly demand. */
const tariffArb = (opts: { increasingTiers: boolean; policy: TierPolicy }) =>
  fc
    .record({
      fixed: fc.integer({ min: 0, max: 5000 }).map((c) => shifted(c, 2).toFixed()),
      daily: fc.integer({ min: 0, max: 100 }).map((c) => shifted(c, 2).toFixed()),
      minimum: fc.integer({ min: 0, max: 5000 }).map((c) => shifted(c, 2).toFixed()),
      periods: fc.array(fc.record({ rates: fc.array(cents, { minLength: 1, maxLength: 3 }), block: fc.integer({ min: 1, max: 300 }) }), {
        minLength: 2,
        maxLength: 2,
      }),
      demandRate: fc.integer({ min: 0, max: 2000 }).map((c) => shifted(c, 2).toFixed()),
    })
    .map(({ fixed, daily, minimum, periods, demandRate }): Tariff => {
      const energyPeriods: RatePeriod[] = periods.map((p, i) => {
        const rates = opts.increasingTiers ? [...p.rates].sort((a, b) => Number(a) - Number(b)) : p.rates;
        return { name: `p${i}`, tiers: rates.map((r, t) => ({ rate: r, ...(t < rates.length - 1 ? { upTo: String(p.block * (t + 1)) } : {}) })) };
      });
      return {
        id: 'prop',
        currency: 'USD',
        timeZone: 'UTC',
        versions: [
          {
            id: 'v',
            fixed: [
              { amount: fixed, per: 'month' },
              { amount: daily, per: 'day' },
            ],
            energy: { tierPolicy: opts.policy, periods: energyPeriods, schedule: { weekday: hours(16, 21), weekend: everywhere(0) } },
            demand: { monthly: { ladders: [{ tiers: [{ rate: demandRate }] }], monthToLadder: new Array(12).fill(0) } },
            minimum: { monthly: minimum },
          },
        ],
      };
    });

const usageArb = fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: HOURS, maxLength: HOURS });
const june = { start: '2025-06-01', end: '2025-07-01' };
const bill = (t: Tariff, wh: number[], period = june): RatingResult => rate({ tariff: t, period, usage: { load: series(START, 60, wh.length, (i) => wh[i]) } });
const policyArb = fc.constantFrom<TierPolicy>('total-usage-proportional', 'per-period');

describe('rating invariants', () => {
  it('the rounded lines sum to the total and the unrounded lines to the unrounded total', () => {
    fc.assert(
      fc.property(
        policyArb.chain((policy) => tariffArb({ increasingTiers: false, policy })),
        usageArb,
        (t, wh) => {
          const r = bill(t, wh);
          const rounded = r.lines.reduce((s, l) => s.plus(l.amount), new Big(0));
          const exact = r.lines.reduce((s, l) => s.plus(l.unroundedAmount), new Big(0));
          expect(rounded.eq(r.total)).toBe(true);
          expect(exact.eq(r.unroundedTotal)).toBe(true);
          for (const l of r.lines) expect(new Big(l.amount).minus(l.unroundedAmount).abs().lte('0.005')).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('zero usage leaves only fixed and minimum charges', () => {
    fc.assert(
      fc.property(
        policyArb.chain((policy) => tariffArb({ increasingTiers: false, policy })),
        (t) => {
          const r = bill(t, new Array(HOURS).fill(0));
          for (const l of r.lines) expect(['fixed', 'minimum']).toContain(l.component);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('more usage never lowers an import-only bill', () => {
    // Under the proportional (URDB) policy a declining block in one period can make more usage elsewhere
    // cheaper, so that policy is checked with inclining blocks; the per-period policy with any rates.
    const cases = fc.oneof(
      tariffArb({ increasingTiers: true, policy: 'total-usage-proportional' }),
      tariffArb({ increasingTiers: false, policy: 'per-period' }),
    );
    fc.assert(
      fc.property(cases, usageArb, fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: HOURS, maxLength: HOURS }), (t, wh, extra) => {
        const less = bill(t, wh);
        const more = bill(
          t,
          wh.map((w, i) => w + extra[i]),
        );
        expect(new Big(more.unroundedTotal).gte(less.unroundedTotal)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('splitting a period and prorating the fixed charges sums to the whole', () => {
    fc.assert(
      fc.property(tariffArb({ increasingTiers: false, policy: 'per-period' }), fc.integer({ min: 2, max: 30 }), (t, day) => {
        const wh = new Array(HOURS).fill(0);
        const split = `2025-06-${String(day).padStart(2, '0')}`;
        const fixedOf = (r: RatingResult) => r.lines.filter((l) => l.component === 'fixed').reduce((s, l) => s.plus(l.unroundedAmount), new Big(0));
        const whole = fixedOf(bill(t, wh));
        const first = fixedOf(bill(t, wh, { start: june.start, end: split, cycle: june } as never));
        const second = fixedOf(bill(t, wh, { start: split, end: june.end, cycle: june } as never));
        expect(first.plus(second).minus(whole).abs().lt('1e-20')).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  describe('splitting a month at a day boundary, with exports and demand', () => {
    // Flat energy and sell rates per TOU period (tier limits and minimums are prorated by days, so they do
    // not split exactly), monthly and TOU demand. Every day reaches the month's peak P at 03:00 (off-peak)
    // and 17:00 (on-peak, every day), where nothing is generated; elsewhere load stays below P/2 and
    // generation within [-P/8, 5 kWh], so no other interval reaches P under any metering mode. Each part
    // then has the whole month's peaks, and its demand charges are the month's prorated by its days.
    const P = 8000;
    const splitTariff = fc
      .record({
        fixed: fc.integer({ min: 0, max: 5000 }).map((c) => shifted(c, 2).toFixed()),
        daily: fc.integer({ min: 0, max: 100 }).map((c) => shifted(c, 2).toFixed()),
        rates: fc.array(fc.tuple(cents, cents), { minLength: 2, maxLength: 2 }),
        demandRates: fc.array(
          fc.integer({ min: 0, max: 2000 }).map((c) => shifted(c, 2).toFixed()),
          { minLength: 3, maxLength: 3 },
        ),
      })
      .map(({ fixed, daily, rates, demandRates }): Tariff => ({
        id: 'split',
        currency: 'USD',
        timeZone: 'UTC',
        versions: [
          {
            id: 'v',
            fixed: [
              { amount: fixed, per: 'month' },
              { amount: daily, per: 'day' },
            ],
            energy: {
              tierPolicy: 'per-period',
              periods: rates.map(([rate, sell], i) => ({ name: `p${i}`, tiers: [{ rate, sell }] })),
              schedule: { weekday: hours(16, 21), weekend: everywhere(0) },
            },
            demand: {
              tou: {
                periods: [
                  { name: 'off-peak', tiers: [{ rate: demandRates[0] }] },
                  { name: 'on-peak', tiers: [{ rate: demandRates[1] }] },
                ],
                schedule: { weekday: hours(16, 21), weekend: hours(16, 21) },
              },
              monthly: { ladders: [{ tiers: [{ rate: demandRates[2] }] }], monthToLadder: new Array(12).fill(0) },
            },
          },
        ],
      }));
    const profile = fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: P / 2 }), { minLength: HOURS, maxLength: HOURS }),
        fc.array(fc.integer({ min: -P / 8, max: 5000 }), { minLength: HOURS, maxLength: HOURS }),
      )
      .map(([load, gen]) => ({
        load: load.map((w, i) => (i % 24 === 3 || i % 24 === 17 ? P : w)),
        gen: gen.map((g, i) => (i % 24 === 3 || i % 24 === 17 ? 0 : g)),
      }));
    const modes = fc.constantFrom<MeteringMode>('none', 'net-billing', 'buy-all-sell-all');

    it('rating the month in one call equals rating its two parts, fixed and demand charges prorated by days', () => {
      fc.assert(
        fc.property(splitTariff, profile, modes, fc.integer({ min: 2, max: 30 }), (t, { load, gen }, metering, day) => {
          const split = `2025-06-${String(day).padStart(2, '0')}`;
          const rated = (period: { start: string; end: string; cycle?: typeof june }) =>
            rate({
              tariff: t,
              period,
              usage: { load: series(START, 60, HOURS, (i) => load[i]), generation: series(START, 60, HOURS, (i) => gen[i]) },
              account: { metering },
            });
          const whole = rated(june);
          const first = rated({ start: june.start, end: split, cycle: june });
          const second = rated({ start: split, end: june.end, cycle: june });
          const byComponent = (rs: RatingResult[]) => {
            const sums = new Map<string, Big>();
            for (const r of rs) for (const l of r.lines) sums.set(l.component, (sums.get(l.component) ?? new Big(0)).plus(l.unroundedAmount));
            return new Map([...sums].map(([c, v]) => [c, v.round(12).toFixed()]));
          };
          expect(byComponent([first, second])).toEqual(byComponent([whole]));
        }),
        { numRuns: 60 },
      );
    });
  });
});
