import { uuidv7 } from '@utilia/contracts';
import { given, named, violatedRule } from '@utilia/platform/testing';
import { decideMeter, meterAggregate, type MeterCommand } from './meter.decider';

const meterId = uuidv7();
const register = (code: string, measure: 'energy' | 'demand', unit: 'kWh' | 'kW' | 'Wh', multiplier = '1') => ({
  code,
  measure,
  direction: 'import' as const,
  unit,
  multiplier,
  dials: 6,
});
const command = (registers = [register('1.8.0', 'energy', 'kWh')]): MeterCommand => ({
  type: 'register',
  meterId,
  serial: 'LG-1',
  commodity: 'electricity',
  kind: 'interval',
  registers,
});

describe('meters', () => {
  it('a meter is registered with its registers', () => {
    expect(named(decideMeter(given(meterAggregate), command()))).toEqual([
      ['meter-registered', { meterId, serial: 'LG-1', commodity: 'electricity', kind: 'interval', registers: [register('1.8.0', 'energy', 'kWh')] }],
    ]);
  });

  it('a meter is registered once', () => {
    const registered = decideMeter(given(meterAggregate), command());
    expect(violatedRule(() => decideMeter(given(meterAggregate, ...registered), command()))).toBe('meter-already-registered');
  });

  it('a register measures energy in Wh, kWh or MWh and demand in W or kW, with a positive multiplier, each code once', () => {
    expect(violatedRule(() => decideMeter(given(meterAggregate), command([register('1.8.0', 'energy', 'kW')])))).toBe('register-unit-mismatch');
    expect(violatedRule(() => decideMeter(given(meterAggregate), command([register('1.8.0', 'energy', 'kWh', '0')])))).toBe('register-multiplier-invalid');
    expect(violatedRule(() => decideMeter(given(meterAggregate), command([register('1.8.0', 'energy', 'kWh'), register('1.8.0', 'energy', 'Wh')])))).toBe(
      'duplicate-register',
    );
    expect(decideMeter(given(meterAggregate), command([register('1.6.0', 'demand', 'kW', '40')]))).toHaveLength(1);
  });
});
