import { pricingTimeline } from '@utilia/rating';
import { firstOverlap, overlap } from './timeline';

const v = (versionId: string, effectiveFrom: string, effectiveTo: string | null = null) => ({ versionId, effectiveFrom, effectiveTo });

describe('the effective dates of tariff versions', () => {
  it('a version from July ends an open-ended one in June: they do not overlap', () => {
    expect(overlap(v('a', '2026-01-01'), v('b', '2026-07-01'))).toBe(false);
    const published = (x: ReturnType<typeof v>) => ({ ...x, supersedes: null, definition: {} });
    expect(pricingTimeline([published(v('b', '2026-07-01')), published(v('a', '2026-01-01'))]).map((x) => [x.versionId, x.endsOn])).toEqual([
      ['a', '2026-07-01'],
      ['b', null],
    ]);
  });

  it('two versions starting the same day overlap', () => {
    expect(overlap(v('a', '2026-01-01'), v('b', '2026-01-01', '2026-02-01'))).toBe(true);
  });

  it('a version starting inside the explicit dates of another overlaps it; one starting on its end does not', () => {
    expect(overlap(v('a', '2026-01-01', '2026-07-01'), v('b', '2026-03-01'))).toBe(true);
    expect(overlap(v('b', '2026-03-01'), v('a', '2026-01-01', '2026-07-01'))).toBe(true);
    expect(overlap(v('a', '2026-01-01', '2026-07-01'), v('b', '2026-07-01'))).toBe(false);
    expect(firstOverlap(v('c', '2026-05-01'), [v('a', '2026-01-01', '2026-07-01'), v('b', '2026-07-01')])?.versionId).toBe('a');
  });
});
