import { rate } from '../rate';
import { pricingTimeline, tariffFromPublished, versionInForce } from './published';

const flat = (rate: string) => ({ energy: { tierPolicy: 'per-period', periods: [{ tiers: [{ rate }] }] } });
const v = (versionId: string, effectiveFrom: string, definition: object, extra: { effectiveTo?: string; supersedes?: string } = {}) => ({
  versionId,
  effectiveFrom,
  effectiveTo: extra.effectiveTo ?? null,
  supersedes: extra.supersedes ?? null,
  definition,
});

describe('published tariff versions as a copy of the catalog prices with them', () => {
  it('a version prices until the next one starts; a superseded one prices nothing', () => {
    const versions = [v('b', '2026-07-01', flat('0.3')), v('a', '2026-01-01', flat('0.2')), v('a2', '2026-01-01', flat('0.21'), { supersedes: 'a' })];
    expect(pricingTimeline(versions).map((x) => [x.versionId, x.effectiveFrom, x.endsOn])).toEqual([
      ['a2', '2026-01-01', '2026-07-01'],
      ['b', '2026-07-01', null],
    ]);
  });

  it('makes the libs/rating tariff: a bill across the change is priced by each version for its days', () => {
    const tariff = tariffFromPublished({ code: 'E-1', currency: 'USD', timeZone: 'UTC' }, [
      v('a', '2026-01-01', flat('0.2')),
      v('b', '2026-06-16', flat('0.3')),
    ]);
    const wh = new Array(30 * 24).fill(1000);
    const r = rate({ tariff, period: { start: '2026-06-01', end: '2026-07-01' }, usage: { load: { start: '2026-06-01T00:00:00Z', intervalMinutes: 60, wh } } });
    // 15 days × 24 kWh at 0.2 + 15 days × 24 kWh at 0.3 = 72 + 108.
    expect(r.total).toBe('180.00');
  });

  it('the version in force on a day is the latest to start by then, unless it ended', () => {
    const versions = [v('a', '2026-01-01', {}), v('b', '2026-07-01', {}, { effectiveTo: '2026-10-01' })];
    expect(versionInForce(versions, '2025-12-31')).toBeUndefined();
    expect(versionInForce(versions, '2026-06-30')?.versionId).toBe('a');
    expect(versionInForce(versions, '2026-07-01')?.versionId).toBe('b');
    expect(versionInForce(versions, '2026-10-01')).toBeUndefined();
  });
});
