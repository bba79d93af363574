import type { InvoiceLine } from '@utilia/contracts';
import { lineDiff, type CorrectionCause } from './line-diff';

const line = (over: Partial<InvoiceLine>): InvoiceLine => ({
  component: 'energy',
  description: 'Energy',
  quantity: '100',
  unit: 'kWh',
  rate: '0.2',
  amount: '20',
  tariffCode: 'T',
  tariffVersionId: 'v1',
  from: '2026-07-07',
  to: '2026-08-07',
  ...over,
});
const usage: CorrectionCause = { kind: 'usage', correctionId: 'c', previousImportWh: 100_000, importWh: 90_000, reason: 'late readings' };

describe('the difference between an invoice and its rebill, line by line', () => {
  it('lists only what changed, with the old and new line, the delta and the corrected readings as the why', () => {
    const fixed = line({ component: 'fixed', description: 'Customer charge', quantity: '1', unit: 'month', amount: '30' });
    const changes = lineDiff([fixed, line({})], [fixed, line({ quantity: '90', amount: '18' })], usage);
    expect(changes).toEqual([
      {
        component: 'energy',
        description: 'Energy',
        oldQuantity: '100',
        newQuantity: '90',
        oldAmount: '20',
        newAmount: '18',
        delta: '-2',
        why: 'corrected readings: 100.000 kWh became 90.000 kWh for the period (late readings)',
      },
    ]);
  });

  it('compares TOU periods and tiers apart, summing the days a version change split', () => {
    const peak = (q: string, a: string, extra: Partial<InvoiceLine> = {}) => line({ touPeriod: 'peak', quantity: q, amount: a, ...extra });
    const old = [peak('40', '16', { to: '2026-07-20' }), peak('60', '24', { from: '2026-07-20', tariffVersionId: 'v2' }), line({ touPeriod: 'off-peak' })];
    const next = [peak('100', '40'), line({ touPeriod: 'off-peak', quantity: '80', amount: '16' })];
    const changes = lineDiff(old, next, usage);
    // Peak: 100 kWh and 40.00 before and after (over two sub-periods before): unchanged, left out.
    expect(changes.map((c) => [c.touPeriod, c.oldQuantity, c.newQuantity, c.delta])).toEqual([['off-peak', '100', '80', '-4']]);
  });

  it('names the tariff version when a version published for the period priced it', () => {
    const cause: CorrectionCause = { kind: 'tariff', code: 'E-TOU', versionId: 'v9', supersedes: 'v1', effectiveFrom: '2026-01-01' };
    const [change] = lineDiff([line({})], [line({ rate: '0.25', amount: '25', tariffVersionId: 'v9' })], cause);
    expect(change).toMatchObject({ delta: '5', why: 'tariff E-TOU version v9 (in force from 2026-01-01, correcting v1) now prices these days' });
  });

  it('a line only on one side counts the other as zero; a line that follows the usage says so', () => {
    const tax = (a: string) => line({ component: 'tax', description: 'State tax', unit: 'percent', quantity: '5', amount: a });
    const changes = lineDiff([line({}), tax('1')], [line({ quantity: '90', amount: '18' }), tax('0.9'), line({ component: 'minimum', amount: '2' })], usage);
    expect(changes.map((c) => [c.component, c.oldAmount, c.newAmount, c.delta])).toEqual([
      ['energy', '20', '18', '-2'],
      ['tax', '1', '0.9', '-0.1'],
      ['minimum', null, '2', '2'],
    ]);
    expect(changes[1].why).toMatch(/^follows the usage: corrected readings/);
  });

  it('actual readings replacing an estimate are the why after a usage timeout', () => {
    const [change] = lineDiff([line({})], [line({ quantity: '110', amount: '22' })], { kind: 'actual-usage' });
    expect(change.why).toBe('actual readings replaced the estimated usage');
  });
});
