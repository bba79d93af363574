import { type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { UuidV7Schema } from '../../values/ids';
import { MoneySchema } from '../../values/money';
import { described, Strict, StringEnum } from '../../values/schema';
import { InstantSchema, LocalDateSchema } from '../../values/time';

/** Why collections asks for service to be restored. */
export const RECONNECTION_REASONS = ['paid-in-full', 'payment-arrangement', 'collections-error'] as const;

/** Schema of {@link DisconnectionRequestedV1}. */
export const DisconnectionRequestedV1Schema = Strict({
  requestId: described(UuidV7Schema, 'Identifies this request; a reconnection request names it.'),
  accountId: UuidV7Schema,
  arrears: described(MoneySchema, 'What was past due when collections decided (decimal string and currency).'),
  finalNoticeOn: described(LocalDateSchema, 'The final notice this request follows, as the regulator requires one first.'),
  requestedAt: InstantSchema,
});

/** Data of `utilia.payments.disconnection-requested.v1`. */
export type DisconnectionRequestedV1 = Static<typeof DisconnectionRequestedV1Schema>;

/**
 * Collections asks for an account's service to be disconnected for non-payment: past due plus grace,
 * reminder and final notice sent, not protected, above the minimum arrears, no moratorium.
 */
export const DisconnectionRequestedV1 = defineEvent({
  context: 'payments',
  name: 'disconnection-requested',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'Collections asks for the service of an account to be disconnected for non-payment.',
  partitionKey: (d) => d.accountId,
  schema: DisconnectionRequestedV1Schema,
});

/** Schema of {@link ReconnectionRequestedV1}. */
export const ReconnectionRequestedV1Schema = Strict({
  requestId: UuidV7Schema,
  accountId: UuidV7Schema,
  disconnectionRequestId: described(UuidV7Schema, 'The disconnection request this one undoes.'),
  reason: StringEnum(RECONNECTION_REASONS),
  requestedAt: InstantSchema,
});

/** Data of `utilia.payments.reconnection-requested.v1`. */
export type ReconnectionRequestedV1 = Static<typeof ReconnectionRequestedV1Schema>;

/**
 * Collections asks for service to be restored (paid in full, an arrangement made, or an error): a
 * pending disconnection is called off, a completed one is reversed by a reconnection.
 */
export const ReconnectionRequestedV1 = defineEvent({
  context: 'payments',
  name: 'reconnection-requested',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'Collections asks for the service of an account to be restored.',
  partitionKey: (d) => d.accountId,
  schema: ReconnectionRequestedV1Schema,
});
