import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { NullableUuidSchema, UuidV7Schema } from '../../values/ids';
import { DecimalSchema } from '../../values/money';
import { described, nullable, Strict, StringEnum, TextSchema } from '../../values/schema';
import { InstantSchema } from '../../values/time';
import { COMMODITIES } from '../customer/customer-events';
import { FLOW_DIRECTIONS, READING_MEASURES, READING_UNITS } from '../headend/meter-readings';

/** Interval (AMI) meters send interval data; register-only meters are read. */
export const METER_KINDS = ['interval', 'register'] as const;

/** Schema of a meter's register: what it counts, its unit, multiplier and number of dials. */
export const MeterRegisterSchema = Strict({
  code: TextSchema(20, { description: 'The register code, e.g. OBIS 1.8.0 (import energy), 2.8.0 (export), 1.6.0 (maximum demand).' }),
  measure: StringEnum(READING_MEASURES),
  direction: StringEnum(FLOW_DIRECTIONS),
  unit: StringEnum(READING_UNITS),
  multiplier: described(DecimalSchema, 'What the displayed value is multiplied by (current-transformer ratio), e.g. "1" or "40".'),
  dials: Type.Integer({ minimum: 1, maximum: 12, description: 'Digits of the register: it rolls over to 0 after 10^dials − 1.' }),
});

/** A register of a meter. */
export type MeterRegister = Static<typeof MeterRegisterSchema>;

/** Schema of {@link MeterRegisteredV1}. */
export const MeterRegisteredV1Schema = Strict({
  meterId: UuidV7Schema,
  serial: TextSchema(40),
  commodity: StringEnum(COMMODITIES),
  kind: StringEnum(METER_KINDS),
  registers: Type.Array(MeterRegisterSchema, { minItems: 1, maxItems: 16 }),
});

/** Data of `utilia.metering.meter-registered.v1`. */
export type MeterRegisteredV1 = Static<typeof MeterRegisteredV1Schema>;

/** A meter entered the inventory with its registers. */
export const MeterRegisteredV1 = defineEvent({
  context: 'metering',
  name: 'meter-registered',
  version: 1,
  topic: Topics.meteringEvents,
  description: 'A meter entered the inventory: serial, commodity, interval or register-only, and its registers (unit, multiplier, dials).',
  partitionKey: (d) => d.meterId,
  schema: MeterRegisteredV1Schema,
});

/** A register read taken when a meter goes in or comes out. */
const InstallationReadSchema = Strict({ register: TextSchema(20), value: DecimalSchema, readAt: InstantSchema });

const installationRef = {
  installationId: UuidV7Schema,
  meterId: UuidV7Schema,
  serial: TextSchema(40),
  servicePointId: UuidV7Schema,
  workOrderId: described(NullableUuidSchema, "The customer service's work order that did it, when there was one."),
} as const;

/** Schema of {@link MeterInstalledV1}. */
export const MeterInstalledV1Schema = Strict({ ...installationRef, installedAt: InstantSchema, reads: Type.Array(InstallationReadSchema, { maxItems: 16 }) });

/** Data of `utilia.metering.meter-installed.v1`. */
export type MeterInstalledV1 = Static<typeof MeterInstalledV1Schema>;

/** A meter was installed at a service point: its readings from then on belong to that point. */
export const MeterInstalledV1 = defineEvent({
  context: 'metering',
  name: 'meter-installed',
  version: 1,
  topic: Topics.meteringEvents,
  description: 'A meter was installed at a service point, with its start reads: its readings from that instant belong to the point.',
  partitionKey: (d) => d.servicePointId,
  schema: MeterInstalledV1Schema,
});

/** Schema of {@link MeterRemovedV1}. */
export const MeterRemovedV1Schema = Strict({ ...installationRef, removedAt: InstantSchema, reads: Type.Array(InstallationReadSchema, { maxItems: 16 }) });

/** Data of `utilia.metering.meter-removed.v1`. */
export type MeterRemovedV1 = Static<typeof MeterRemovedV1Schema>;

/** A meter was removed from a service point (an exchange is a removal and an installation). */
export const MeterRemovedV1 = defineEvent({
  context: 'metering',
  name: 'meter-removed',
  version: 1,
  topic: Topics.meteringEvents,
  description: 'A meter was removed from a service point, with its final reads (an exchange is a removal and an installation).',
  partitionKey: (d) => d.servicePointId,
  schema: MeterRemovedV1Schema,
});

/** The checks of validation (VEE). */
export const VEE_RULES = [
  'gap',
  'changed-value',
  'register-backwards',
  'spike',
  'zero-streak',
  'outside-installation',
  'future-timestamp',
  'interval-length',
] as const;

/** Schema of {@link VeeExceptionRaisedV1}. */
export const VeeExceptionRaisedV1Schema = Strict({
  exceptionId: UuidV7Schema,
  meterId: UuidV7Schema,
  servicePointId: described(NullableUuidSchema, 'Where the meter was installed then; null when it was installed nowhere.'),
  channel: TextSchema(40, { description: 'The channel: measure, direction, interval, e.g. energy:import:900.' }),
  rule: StringEnum(VEE_RULES),
  from: InstantSchema,
  to: InstantSchema,
  detail: TextSchema(500),
});

/** Data of `utilia.metering.vee-exception-raised.v1`. */
export type VeeExceptionRaisedV1 = Static<typeof VeeExceptionRaisedV1Schema>;

/** A validation check found readings a person has to look at (a gap, a spike, a register going backwards...). */
export const VeeExceptionRaisedV1 = defineEvent({
  context: 'metering',
  name: 'vee-exception-raised',
  version: 1,
  topic: Topics.meteringEvents,
  description: 'A validation check (VEE) found readings to look at: a gap, a changed value, a register going backwards, a spike, a zero streak...',
  partitionKey: (d) => d.servicePointId ?? d.meterId,
  schema: VeeExceptionRaisedV1Schema,
});

/** How a CSR settled a VEE exception. */
export const VEE_RESOLUTIONS = ['accepted', 'edited', 'estimated'] as const;

/** Schema of {@link VeeExceptionResolvedV1}. */
export const VeeExceptionResolvedV1Schema = Strict({
  exceptionId: UuidV7Schema,
  meterId: UuidV7Schema,
  servicePointId: NullableUuidSchema,
  resolution: StringEnum(VEE_RESOLUTIONS),
  by: TextSchema(200, { description: 'Who settled it (the subject of their token).' }),
  note: nullable(TextSchema(2000)),
});

/** Data of `utilia.metering.vee-exception-resolved.v1`. */
export type VeeExceptionResolvedV1 = Static<typeof VeeExceptionResolvedV1Schema>;

/** A VEE exception was settled: the readings accepted as they are, edited, or re-estimated. */
export const VeeExceptionResolvedV1 = defineEvent({
  context: 'metering',
  name: 'vee-exception-resolved',
  version: 1,
  topic: Topics.meteringEvents,
  description: 'A VEE exception was settled: readings accepted as they are, edited, or re-estimated.',
  partitionKey: (d) => d.servicePointId ?? d.meterId,
  schema: VeeExceptionResolvedV1Schema,
});
