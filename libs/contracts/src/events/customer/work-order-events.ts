import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { DecimalSchema } from '../../values/money';
import { UuidV7Schema, type Uuid } from '../../values/ids';
import { InstantSchema, type Instant } from '../../values/time';
import { nullable, NullableUuidSchema, TextSchema } from './cis-shapes';

/** The identity every work-order event carries: which order, at which point, for which account. */
const workOrderRef = { workOrderId: UuidV7Schema, servicePointId: UuidV7Schema, accountId: NullableUuidSchema } as const;


/** The field jobs a work order can be. */
export const WORK_ORDER_TYPES = ['connect', 'disconnect', 'reconnect', 'meter-install', 'meter-exchange', 'meter-remove', 'read-check'] as const;
/** A type from {@link WORK_ORDER_TYPES}. */
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];

/** Why a work order exists, when a process created it (CSRs may also give free text). */
export const WORK_ORDER_REASONS = ['move-in', 'final-read', 'transfer-read', 'collections', 'customer-request', 'other'] as const;

/** A time window the crew promised to arrive in. */
export interface AppointmentWindow {
  from: Instant;
  to: Instant;
}

const AppointmentSchema = {
  type: 'object',
  properties: { from: InstantSchema, to: InstantSchema },
  required: ['from', 'to'],
  additionalProperties: false,
};

const workOrderKey = (d: { accountId: Uuid | null; servicePointId: Uuid }) => d.accountId ?? d.servicePointId;

/** Data of `utilia.customer.work-order-scheduled.v1`. */
export interface WorkOrderScheduledV1 {
  workOrderId: Uuid;
  type: WorkOrderType;
  servicePointId: Uuid;
  /** The account the job is for; null for work on a vacant point. */
  accountId: Uuid | null;
  reason: (typeof WORK_ORDER_REASONS)[number];
  appointment: AppointmentWindow | null;
  /** What asked for it: a CSR, a process of this service, or another context's event (its id). */
  requestedBy: { kind: 'csr' | 'process' | 'event'; ref: string };
  notes: string | null;
}

/** A field work order was scheduled. */
export const WorkOrderScheduledV1 = defineEvent<WorkOrderScheduledV1>({
  context: 'customer',
  name: 'work-order-scheduled',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A field work order (connect, disconnect, reconnect, meter install/exchange/remove, read check) was scheduled.',
  partitionKey: workOrderKey,
  schema: {
    type: 'object',
    properties: {
      ...workOrderRef,
      type: { type: 'string', enum: [...WORK_ORDER_TYPES] },
      reason: { type: 'string', enum: [...WORK_ORDER_REASONS] },
      appointment: nullable(AppointmentSchema),
      requestedBy: {
        type: 'object',
        properties: { kind: { type: 'string', enum: ['csr', 'process', 'event'] }, ref: TextSchema(200) },
        required: ['kind', 'ref'],
        additionalProperties: false,
      },
      notes: nullable(TextSchema(2000)),
    },
    required: ['workOrderId', 'type', 'servicePointId', 'accountId', 'reason', 'appointment', 'requestedBy', 'notes'],
    additionalProperties: false,
  },
});

/** Data of `utilia.customer.work-order-dispatched.v1`. */
export interface WorkOrderDispatchedV1 {
  workOrderId: Uuid;
  servicePointId: Uuid;
  accountId: Uuid | null;
  crew: string;
  dispatchedAt: Instant;
}

/** A work order was handed to a field crew. */
export const WorkOrderDispatchedV1 = defineEvent<WorkOrderDispatchedV1>({
  context: 'customer',
  name: 'work-order-dispatched',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A work order was handed to a field crew.',
  partitionKey: workOrderKey,
  schema: {
    type: 'object',
    properties: { ...workOrderRef, crew: TextSchema(100), dispatchedAt: InstantSchema },
    required: ['workOrderId', 'servicePointId', 'accountId', 'crew', 'dispatchedAt'],
    additionalProperties: false,
  },
});

/** A register read taken in the field. `value` is an exact decimal string, never a JS number. */
export interface FieldRead {
  register: string;
  value: string;
  readAt: Instant;
}

/** Data of `utilia.customer.work-order-completed.v1`. */
export interface WorkOrderCompletedV1 {
  workOrderId: Uuid;
  type: WorkOrderType;
  servicePointId: Uuid;
  accountId: Uuid | null;
  completedAt: Instant;
  /** The meter found or fitted; for an exchange, the new one. */
  meterSerial: string | null;
  /** For an exchange or removal, the meter taken away. */
  removedMeterSerial: string | null;
  reads: FieldRead[];
  notes: string | null;
}

/** A work order was done in the field, with what the crew found: meter serial and reads. */
export const WorkOrderCompletedV1 = defineEvent<WorkOrderCompletedV1>({
  context: 'customer',
  name: 'work-order-completed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A work order was completed in the field, with the meter serial and the reads taken.',
  partitionKey: workOrderKey,
  schema: {
    type: 'object',
    properties: {
      ...workOrderRef,
      type: { type: 'string', enum: [...WORK_ORDER_TYPES] },
      completedAt: InstantSchema,
      meterSerial: nullable(TextSchema(40)),
      removedMeterSerial: nullable(TextSchema(40)),
      reads: {
        type: 'array',
        maxItems: 20,
        items: {
          type: 'object',
          properties: { register: TextSchema(40), value: DecimalSchema, readAt: InstantSchema },
          required: ['register', 'value', 'readAt'],
          additionalProperties: false,
        },
      },
      notes: nullable(TextSchema(2000)),
    },
    required: ['workOrderId', 'type', 'servicePointId', 'accountId', 'completedAt', 'meterSerial', 'removedMeterSerial', 'reads', 'notes'],
    additionalProperties: false,
  },
});

/** Data of `utilia.customer.work-order-cancelled.v1`. */
export interface WorkOrderCancelledV1 {
  workOrderId: Uuid;
  servicePointId: Uuid;
  accountId: Uuid | null;
  reason: string;
}

/** A work order was cancelled before completion. */
export const WorkOrderCancelledV1 = defineEvent<WorkOrderCancelledV1>({
  context: 'customer',
  name: 'work-order-cancelled',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A work order was cancelled before completion.',
  partitionKey: workOrderKey,
  schema: {
    type: 'object',
    properties: { ...workOrderRef, reason: TextSchema(500) },
    required: ['workOrderId', 'servicePointId', 'accountId', 'reason'],
    additionalProperties: false,
  },
});
