import { futureTimestamps } from './future-timestamp';

const now = new Date('2026-12-01T12:00:00Z');
const at = (iso: string, seconds = 900) => ({ start: Date.parse(iso) / 1000, seconds, value: 1n, quality: 'A' as const });

describe('the future-timestamp check', () => {
  it('an interval that ends in the future is refused', () => {
    const [f] = futureTimestamps([at('2026-12-01T11:30:00Z'), at('2026-12-01T11:50:00Z'), at('2026-12-01T12:30:00Z')], now);
    expect(f).toMatchObject({ rule: 'future-timestamp', from: at('2026-12-01T11:50:00Z').start });
    expect(f.rejected?.map((r) => r.start)).toEqual([at('2026-12-01T11:50:00Z').start, at('2026-12-01T12:30:00Z').start]);
  });

  it('an interval just ended, within a minute of clock slack, passes', () => {
    expect(futureTimestamps([at('2026-12-01T11:45:30Z')], now)).toEqual([]);
  });
});
