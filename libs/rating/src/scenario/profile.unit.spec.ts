import { profileValues, toWattHours } from './profile';

describe('load profiles', () => {
  it('reads one decimal per line, ignoring a byte-order mark and blank lines', () => {
    expect(profileValues('\uFEFF1.5\r\n-0.25\n\n2e-3\n', 'load.file')).toEqual(['1.5', '-0.25', '2e-3']);
  });
  it('names the bad line', () => {
    expect(() => profileValues('1\nabc\n', 'load.file')).toThrow('load.file line 2 must be a decimal number');
    expect(() => profileValues('\n', 'load.file')).toThrow('load.file must hold at least one value');
  });
  it('turns average kW into integer Wh per interval exactly', () => {
    expect(toWattHours(['1.5', '0.001'], 'kW', 60, 60)).toEqual([1500, 1]);
  });
  it('an hourly kW value holds for each of its four 15-minute steps', () => {
    expect(toWattHours(['2'], 'kW', 60, 15)).toEqual([500, 500, 500, 500]);
  });
  it('rounds the running sum so many small values are not lost', () => {
    // -0.3 Wh every interval: rounding each would give zeros; the running sum keeps -3 Wh over 10 intervals.
    const wh = toWattHours(new Array(10).fill('-0.0012'), 'kW', 15, 15);
    expect(wh.reduce((a, b) => a + b, 0)).toBe(-3);
    expect(wh.every((w) => Number.isInteger(w) && Math.abs(w) <= 1)).toBe(true);
  });
  it('spreads kWh values evenly over finer steps', () => {
    expect(toWattHours(['1'], 'kWh', 60, 15)).toEqual([250, 250, 250, 250]);
  });
});
