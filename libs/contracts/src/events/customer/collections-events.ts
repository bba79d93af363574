import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { UuidV7Schema } from '../../values/ids';
import { described, Strict, StringEnum, TextSchema } from '../../values/schema';
import { LocalDateSchema } from '../../values/time';
import { PROTECTION_KINDS } from './party-events';

// The customer service's answers to collections' requests (payments' DisconnectionRequested). A
// refusal is a business outcome, so it is an event that payments consumes, not a dead letter.

/** Why the customer service refuses a disconnection. */
export const DISCONNECTION_REFUSAL_REASONS = ['customer-protected', 'no-service-in-force'] as const;
/** A reason from {@link DISCONNECTION_REFUSAL_REASONS}. */
export type DisconnectionRefusalReason = (typeof DISCONNECTION_REFUSAL_REASONS)[number];

/** Schema of {@link DisconnectionRefusedV1}. */
export const DisconnectionRefusedV1Schema = Strict({
  requestId: described(UuidV7Schema, 'The requestId of the DisconnectionRequested event refused.'),
  accountId: UuidV7Schema,
  reason: StringEnum(DISCONNECTION_REFUSAL_REASONS),
  detail: TextSchema(500, { description: 'What a person reading the refusal needs to know, in words.' }),
  protections: Type.Array(StringEnum(PROTECTION_KINDS), {
    uniqueItems: true,
    maxItems: PROTECTION_KINDS.length,
    description: 'The protections in force; empty unless the reason is customer-protected.',
  }),
  refusedOn: LocalDateSchema,
});

/** Data of `utilia.customer.disconnection-refused.v1`. */
export type DisconnectionRefusedV1 = Static<typeof DisconnectionRefusedV1Schema>;

/**
 * The customer service refused a disconnection that collections requested: the customer is protected
 * (life support, medical, vulnerable) or no service agreement is in force on the account.
 */
export const DisconnectionRefusedV1 = defineEvent({
  context: 'customer',
  name: 'disconnection-refused',
  version: 1,
  topic: Topics.customerEvents,
  description: 'The customer service refused a disconnection that collections requested, with the reason (payments consumes it to stop the dunning step).',
  partitionKey: (d) => d.accountId,
  schema: DisconnectionRefusedV1Schema,
});
