import { MeterRegisteredV1, type Commodity, type EventUnion, type MeterRegister, type METER_KINDS, type Uuid } from '@utilia/contracts';
import { event, RuleViolation, unexpectedEvent, type Aggregate } from '@utilia/platform';

export interface MeterState {
  exists: boolean;
  serial?: string;
  commodity?: Commodity;
  registers: MeterRegister[];
}

export type MeterCommand = {
  type: 'register';
  meterId: Uuid;
  serial: string;
  commodity: Commodity;
  kind: (typeof METER_KINDS)[number];
  registers: MeterRegister[];
};

export const meterEvents = [MeterRegisteredV1] as const;
export type MeterEvent = EventUnion<typeof meterEvents>;

export const meterAggregate: Aggregate<MeterState, MeterEvent> = {
  events: meterEvents,
  initial: { exists: false, registers: [] },
  evolve(state, e) {
    switch (e.type) {
      case MeterRegisteredV1.type:
        return { exists: true, serial: e.data.serial, commodity: e.data.commodity, registers: e.data.registers };
      default:
        return unexpectedEvent(e.type);
    }
  },
};

/** Energy is read in Wh, kWh or MWh; demand in W or kW. */
const UNITS_OF = { energy: ['Wh', 'kWh', 'MWh'], demand: ['W', 'kW'] } as const;

/**
 * Meter rules: registered once; each register code once; each register's unit fits what it
 * measures; a multiplier is positive.
 */
export function decideMeter(state: MeterState, command: MeterCommand): MeterEvent[] {
  if (state.exists) throw new RuleViolation('meter-already-registered', `meter ${command.meterId} is registered already`, 'conflict');
  const codes = new Set<string>();
  for (const r of command.registers) {
    if (codes.has(r.code)) throw new RuleViolation('duplicate-register', `register ${r.code} is listed twice`);
    codes.add(r.code);
    if (!(UNITS_OF[r.measure] as readonly string[]).includes(r.unit)) {
      throw new RuleViolation('register-unit-mismatch', `register ${r.code} measures ${r.measure}, which is not read in ${r.unit}`);
    }
    if (!/^(0*[1-9][0-9]*(\.[0-9]+)?|0\.[0-9]*[1-9][0-9]*)$/.test(r.multiplier)) {
      throw new RuleViolation('register-multiplier-invalid', `register ${r.code} has multiplier ${r.multiplier}; it must be above zero`);
    }
  }
  const { type: _t, ...data } = command;
  return [event(MeterRegisteredV1, data)];
}
