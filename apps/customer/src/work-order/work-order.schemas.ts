import { DecimalSchema, InstantSchema, Strict, StringEnum, TextSchema, UuidV7Schema, WORK_ORDER_REASONS, WORK_ORDER_TYPES } from '@utilia/contracts';
import { Type } from '@sinclair/typebox';

/** The body of scheduling a work order. */
export const ScheduleWorkOrderBody = Strict({
  type: StringEnum(WORK_ORDER_TYPES),
  servicePointId: UuidV7Schema,
  reason: Type.Optional(StringEnum(WORK_ORDER_REASONS, { default: 'customer-request' })),
  appointment: Type.Optional(
    Strict({ from: InstantSchema, to: InstantSchema }, { description: 'The window the crew promised to arrive in (at most 24 hours).' }),
  ),
  notes: Type.Optional(TextSchema(2000)),
});

/** The body of dispatching a work order. */
export const DispatchBody = Strict({ crew: TextSchema(100) });

/** The body of completing a work order: what the crew found. */
export const CompleteBody = Strict({
  completedAt: InstantSchema,
  meterSerial: Type.Optional(TextSchema(40, { description: 'The meter found or fitted; for an exchange, the new one.' })),
  removedMeterSerial: Type.Optional(TextSchema(40, { description: 'For an exchange or removal, the meter taken away.' })),
  reads: Type.Optional(Type.Array(Strict({ register: TextSchema(40), value: DecimalSchema, readAt: InstantSchema }), { maxItems: 20 })),
  notes: Type.Optional(TextSchema(2000)),
});

/** The body of cancelling a work order. */
export const CancelBody = Strict({ reason: TextSchema(500) });

/** The answer of a work order command. */
export const WorkOrderRef = Strict({ workOrderId: UuidV7Schema });
