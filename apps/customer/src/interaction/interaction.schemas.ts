import { InstantSchema, INTERACTION_CHANNELS, INTERACTION_LINK_KINDS, Strict, StringEnum, TextSchema, UuidV7Schema } from '@utilia/contracts';
import { Type } from '@sinclair/typebox';

/** The body of recording an interaction; the CSR is the caller. */
export const RecordInteractionBody = Strict({
  customerId: Type.Optional(UuidV7Schema),
  accountId: Type.Optional(UuidV7Schema),
  channel: StringEnum(INTERACTION_CHANNELS),
  reason: TextSchema(200),
  notes: Type.Optional(Type.String({ maxLength: 10000 })),
  links: Type.Optional(
    Type.Array(Strict({ kind: StringEnum(INTERACTION_LINK_KINDS), id: TextSchema(100) }), {
      maxItems: 20,
      description: 'What it concerns besides the customer and account.',
    }),
  ),
  occurredAt: Type.Optional(InstantSchema),
});

/** The answer of recording an interaction. */
export const InteractionRef = Strict({ interactionId: UuidV7Schema });
