import { EspiError } from './errors';
import { corpusText } from './testing/corpus';
import { readingsInWh, scaledValue } from './energy';
import type { IntervalBlock, ReadingType } from './model';
import { parseEspi } from './parse';

const readingType = (fields: Record<string, string>): ReadingType => ({ path: 'feed/entry[1]/content/ReadingType', fields });
const block = (...values: string[]): IntervalBlock => ({
  path: 'feed/entry[2]/content/IntervalBlock',
  readings: values.map((value, i) => ({ timePeriod: { start: 1_700_000_000 + i * 900, duration: 900 }, value })),
  readingTypeResolution: 'none',
});

function errorOf(f: () => unknown): EspiError {
  try {
    f();
  } catch (e) {
    if (e instanceof EspiError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('readingsInWh', () => {
  it('gives a Wh ReadingType’s values as integer Wh with start and seconds, in the block’s order', () => {
    const doc = parseEspi(corpusText('intervals_APUC000000_electric.xml'));
    const [b] = doc.intervalBlocks;
    const wh = readingsInWh(b, b.readingType as ReadingType);
    expect(wh).toHaveLength(300);
    expect(wh[0]).toEqual({ start: 1678165200, seconds: 3600, wh: 320n });
    expect(wh.reduce((s, r) => s + r.wh, 0n)).toBe(248530n);
  });

  it('multiplies by 10^powerOfTenMultiplier exactly: kWh-scaled values of 15 digits stay exact', () => {
    const kwh = readingType({ uom: '72', powerOfTenMultiplier: '3' });
    expect(readingsInWh(block('86400', '140737488355327'), kwh).map((r) => r.wh)).toEqual([86_400_000n, 140_737_488_355_327_000n]);
    expect(readingsInWh(block('5'), readingType({ uom: '72' }))[0].wh).toBe(5n);
  });

  it('divides for a negative multiplier when the result is whole Wh, and refuses a fraction of a Wh with the exact decimal', () => {
    const mwh = readingType({ uom: '72', powerOfTenMultiplier: '-3' });
    expect(readingsInWh(block('12000', '-3000'), mwh).map((r) => r.wh)).toEqual([12n, -3n]);
    const e = errorOf(() => readingsInWh(block('12000', '1234'), mwh));
    expect(e.code).toBe('fractional-wh');
    expect(e.where).toBe('feed/entry[2]/content/IntervalBlock/IntervalReading[2]');
    expect(e.message).toContain('the reading starting at 1700000900 is 1.234 Wh, not a whole number of watt-hours');
  });

  it('refuses W as power, therm and other units by name, a missing uom, and an out-of-range multiplier', () => {
    expect(errorOf(() => readingsInWh(block('1'), readingType({ uom: '38' }))).message).toContain('uom 38 (W) is power, not energy');
    const gas = parseEspi(corpusText('greenbutton_objects/gas_direct.xml')).intervalBlocks[0];
    const therm = errorOf(() => readingsInWh(gas, gas.readingType as ReadingType));
    expect(therm.code).toBe('unsupported-uom');
    expect(therm.message).toBe('feed/entry[3]/content/ReadingType: uom 169 (therm) is not energy in watt-hours; only uom 72 (Wh) is converted');
    expect(errorOf(() => readingsInWh(block('1'), readingType({ uom: '999' }))).message).toContain('uom 999 is not energy');
    expect(errorOf(() => readingsInWh(block('1'), readingType({ powerOfTenMultiplier: '0' }))).code).toBe('missing-uom');
    expect(errorOf(() => readingsInWh(block('1'), readingType({ uom: '72', powerOfTenMultiplier: 'kilo' }))).code).toBe('invalid-multiplier');
    expect(errorOf(() => readingsInWh(block('1'), readingType({ uom: '72', powerOfTenMultiplier: '15' }))).code).toBe('invalid-multiplier');
  });
});

describe('scaledValue', () => {
  it('writes value × 10^multiplier as an exact decimal', () => {
    expect(scaledValue('37000', -3)).toBe('37');
    expect(scaledValue('819', -5)).toBe('0.00819');
    expect(scaledValue('5100000', -5)).toBe('51');
    expect(scaledValue('-1234', -3)).toBe('-1.234');
    expect(scaledValue('-5', -1)).toBe('-0.5');
    expect(scaledValue('0', -3)).toBe('0');
    expect(scaledValue('12', 3)).toBe('12000');
    expect(scaledValue('+0012', 0)).toBe('12');
  });
});
