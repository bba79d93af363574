import { channelKey, channelOf, channelOfReadingType, FractionalValue, scaledInteger, toBaseUnits } from './channel';

describe('channels and units', () => {
  it('energy is stored in whole Wh and demand in whole W, exactly', () => {
    expect(toBaseUnits('10234.517', 'kWh')).toBe(10234517n);
    expect(toBaseUnits('212', 'Wh')).toBe(212n);
    expect(toBaseUnits('1.5', 'MWh')).toBe(1500000n);
    expect(toBaseUnits('3.25', 'kW')).toBe(3250n);
  });

  it('a value that is not a whole Wh is refused, not rounded', () => {
    expect(() => toBaseUnits('0.2125', 'kWh')).toThrow(FractionalValue);
    expect(() => toBaseUnits('12.5', 'Wh')).toThrow('12.5 is not a whole number of Wh');
  });

  it('an ESPI value with a power of ten keeps every digit', () => {
    expect(scaledInteger('1152', 3, 'Wh')).toBe(1152000n);
    expect(scaledInteger('120', -1, 'therm')).toBe(12n);
    expect(scaledInteger('-5', 0, 'Wh')).toBe(-5n);
  });

  it('a reading type that measures energy in W (or demand in Wh) is not a channel', () => {
    expect(channelOfReadingType({ measure: 'energy', unit: 'kW', direction: 'import' })).toBe('energy is measured in Wh, kWh or MWh, not kW');
    expect(channelOfReadingType({ measure: 'demand', unit: 'kW', direction: 'import' })).toEqual({
      measure: 'demand',
      direction: 'import',
      unit: 'W',
      scale: 0,
    });
  });

  it('a channel is stored under a key it can be read back from', () => {
    const c = { measure: 'energy' as const, direction: 'export' as const, unit: 'Wh', scale: 0 };
    expect(channelKey(c)).toBe('energy:export:Wh:0');
    expect(channelOf(channelKey(c))).toEqual(c);
  });
});
