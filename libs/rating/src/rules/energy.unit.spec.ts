import { Big, ONE } from '../money';
import type { TierLimitBasis } from '../model';
import type { Ladder } from '../tariff/compile';
import { energyLines } from './energy';

const b = (s: string) => new Big(s);
const ladder = (
  name: string,
  rates: string[],
  limits: (string | undefined)[],
  bases: TierLimitBasis[] = rates.map(() => 'month'),
  sells?: string[],
): Ladder => ({
  name,
  rates: rates.map(b),
  sells: rates.map((_, i) => (sells?.[i] === undefined ? undefined : b(sells[i]))),
  limits: limits.map((l) => (l === undefined ? undefined : b(l))),
  bases,
});
const fullMonth = { factor: ONE, days: 30, demandKw: b('0') };
const amounts = (lines: ReturnType<typeof energyLines>) => lines.map((l) => l.amount.toFixed());
const total = (lines: ReturnType<typeof energyLines>) => lines.reduce((s, l) => s.plus(l.amount), b('0')).toFixed();

describe('energy charges', () => {
  const offPeak = ladder('off-peak', ['0.10', '0.20'], ['500', undefined]);
  const onPeak = ladder('on-peak', ['0.15', '0.30'], ['500', undefined]);

  it('lays tiers over the total usage and lets each TOU period pay its proportional share (URDB/SAM)', () => {
    // 600 + 400 = 1000 kWh; blocks of the total: 500 in tier 1, 500 in tier 2.
    // off-peak 60 %: 300 × 0.10 + 300 × 0.20 = 90; on-peak 40 %: 200 × 0.15 + 200 × 0.30 = 90.
    const lines = energyLines([offPeak, onPeak], 'total-usage-proportional', [b('600'), b('400')], fullMonth);
    expect(lines.map((l) => l.quantity.toFixed())).toEqual(['300', '300', '200', '200']);
    expect(amounts(lines)).toEqual(['30', '60', '30', '60']);
    expect(lines[0].trace).toContain('600 kWh of 1000 kWh in all periods (60%)');
  });

  it('climbs each TOU period own ladder under the per-period policy', () => {
    // off-peak 600: 500 × 0.10 + 100 × 0.20 = 70; on-peak 400: 400 × 0.15 = 60.
    const lines = energyLines([offPeak, onPeak], 'per-period', [b('600'), b('400')], fullMonth);
    expect(total(lines)).toBe('130');
  });

  it('multiplies a daily tier limit by the days in the period', () => {
    // 10 kWh/day × 30 days = 300 kWh at 0.10, the other 100 at 0.20.
    const daily = ladder('all', ['0.10', '0.20'], ['10', undefined], ['day', 'month']);
    expect(total(energyLines([daily], 'total-usage-proportional', [b('400')], fullMonth))).toBe('50');
  });

  it('scales a kWh-per-kW tier limit by the billing demand', () => {
    // 200 kWh/kW × 5 kW = 1000 kWh at 0.10, the other 500 at 0.05.
    const perKw = ladder('all', ['0.10', '0.05'], ['200', undefined], ['kw', 'month']);
    expect(total(energyLines([perKw], 'total-usage-proportional', [b('1500')], { ...fullMonth, demandKw: b('5') }))).toBe('125');
  });

  it('prorates a monthly tier limit over a partial period', () => {
    // Half a cycle: the 500 kWh block shrinks to 250.
    const lines = energyLines([offPeak], 'total-usage-proportional', [b('300')], { factor: b('0.5'), days: 15, demandKw: b('0') });
    expect(total(lines)).toBe('35'); // 250 × 0.10 + 50 × 0.20
  });

  it('credits exports at the sell rate as negative export-credit lines', () => {
    const withSell = ladder('flat', ['0.20'], [undefined], ['month'], ['0.05']);
    const lines = energyLines([withSell], 'total-usage-proportional', [b('100')], fullMonth, 'export');
    expect(lines.map((l) => [l.component, l.amount.toFixed()])).toEqual([['export-credit', '-5']]);
  });

  it('prices nothing when there is no usage', () => {
    expect(energyLines([offPeak, onPeak], 'total-usage-proportional', [b('0'), b('0')], fullMonth)).toEqual([]);
  });
});
