import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { MoneySchema, type Money } from '../../values/money';
import { InstantSchema, LocalDateSchema, type Instant, type LocalDate } from '../../values/time';
import { UuidV7Schema, type Uuid } from '../../values/ids';

/** Why collections asks for service to be restored. */
export const RECONNECTION_REASONS = ['paid-in-full', 'payment-arrangement', 'collections-error'] as const;

/** Data of `utilia.payments.disconnection-requested.v1`. */
export interface DisconnectionRequestedV1 {
  /** Identifies this request; a reconnection request names it. */
  requestId: Uuid;
  accountId: Uuid;
  /** What was past due when collections decided (decimal string and currency). */
  arrears: Money;
  /** The final notice this request follows, as the regulator requires one first. */
  finalNoticeOn: LocalDate;
  requestedAt: Instant;
}

/**
 * Collections asks for an account's service to be disconnected for non-payment: past due plus grace,
 * reminder and final notice sent, not protected, above the minimum arrears, no moratorium.
 */
export const DisconnectionRequestedV1 = defineEvent<DisconnectionRequestedV1>({
  context: 'payments',
  name: 'disconnection-requested',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'Collections asks for the service of an account to be disconnected for non-payment.',
  partitionKey: (d) => d.accountId,
  schema: {
    type: 'object',
    properties: {
      requestId: UuidV7Schema,
      accountId: UuidV7Schema,
      arrears: MoneySchema,
      finalNoticeOn: LocalDateSchema,
      requestedAt: InstantSchema,
    },
    required: ['requestId', 'accountId', 'arrears', 'finalNoticeOn', 'requestedAt'],
    additionalProperties: false,
  },
});

/** Data of `utilia.payments.reconnection-requested.v1`. */
export interface ReconnectionRequestedV1 {
  requestId: Uuid;
  accountId: Uuid;
  /** The disconnection request this one undoes. */
  disconnectionRequestId: Uuid;
  reason: (typeof RECONNECTION_REASONS)[number];
  requestedAt: Instant;
}

/**
 * Collections asks for service to be restored (paid in full, an arrangement made, or an error): a
 * pending disconnection is called off, a completed one is reversed by a reconnection.
 */
export const ReconnectionRequestedV1 = defineEvent<ReconnectionRequestedV1>({
  context: 'payments',
  name: 'reconnection-requested',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'Collections asks for the service of an account to be restored.',
  partitionKey: (d) => d.accountId,
  schema: {
    type: 'object',
    properties: {
      requestId: UuidV7Schema,
      accountId: UuidV7Schema,
      disconnectionRequestId: UuidV7Schema,
      reason: { type: 'string', enum: [...RECONNECTION_REASONS] },
      requestedAt: InstantSchema,
    },
    required: ['requestId', 'accountId', 'disconnectionRequestId', 'reason', 'requestedAt'],
    additionalProperties: false,
  },
});
