import Ajv from 'ajv';
import { isDecimalString, isMoney, MoneySchema } from './money';

describe('Money on the wire', () => {
  const validate = new Ajv({ allErrors: true }).compile(MoneySchema);

  it.each(['123.45', '-0.5', '0', '7', '1000000000000000000000.000001'])('accepts the decimal string %s', (amount) => {
    expect(isDecimalString(amount)).toBe(true);
    expect(isMoney({ amount, currency: 'USD' })).toBe(true);
    expect(validate({ amount, currency: 'USD' })).toBe(true);
  });

  it.each(['1e3', '+1', '01.5', '.5', '5.', '1,000.00', '', ' 1', 'NaN'])('rejects %j as an amount', (amount) => {
    expect(isDecimalString(amount)).toBe(false);
    expect(validate({ amount, currency: 'USD' })).toBe(false);
  });

  it('never takes an amount as a JS number', () => {
    expect(isMoney({ amount: 12.5, currency: 'USD' })).toBe(false);
    expect(validate({ amount: 12.5, currency: 'USD' })).toBe(false);
  });

  it('requires a three-letter upper-case ISO 4217 currency and nothing else', () => {
    expect(isMoney({ amount: '1', currency: 'usd' })).toBe(false);
    expect(isMoney({ amount: '1', currency: 'EURO' })).toBe(false);
    expect(isMoney({ amount: '1', currency: 'EUR', note: 'x' })).toBe(false);
    expect(validate({ amount: '1', currency: 'EUR', note: 'x' })).toBe(false);
    expect(validate({ amount: '1' })).toBe(false);
  });
});
