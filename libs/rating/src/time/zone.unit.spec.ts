import { daysFromCivil } from './local-date';
import { isValidTimeZone, offsetAt, startOfLocalDay, toLocalMs, fromLocalMs } from './zone';

const HOUR = 3_600_000;
const NY = 'America/New_York';

describe('local time in an IANA zone', () => {
  it('reads the winter and summer offsets of New York', () => {
    expect(offsetAt(NY, Date.UTC(2025, 0, 15, 12))).toBe(-5 * HOUR);
    expect(offsetAt(NY, Date.UTC(2025, 6, 15, 12))).toBe(-4 * HOUR);
  });
  it('the spring-forward day has 23 hours and the fall-back day 25', () => {
    const day = (y: number, m: number, d: number) => startOfLocalDay(NY, daysFromCivil(y, m, d));
    expect((day(2025, 3, 10) - day(2025, 3, 9)) / HOUR).toBe(23);
    expect((day(2025, 11, 3) - day(2025, 11, 2)) / HOUR).toBe(25);
  });
  it('a skipped wall time starts when the clock jumps over it', () => {
    const local = daysFromCivil(2025, 3, 9) * 86_400_000 + 2.5 * HOUR; // 02:30 never happens
    expect(new Date(fromLocalMs(NY, local)).toISOString()).toBe('2025-03-09T07:00:00.000Z');
  });
  it('handles zones with half-hour offsets', () => {
    expect(toLocalMs('Asia/Kolkata', Date.UTC(2025, 0, 1, 0)) - Date.UTC(2025, 0, 1, 0)).toBe(5.5 * HOUR);
  });
  it('knows which zones exist', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
