import { addMonths, civilFromDays, daysFromCivil, formatLocalDate, parseLocalDate, startOfNextMonth, weekdayOfDays } from './local-date';

describe('civil dates', () => {
  it('numbers days from 1970-01-01 and back', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2024, 2, 29)).toBe(19782);
    expect(civilFromDays(19782)).toEqual([2024, 2, 29]);
  });
  it('knows 2018-01-01 was a Monday and 2025-03-01 a Saturday', () => {
    expect(weekdayOfDays(daysFromCivil(2018, 1, 1))).toBe(1);
    expect(weekdayOfDays(daysFromCivil(2025, 3, 1))).toBe(6);
  });
  it('rejects dates that do not exist', () => {
    expect(parseLocalDate('2025-02-29')).toBeUndefined();
    expect(parseLocalDate('2025-13-01')).toBeUndefined();
    expect(parseLocalDate('20250101')).toBeUndefined();
    expect(formatLocalDate(parseLocalDate('2024-02-29') as number)).toBe('2024-02-29');
  });
  it('steps months across a year end', () => {
    expect(formatLocalDate(startOfNextMonth(daysFromCivil(2024, 12, 15)))).toBe('2025-01-01');
    expect(addMonths('2025-01', -11)).toBe('2024-02');
  });
});
