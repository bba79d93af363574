import { Big, ONE } from '../money';
import { billingDemand, demandLadderLines, ratchetFloor } from './demand';

const b = (s: string) => new Big(s);
const ladder = {
  name: 'on-peak',
  rates: [b('20'), b('15')],
  sells: [undefined, undefined],
  limits: [b('100'), undefined],
  bases: ['month' as const, 'month' as const],
};

describe('demand charges', () => {
  it('charges the highest demand through the demand tiers', () => {
    // 100 kW × 20 + 50 kW × 15 = 2750
    const lines = demandLadderLines(ladder, b('150'), ONE, 'Demand', 1, 'peak 150 kW');
    expect(lines.map((l) => [l.quantity.toFixed(), l.amount.toFixed(), l.tier])).toEqual([
      ['100', '2000', 0],
      ['50', '750', 1],
    ]);
  });

  it('prorates a demand charge over a partial period', () => {
    const lines = demandLadderLines(ladder, b('50'), b('0.5'), 'Demand', undefined, 'peak 50 kW');
    expect(lines[0].amount.toFixed()).toBe('500');
  });

  const ratchet = { percent: b('80'), months: 11, eligibleMonths: new Array(12).fill(true), monthly: true, tou: false };

  it('raises billing demand to 80 % of the highest peak of the previous 11 months', () => {
    const floor = ratchetFloor(ratchet, '2025-01', {
      peaks: [
        { month: '2024-07', kw: '200' },
        { month: '2024-12', kw: '90' },
      ],
    });
    expect(floor?.kw.toFixed()).toBe('160');
    expect(billingDemand(b('120'), floor).kw.toFixed()).toBe('160');
    expect(billingDemand(b('170'), floor).kw.toFixed()).toBe('170');
  });

  it('ignores peaks older than the lookback range and in months that do not count', () => {
    expect(ratchetFloor(ratchet, '2025-01', { peaks: [{ month: '2024-01', kw: '500' }] })).toBeUndefined();
    const summerOnly = { ...ratchet, eligibleMonths: Array.from({ length: 12 }, (_, m) => m >= 5 && m <= 8) };
    const floor = ratchetFloor(summerOnly, '2025-01', {
      peaks: [
        { month: '2024-07', kw: '100' },
        { month: '2024-12', kw: '300' },
      ],
    });
    expect(floor?.kw.toFixed()).toBe('80');
  });
});
