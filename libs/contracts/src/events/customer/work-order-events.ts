import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { NullableUuidSchema, UuidV7Schema, type Uuid } from '../../values/ids';
import { DecimalSchema } from '../../values/money';
import { described, nullable, Strict, StringEnum, TextSchema } from '../../values/schema';
import { InstantSchema } from '../../values/time';

/** The identity every work-order event carries: which order, at which point, for which account. */
const workOrderRef = {
  workOrderId: UuidV7Schema,
  servicePointId: UuidV7Schema,
  accountId: described(NullableUuidSchema, 'The account the job is for; null for work on a vacant point.'),
} as const;

/** The field jobs a work order can be. */
export const WORK_ORDER_TYPES = ['connect', 'disconnect', 'reconnect', 'meter-install', 'meter-exchange', 'meter-remove', 'read-check'] as const;
/** A type from {@link WORK_ORDER_TYPES}. */
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];

/** Why a work order exists, when a process created it (CSRs may also give free text). */
export const WORK_ORDER_REASONS = ['move-in', 'final-read', 'transfer-read', 'collections', 'customer-request', 'other'] as const;

/** Schema of an {@link AppointmentWindow}. */
export const AppointmentWindowSchema = Strict({ from: InstantSchema, to: InstantSchema });

/** A time window the crew promised to arrive in. */
export type AppointmentWindow = Static<typeof AppointmentWindowSchema>;

const workOrderKey = (d: { accountId: Uuid | null; servicePointId: Uuid }) => d.accountId ?? d.servicePointId;

/** Schema of {@link WorkOrderScheduledV1}. */
export const WorkOrderScheduledV1Schema = Strict({
  ...workOrderRef,
  type: StringEnum(WORK_ORDER_TYPES),
  reason: StringEnum(WORK_ORDER_REASONS),
  appointment: nullable(AppointmentWindowSchema),
  requestedBy: Strict(
    { kind: StringEnum(['csr', 'process', 'event']), ref: TextSchema(200) },
    { description: "What asked for it: a CSR, a process of this service, or another context's event (its id)." },
  ),
  notes: nullable(TextSchema(2000)),
  scheduledAt: Type.Optional(described(InstantSchema, 'When it was scheduled (absent from orders scheduled before it was recorded).')),
});

/** Data of `utilia.customer.work-order-scheduled.v1`. */
export type WorkOrderScheduledV1 = Static<typeof WorkOrderScheduledV1Schema>;

/** A field work order was scheduled. */
export const WorkOrderScheduledV1 = defineEvent({
  context: 'customer',
  name: 'work-order-scheduled',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A field work order (connect, disconnect, reconnect, meter install/exchange/remove, read check) was scheduled.',
  partitionKey: workOrderKey,
  schema: WorkOrderScheduledV1Schema,
});

/** Schema of {@link WorkOrderDispatchedV1}. */
export const WorkOrderDispatchedV1Schema = Strict({ ...workOrderRef, crew: TextSchema(100), dispatchedAt: InstantSchema });

/** Data of `utilia.customer.work-order-dispatched.v1`. */
export type WorkOrderDispatchedV1 = Static<typeof WorkOrderDispatchedV1Schema>;

/** A work order was handed to a field crew. */
export const WorkOrderDispatchedV1 = defineEvent({
  context: 'customer',
  name: 'work-order-dispatched',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A work order was handed to a field crew.',
  partitionKey: workOrderKey,
  schema: WorkOrderDispatchedV1Schema,
});

/** Schema of a {@link FieldRead}. */
export const FieldReadSchema = Strict({ register: TextSchema(40), value: DecimalSchema, readAt: InstantSchema });

/** A register read taken in the field. `value` is an exact decimal string, never a JS number. */
export type FieldRead = Static<typeof FieldReadSchema>;

/** Schema of {@link WorkOrderCompletedV1}. */
export const WorkOrderCompletedV1Schema = Strict({
  ...workOrderRef,
  type: StringEnum(WORK_ORDER_TYPES),
  completedAt: InstantSchema,
  meterSerial: nullable(TextSchema(40), { description: 'The meter found or fitted; for an exchange, the new one.' }),
  removedMeterSerial: nullable(TextSchema(40), { description: 'For an exchange or removal, the meter taken away.' }),
  reads: Type.Array(FieldReadSchema, { maxItems: 20 }),
  notes: nullable(TextSchema(2000)),
});

/** Data of `utilia.customer.work-order-completed.v1`. */
export type WorkOrderCompletedV1 = Static<typeof WorkOrderCompletedV1Schema>;

/** A work order was done in the field, with what the crew found: meter serial and reads. */
export const WorkOrderCompletedV1 = defineEvent({
  context: 'customer',
  name: 'work-order-completed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A work order was completed in the field, with the meter serial and the reads taken.',
  partitionKey: workOrderKey,
  schema: WorkOrderCompletedV1Schema,
});

/** Schema of {@link WorkOrderCancelledV1}. */
export const WorkOrderCancelledV1Schema = Strict({ ...workOrderRef, reason: TextSchema(500) });

/** Data of `utilia.customer.work-order-cancelled.v1`. */
export type WorkOrderCancelledV1 = Static<typeof WorkOrderCancelledV1Schema>;

/** A work order was cancelled before completion. */
export const WorkOrderCancelledV1 = defineEvent({
  context: 'customer',
  name: 'work-order-cancelled',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A work order was cancelled before completion.',
  partitionKey: workOrderKey,
  schema: WorkOrderCancelledV1Schema,
});
