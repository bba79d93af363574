import type { Tariff } from '@utilia/rating';
import { rateBill } from './rate-bill';

const flat = (code: string, rate: string): Tariff => ({
  id: code,
  currency: 'USD',
  timeZone: 'UTC',
  versions: [
    {
      id: `${code}-v1`,
      effectiveFrom: '2026-01-01',
      fixed: [{ amount: '30', per: 'month' }],
      energy: { tierPolicy: 'per-period', periods: [{ tiers: [{ rate }] }] },
    },
  ],
});
const tariffs = new Map([
  ['E-1', flat('E-1', '0.2')],
  ['E-TOU', flat('E-TOU', '0.3')],
]);
// June 7 to July 7 (30 days): 1 kWh every hour.
const usage = { load: { start: '2026-06-07T00:00:00Z', intervalMinutes: 60, wh: new Array(30 * 24).fill(1000) } };
const cycle = { from: '2026-06-07', to: '2026-07-07' };

describe('rating a draft bill', () => {
  it('a whole period on one tariff: the customer charge and every kWh', () => {
    const bill = rateBill({ tariffs: [{ tariffCode: 'E-1', from: '2026-01-01' }], tariffOf: (c) => tariffs.get(c), cycle, billed: cycle, usage });
    // 30 + 720 × 0.2 = 174.
    expect(bill).toMatchObject({ total: '174.00', currency: 'USD' });
  });

  it('a first bill from a move-in on June 22 is prorated: 15 of 30 days', () => {
    const bill = rateBill({
      tariffs: [{ tariffCode: 'E-1', from: '2026-06-22' }],
      tariffOf: (c) => tariffs.get(c),
      cycle,
      billed: { from: '2026-06-22', to: cycle.to },
      usage,
    });
    // 30 × 15/30 + 360 × 0.2 = 15 + 72.
    expect(bill).toMatchObject({ total: '87.00' });
  });

  it('a tariff change inside the period splits it: each tariff prices its days, both prorated', () => {
    const bill = rateBill({
      tariffs: [
        { tariffCode: 'E-1', from: '2026-01-01' },
        { tariffCode: 'E-TOU', from: '2026-06-22' },
      ],
      tariffOf: (c) => tariffs.get(c),
      cycle,
      billed: cycle,
      usage,
    });
    // E-1: 15 + 360 × 0.2 = 87; E-TOU: 15 + 360 × 0.3 = 123.
    expect(bill).toMatchObject({ total: '210.00' });
    if ('lines' in bill) expect([...new Set(bill.lines.map((l) => l.tariffCode))]).toEqual(['E-1', 'E-TOU']);
  });

  it('a tariff with no published version is a missing tariff, not a bill', () => {
    expect(rateBill({ tariffs: [{ tariffCode: 'E-NONE', from: '2026-01-01' }], tariffOf: (c) => tariffs.get(c), cycle, billed: cycle, usage })).toEqual({
      missingTariff: 'no version of tariff E-NONE has been published',
    });
  });

  it("the total is written with the currency's own minor unit: yen have none", () => {
    const yen: Tariff = { ...flat('E-JP', '30'), currency: 'JPY' };
    const bill = rateBill({ tariffs: [{ tariffCode: 'E-JP', from: '2026-01-01' }], tariffOf: () => yen, cycle, billed: cycle, usage });
    // 30 + 720 kWh × 30 = 21630.
    expect(bill).toMatchObject({ total: '21630', currency: 'JPY' });
  });
});
