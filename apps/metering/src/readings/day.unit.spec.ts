import { byDay, dayOf, mergeDay, overwriteDay, type Reading } from './day';

const t0 = Date.parse('2026-11-30T00:00:00Z') / 1000;
const r = (i: number, value: number, quality: Reading['quality'] = 'A', seconds = 900): Reading => ({
  start: t0 + i * 900,
  seconds,
  value: BigInt(value),
  quality,
});

describe('merging readings into a stored day', () => {
  it('new intervals are added in start order', () => {
    const m = mergeDay([r(2, 30)], [r(0, 10), r(1, 20)]);
    expect(m.readings.map((x) => Number(x.value))).toEqual([10, 20, 30]);
    expect(m).toMatchObject({ added: 2, unchanged: 0, replaced: [], conflicts: [] });
  });

  it('the same data again (a redelivery, a re-upload) changes nothing', () => {
    const m = mergeDay([r(0, 10), r(1, 20)], [r(0, 10), r(1, 20)]);
    expect(m).toMatchObject({ added: 0, unchanged: 2, replaced: [] });
  });

  it('a different value for a stored interval replaces it, and says what it was', () => {
    const m = mergeDay([r(0, 10)], [r(0, 12)]);
    expect(m.replaced).toEqual([{ start: t0, seconds: 900, old: 10n, oldQuality: 'A', value: 12n, quality: 'A' }]);
    expect(m.readings[0].value).toBe(12n);
  });

  it('an actual replaces an estimate; an estimate never replaces an actual; a head-end never undoes an edit', () => {
    expect(mergeDay([r(0, 10, 'E')], [r(0, 11)]).replaced).toHaveLength(1);
    expect(mergeDay([r(0, 10, 'E')], [r(0, 10)]).replaced).toEqual([expect.objectContaining({ oldQuality: 'E', quality: 'A' })]);
    expect(mergeDay([r(0, 10)], [r(0, 9, 'E')])).toMatchObject({ unchanged: 1, replaced: [] });
    expect(mergeDay([r(0, 10, 'D')], [r(0, 99)])).toMatchObject({ unchanged: 1, replaced: [] });
  });

  it('a reading that overlaps an interval of another length is refused with the reason', () => {
    const m = mergeDay([r(0, 10)], [r(0, 40, 'A', 3600), { ...r(0, 5, 'A', 900), start: t0 + 300 }]);
    expect(m.conflicts.map((c) => c.reason)).toEqual([
      'an interval of 900 s starts at 2026-11-30T00:00:00Z already; this one is 3600 s',
      'it overlaps the 900 s interval from 2026-11-30T00:00:00Z',
    ]);
  });

  it('among new readings in any order, one inside a longer new interval is refused, whichever came first', () => {
    const hour = r(4, 400, 'A', 3600);
    const m = mergeDay([], [r(6, 5), r(0, 10), hour, r(8, 20)]);
    expect(m.readings.map((x) => [x.start - t0, x.seconds])).toEqual([
      [0, 900],
      [3600, 3600],
      [7200, 900],
    ]);
    expect(m.conflicts.map((c) => c.reason)).toEqual(['it overlaps the 3600 s interval from 2026-11-30T01:00:00Z']);
  });

  it('readings are stored under the UTC day they start in', () => {
    expect(dayOf(t0 - 1)).toBe('2026-11-29');
    expect([...byDay([r(95, 1), r(96, 2), r(0, 3)]).keys()]).toEqual(['2026-11-30', '2026-12-01']);
  });
});

describe('a person overwriting readings', () => {
  const r = (start: number, value: bigint, quality: 'A' | 'E' | 'D' = 'A', seconds = 900) => ({ start, seconds, value, quality });

  it('replaces an actual value, fills a hole, and leaves the rest of the day as it was', () => {
    const out = overwriteDay([r(0, 5n), r(900, 6n), r(2700, 8n)], [r(900, 60n, 'D'), r(1800, 7n, 'D')]);
    expect(out.readings.map((x) => [x.start, x.value, x.quality])).toEqual([
      [0, 5n, 'A'],
      [900, 60n, 'D'],
      [1800, 7n, 'D'],
      [2700, 8n, 'A'],
    ]);
    expect(out.changes).toEqual([
      { start: 900, old: 6n, oldQuality: 'A', value: 60n, quality: 'D' },
      { start: 1800, old: null, oldQuality: null, value: 7n, quality: 'D' },
    ]);
  });

  it('an estimate a person asked for replaces what was read', () => {
    expect(overwriteDay([r(0, 500n)], [r(0, 5n, 'E')]).changes).toEqual([{ start: 0, old: 500n, oldQuality: 'A', value: 5n, quality: 'E' }]);
  });

  it('refuses a value that overlaps an interval of another length', () => {
    const out = overwriteDay([r(0, 5n, 'A', 3600)], [r(900, 1n, 'D')]);
    expect(out.changes).toEqual([]);
    expect(out.conflicts).toHaveLength(1);
  });
});
