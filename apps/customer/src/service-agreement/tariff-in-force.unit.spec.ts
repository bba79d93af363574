import { describeInForce, versionInForce, type PublishedVersion } from './tariff-in-force';

const v = (versionId: string, effectiveFrom: string, effectiveTo: string | null = null, supersedes: string | null = null): PublishedVersion => ({
  versionId,
  effectiveFrom,
  effectiveTo,
  supersedes,
});
const inForce = (versions: PublishedVersion[], day: string) => versionInForce(versions, day)?.versionId;

describe('the version of a tariff in force on a day', () => {
  it('no version is in force before the first one starts', () => {
    expect(inForce([v('a', '2026-01-01')], '2025-12-31')).toBeUndefined();
    expect(inForce([], '2026-01-01')).toBeUndefined();
  });

  it('an open-ended version is in force from its first day until the next version starts', () => {
    const versions = [v('b', '2026-07-01'), v('a', '2026-01-01')];
    expect(inForce(versions, '2026-01-01')).toBe('a');
    expect(inForce(versions, '2026-06-30')).toBe('a');
    expect(inForce(versions, '2026-07-01')).toBe('b');
    expect(inForce(versions, '2040-01-01')).toBe('b');
  });

  it('a version with an end is in force up to the day before it, and then none is until the next starts', () => {
    const versions = [v('a', '2026-01-01', '2026-04-01'), v('b', '2026-07-01')];
    expect(inForce(versions, '2026-03-31')).toBe('a');
    expect(inForce(versions, '2026-04-01')).toBeUndefined();
    expect(inForce(versions, '2026-06-30')).toBeUndefined();
    expect(inForce(versions, '2026-07-01')).toBe('b');
  });

  it('a correction replaces the version it supersedes for the same dates', () => {
    expect(inForce([v('a', '2026-01-01', '2026-04-01'), v('a2', '2026-01-01', '2026-04-01', 'a')], '2026-02-15')).toBe('a2');
  });

  it('a correction of a correction leaves only the last one counting, whatever order they came in', () => {
    const versions = [v('a3', '2026-01-01', null, 'a2'), v('a', '2026-01-01'), v('a2', '2026-01-01', null, 'a')];
    expect(inForce(versions, '2026-02-15')).toBe('a3');
    expect(inForce([...versions].reverse(), '2026-02-15')).toBe('a3');
  });

  it('a correction of an earlier version leaves the later version in force from its own start', () => {
    const versions = [v('a', '2026-01-01'), v('b', '2026-07-01'), v('a2', '2026-01-01', null, 'a')];
    expect(inForce(versions, '2026-06-30')).toBe('a2');
    expect(inForce(versions, '2026-07-01')).toBe('b');
  });

  it('the periods in force are told in words for a refusal, a correction counted once', () => {
    expect(describeInForce([v('b', '2026-09-01'), v('a', '2026-01-01', '2026-07-01'), v('a2', '2026-01-01', '2026-07-01', 'a')])).toBe(
      'from 2026-01-01 to before 2026-07-01, from 2026-09-01',
    );
    expect(describeInForce([v('a', '2026-01-01'), v('b', '2026-07-01')])).toBe('from 2026-01-01 to before 2026-07-01, from 2026-07-01');
  });
});
