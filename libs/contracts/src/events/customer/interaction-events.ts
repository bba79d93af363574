import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { UuidV7Schema, type Uuid } from '../../values/ids';
import { InstantSchema, type Instant } from '../../values/time';
import { NullableUuidSchema, TextSchema } from './cis-shapes';

/** How a customer and the utility were in touch. */
export const INTERACTION_CHANNELS = ['phone', 'email', 'chat', 'letter', 'walk-in', 'portal', 'field'] as const;
/** What an interaction can concern besides its customer and account. */
export const INTERACTION_LINK_KINDS = ['customer', 'account', 'premise', 'service-point', 'service-agreement', 'work-order', 'invoice', 'payment'] as const;

/** Data of `utilia.customer.interaction-recorded.v1`. */
export interface InteractionRecordedV1 {
  interactionId: Uuid;
  customerId: Uuid | null;
  accountId: Uuid | null;
  channel: (typeof INTERACTION_CHANNELS)[number];
  reason: string;
  notes: string;
  /** The CSR who handled it (the subject of their token). */
  csr: string;
  /** What it concerns. Ids of other contexts (invoice, payment) are kept as given. */
  links: Array<{ kind: (typeof INTERACTION_LINK_KINDS)[number]; id: string }>;
  occurredAt: Instant;
}

/** A contact with a customer was recorded (call, e-mail, visit...), with what it concerned. */
export const InteractionRecordedV1 = defineEvent<InteractionRecordedV1>({
  context: 'customer',
  name: 'interaction-recorded',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A contact with a customer was recorded: channel, reason, notes, the CSR and what it concerned.',
  partitionKey: (d) => d.accountId ?? d.customerId ?? d.interactionId,
  schema: {
    type: 'object',
    properties: {
      interactionId: UuidV7Schema,
      customerId: NullableUuidSchema,
      accountId: NullableUuidSchema,
      channel: { type: 'string', enum: [...INTERACTION_CHANNELS] },
      reason: TextSchema(200),
      notes: { type: 'string', maxLength: 10000 },
      csr: TextSchema(200),
      links: {
        type: 'array',
        maxItems: 20,
        items: {
          type: 'object',
          properties: { kind: { type: 'string', enum: [...INTERACTION_LINK_KINDS] }, id: TextSchema(100) },
          required: ['kind', 'id'],
          additionalProperties: false,
        },
      },
      occurredAt: InstantSchema,
    },
    required: ['interactionId', 'customerId', 'accountId', 'channel', 'reason', 'notes', 'csr', 'links', 'occurredAt'],
    additionalProperties: false,
  },
});
