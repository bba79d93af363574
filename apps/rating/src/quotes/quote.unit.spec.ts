import { RuleViolation } from '@utilia/platform';
import type { Tariff } from '@utilia/rating';
import { addMonths, compareTariffs, datesOf, monthlyUsage } from './quote';

const flat = (code: string, rate: string, effectiveFrom = '2026-01-01'): { code: string; name: string; tariff: Tariff } => ({
  code,
  name: code,
  tariff: {
    id: code,
    currency: 'USD',
    timeZone: 'UTC',
    versions: [
      { id: `${code}-v1`, effectiveFrom, fixed: [{ amount: '10', per: 'month' }], energy: { tierPolicy: 'per-period', periods: [{ tiers: [{ rate }] }] } },
    ],
  },
});
// June 2026: 720 hours of 1 kWh.
const june = { start: '2026-06-01T00:00:00.000Z', intervalMinutes: 60, wh: new Array(720).fill(1000) };
const dates = () => datesOf(june, 'UTC');

describe('comparing tariffs on the same usage', () => {
  it('ranks the tariffs cheapest first, each with what it costs more or less than the current one', () => {
    // 720 kWh: 10 + 720 × 0.2 = 154; 10 + 720 × 0.3 = 226.
    const quotes = compareTariffs([flat('DEAR', '0.3'), flat('CHEAP', '0.2')], { load: june }, {}, dates, 'DEAR');
    expect(quotes.map((q) => [q.tariffCode, q.total, q.differenceToCurrent])).toEqual([
      ['CHEAP', '154.00', '-72.00'],
      ['DEAR', '226.00', '0.00'],
    ]);
    // A month is scaled to a year: 154 × 365 / 30.
    expect(quotes[0].annualTotal).toBe('1873.67');
    expect(quotes[0].bills.map((b) => [b.periodStart, b.periodEnd])).toEqual([['2026-06-01', '2026-07-01']]);
  });

  it('a tariff with no version in force over the usage is refused, naming it', () => {
    try {
      compareTariffs([flat('LATER', '0.2', '2027-01-01')], { load: june }, {}, dates);
      throw new Error('rated');
    } catch (e) {
      expect(e).toBeInstanceOf(RuleViolation);
      expect((e as RuleViolation).code).toBe('tariff-not-in-force');
      expect((e as Error).message).toContain('LATER');
    }
  });

  it('12 monthly totals make a year of hours from the first of the month, each month summing to its total', () => {
    const shape = Array.from({ length: 8760 }, (_, h) => (h % 24 >= 17 && h % 24 < 21 ? 3 : 1));
    const kwh = ['300', '280', '310', '290', '400', '500', '650', '640', '480', '350', '300', '320.5'];
    const { series, to } = monthlyUsage(kwh, shape, '2026-01-01', 'America/New_York');
    expect(series.start).toBe('2026-01-01T05:00:00.000Z');
    expect(to).toBe('2027-01-01');
    expect(series.wh).toHaveLength(8760); // DST takes an hour in March and gives it back in November
    expect(series.wh.slice(0, 744).reduce((s, w) => s + w, 0)).toBe(300_000);
    expect(series.wh.reduce((s, w) => s + w, 0)).toBe(4_820_500);
    // The evening hours carry three times the night's.
    expect(series.wh[18]).toBeGreaterThan(2.9 * series.wh[3]);
    expect(addMonths('2026-11-01', 2)).toBe('2027-01-01');
  });
});
