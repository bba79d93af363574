import { Big } from '../money';
import { netMonth } from './net-metering';

const b = (s: string) => new Big(s);

describe('net metering', () => {
  it('a month that exports more than it imports bills no energy and banks the surplus', () => {
    // net: 100 - 20 = 80 and 50 - 200 = -150: month -70 kWh
    const r = netMonth([b('100'), b('50')], [b('20'), b('200')], b('10'));
    expect(r.billedKwh.map((k) => k.toFixed())).toEqual(['0', '0']);
    expect(r.bankKwh.toFixed()).toBe('80');
  });

  it('the bank offsets a later month, each period keeping its share of what is left to bill', () => {
    // net 100 and 40 = 140; bank 70 → 70 billed: 50 and 20.
    const r = netMonth([b('100'), b('50')], [b('0'), b('10')], b('70'));
    expect(r.billedKwh.map((k) => k.toFixed())).toEqual(['50', '20']);
    expect(r.bankKwh.toFixed()).toBe('0');
  });

  it('exports in one period offset imports in another within the month', () => {
    const r = netMonth([b('100'), b('0')], [b('0'), b('30')], b('0'));
    expect(r.billedKwh.map((k) => k.toFixed())).toEqual(['70', '0']);
  });
});
