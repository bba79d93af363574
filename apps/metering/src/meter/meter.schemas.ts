import { COMMODITIES, METER_KINDS, MeterRegisterSchema, Strict, StringEnum, TextSchema, UuidV7Schema } from '@utilia/contracts';
import { Type } from '@sinclair/typebox';

/** The body of registering a meter. */
export const RegisterMeterBody = Strict({
  serial: TextSchema(40),
  commodity: StringEnum(COMMODITIES),
  kind: StringEnum(METER_KINDS),
  registers: Type.Array(MeterRegisterSchema, { minItems: 1, maxItems: 16 }),
});

/** The answer of registering a meter. */
export const MeterRegisteredAnswer = Strict({ meterId: UuidV7Schema });

/** A meter as the inventory shows it. */
export const MeterView = Type.Object({
  id: UuidV7Schema,
  serial: Type.String(),
  commodity: StringEnum(COMMODITIES),
  kind: StringEnum(METER_KINDS),
  registers: Type.Array(MeterRegisterSchema),
  status: StringEnum(['in-stock', 'installed', 'removed'] as const),
  servicePointId: Type.Union([UuidV7Schema, Type.Null()]),
});
