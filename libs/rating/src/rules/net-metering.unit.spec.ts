import { Big } from '../money';
import { netMonth, netPerPeriod } from './net-metering';

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

describe('net metering per TOU period', () => {
  const k = (xs: readonly { toFixed(): string }[]) => xs.map((x) => x.toFixed());

  it("a period's surplus never offsets another period: the evening imports are billed where whole-month netting bills none", () => {
    // Day: 20 imported, 100 exported (surplus 80); evening: 50 imported.
    const r = netPerPeriod([b('20'), b('50')], [b('100'), b('0')], [], b('0'));
    expect(k(r.billedKwh)).toEqual(['0', '50']);
    expect(k(r.bankKwhByPeriod)).toEqual(['80', '0']);
    expect(k(netMonth([b('20'), b('50')], [b('100'), b('0')], b('0')).billedKwh)).toEqual(['0', '0']);
  });

  it("a period's bank offsets the same period of a later month", () => {
    const r = netPerPeriod([b('90'), b('0')], [b('0'), b('30')], [b('80'), b('0')], b('0'));
    expect(k(r.billedKwh)).toEqual(['10', '0']);
    expect(k(r.bankKwhByPeriod)).toEqual(['0', '30']);
  });

  it("kWh banked without a period offset any period's deficit after its own bank, in period order", () => {
    // Period 0: 50 - own 20 - shared 30 = 0; period 1: 40 - shared 5 = 35.
    const r = netPerPeriod([b('50'), b('40')], [b('0'), b('0')], [b('20')], b('35'));
    expect(k(r.billedKwh)).toEqual(['0', '35']);
    expect(k(r.bankKwhByPeriod)).toEqual(['0', '0']);
    expect(r.sharedBankKwh.toFixed()).toBe('0');
  });
});
