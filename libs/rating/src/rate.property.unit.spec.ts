import fc from 'fast-check';
import { everywhere, hours, series } from './__fixtures__/tariffs';
import type { RatePeriod, RatingResult, Tariff, TierPolicy } from './model';
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
});
