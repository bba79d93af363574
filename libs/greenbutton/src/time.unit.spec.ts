import { isoInstant } from './time';

describe('isoInstant', () => {
  it('writes Unix seconds as an ISO-8601 UTC instant without milliseconds', () => {
    expect(isoInstant(1357016400)).toBe('2013-01-01T05:00:00Z');
    expect(isoInstant(0)).toBe('1970-01-01T00:00:00Z');
    expect(isoInstant(-1)).toBe('1969-12-31T23:59:59Z');
  });
});
