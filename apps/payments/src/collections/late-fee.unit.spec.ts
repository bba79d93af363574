import { lateFee, parseCap, parseLateFee } from './late-fee';

describe('the late fee', () => {
  it('is a percent of what is past due, rounded half-up to the cent', () => {
    const policy = parseLateFee('1.5%');
    expect(lateFee(policy, '100.00', 'USD')).toBe('1.50');
    expect(lateFee(policy, '123.45', 'USD')).toBe('1.85'); // 1.85175
    expect(lateFee(policy, '33.30', 'USD')).toBe('0.50'); // 0.4995 rounds up
  });

  it('stops at the cap', () => {
    const policy = parseLateFee('2%', '25');
    expect(lateFee(policy, '1000', 'USD')).toBe('20.00');
    expect(lateFee(policy, '5000', 'USD')).toBe('25.00');
  });

  it('is the same fixed amount whatever is past due, in the currency minor unit', () => {
    expect(lateFee(parseLateFee('5.00'), '12.00', 'USD')).toBe('5.00');
    expect(lateFee(parseLateFee('1.5%'), '1001', 'JPY')).toBe('15'); // 15.015 yen, no minor unit
  });

  it('is nothing on nothing past due, or when it rounds to zero', () => {
    expect(lateFee(parseLateFee('1.5%'), '0', 'USD')).toBeNull();
    expect(lateFee(parseLateFee('1.5%'), '0.20', 'USD')).toBeNull();
  });

  it('is written as a percent or an amount; anything else is refused', () => {
    expect(parseLateFee('1.5%', '25.00')).toEqual({ kind: 'percent', percent: '1.5', cap: '25.00' });
    expect(parseLateFee('7.50')).toEqual({ kind: 'fixed', amount: '7.50' });
    expect(() => parseLateFee('1,5%')).toThrow(/percent/);
    expect(() => parseLateFee('-2')).toThrow(/percent/);
    expect([parseCap('none'), parseCap(' 30 ')]).toEqual([null, '30']);
    expect(() => parseCap('lots')).toThrow(/none/);
  });
});
