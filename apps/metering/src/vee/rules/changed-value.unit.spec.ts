import { changedValues } from './changed-value';

describe('the changed-value check', () => {
  it('an actual read again with another value is shown to a person', () => {
    const [f] = changedValues([{ start: 0, seconds: 900, old: 10n, oldQuality: 'A', value: 12n, quality: 'A' }]);
    expect(f).toMatchObject({ rule: 'changed-value', from: 0, to: 900 });
    expect(f.detail).toBe('1 interval(s) came again with another value (first at 1970-01-01T00:00:00Z: 10 → 12)');
  });

  it('an actual arriving for an estimate is the expected course, not a finding', () => {
    expect(changedValues([{ start: 0, seconds: 900, old: 10n, oldQuality: 'E', value: 12n, quality: 'A' }])).toEqual([]);
  });
});
