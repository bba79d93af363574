import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { NullableUuidSchema, UuidV7Schema } from '../../values/ids';
import { Strict, StringEnum, TextSchema } from '../../values/schema';
import { InstantSchema } from '../../values/time';

/** How a customer and the utility were in touch. */
export const INTERACTION_CHANNELS = ['phone', 'email', 'chat', 'letter', 'walk-in', 'portal', 'field'] as const;
/** What an interaction can concern besides its customer and account. */
export const INTERACTION_LINK_KINDS = ['customer', 'account', 'premise', 'service-point', 'service-agreement', 'work-order', 'invoice', 'payment'] as const;

/** Schema of {@link InteractionRecordedV1}. */
export const InteractionRecordedV1Schema = Strict({
  interactionId: UuidV7Schema,
  customerId: NullableUuidSchema,
  accountId: NullableUuidSchema,
  channel: StringEnum(INTERACTION_CHANNELS),
  reason: TextSchema(200),
  notes: Type.String({ maxLength: 10000 }),
  csr: TextSchema(200, { description: 'The CSR who handled it (the subject of their token).' }),
  links: Type.Array(Strict({ kind: StringEnum(INTERACTION_LINK_KINDS), id: TextSchema(100) }), {
    maxItems: 20,
    description: 'What it concerns. Ids of other contexts (invoice, payment) are kept as given.',
  }),
  occurredAt: InstantSchema,
});

/** Data of `utilia.customer.interaction-recorded.v1`. */
export type InteractionRecordedV1 = Static<typeof InteractionRecordedV1Schema>;

/** A contact with a customer was recorded (call, e-mail, visit...), with what it concerned. */
export const InteractionRecordedV1 = defineEvent({
  context: 'customer',
  name: 'interaction-recorded',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A contact with a customer was recorded: channel, reason, notes, the CSR and what it concerned.',
  partitionKey: (d) => d.accountId ?? d.customerId ?? d.interactionId,
  schema: InteractionRecordedV1Schema,
});
