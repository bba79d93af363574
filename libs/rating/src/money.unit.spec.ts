import { approx, Big, formatMoney, minorUnitDigits, roundMoney, shifted } from './money';

describe('money', () => {
  it('rounds half-up to the cent, away from zero on a tie', () => {
    expect(roundMoney(new Big('10.005'), 'USD').toFixed(2)).toBe('10.01');
    expect(roundMoney(new Big('-10.005'), 'USD').toFixed(2)).toBe('-10.01');
    expect(roundMoney(new Big('10.0049'), 'USD').toFixed(2)).toBe('10.00');
  });
  it('knows currencies without cents and with mils', () => {
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(formatMoney(new Big('1234.5'), 'JPY')).toBe('1235');
    expect(formatMoney(new Big('1.2345'), 'KWD')).toBe('1.235');
  });
  it('turns integer watt-hours into kWh exactly by shifting the exponent', () => {
    expect(shifted(1234567, 3).toFixed()).toBe('1234.567');
    expect(shifted(0, 3).toFixed()).toBe('0');
    expect(shifted(-5, 3).toFixed()).toBe('-0.005');
  });
  it('shows at most the asked places in traces', () => {
    expect(approx(new Big('1').div(3), 6)).toBe('0.333333');
    expect(approx(new Big('2.5'), 6)).toBe('2.5');
  });
});
