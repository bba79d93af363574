import type { MeterRegister } from '@utilia/contracts';
import { registerTotal } from './registers';

const kwh: MeterRegister = { code: '1.8.0', measure: 'energy', direction: 'import', unit: 'kWh', multiplier: '1', dials: 5 };
const demand: MeterRegister = { code: '1.6.0', measure: 'demand', direction: 'import', unit: 'kW', multiplier: '1', dials: 4 };
const DAY = 86_400;

describe('register totals over a billing period', () => {
  it('counts from the last read at or before the start to the last read before the end', () => {
    const t = registerTotal(
      kwh,
      [
        { at: 0, value: '100' },
        { at: 30 * DAY, value: '640' },
        { at: 31 * DAY, value: '660' },
      ],
      0,
      30 * DAY,
    );
    expect(t).toEqual({ register: '1.8.0', startRead: '100', endRead: '640', consumption: '540', estimated: false });
  });

  it('a register that rolled over past its last dial counts on', () => {
    expect(
      registerTotal(
        kwh,
        [
          { at: 0, value: '99900' },
          { at: 30 * DAY, value: '200' },
        ],
        0,
        30 * DAY,
      ).consumption,
    ).toBe('300');
  });

  it('applies the multiplier of a current-transformer meter', () => {
    expect(
      registerTotal(
        { ...kwh, multiplier: '40' },
        [
          { at: 0, value: '10.5' },
          { at: 30 * DAY, value: '20' },
        ],
        0,
        30 * DAY,
      ).consumption,
    ).toBe('380');
  });

  it('with no read near the end, the end read is estimated from the history', () => {
    const t = registerTotal(
      kwh,
      [
        { at: 0, value: '100' },
        { at: 10 * DAY, value: '200' },
      ],
      0,
      30 * DAY,
    );
    expect(t).toMatchObject({ endRead: '400', consumption: '300', estimated: true });
  });

  it('with a single read there is nothing to count', () => {
    expect(registerTotal(kwh, [{ at: 0, value: '100' }], 0, 30 * DAY)).toMatchObject({ startRead: '100', endRead: null, consumption: null });
  });

  it('a demand register totals its highest read in the period', () => {
    const t = registerTotal(
      { ...demand, multiplier: '2' },
      [
        { at: -DAY, value: '9' },
        { at: DAY, value: '4.2' },
        { at: 2 * DAY, value: '5.1' },
      ],
      0,
      30 * DAY,
    );
    expect(t).toMatchObject({ endRead: '5.1', consumption: '10.2' });
  });
});
