import { type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { UuidV7Schema } from '../../values/ids';
import { described, Strict } from '../../values/schema';
import { InstantSchema, LocalDateSchema } from '../../values/time';

/** Schema of {@link UsageProfileRequestedV1}. */
export const UsageProfileRequestedV1Schema = Strict({
  requestId: UuidV7Schema,
  agreementId: UuidV7Schema,
  accountId: UuidV7Schema,
  servicePointId: UuidV7Schema,
  periodStart: described(LocalDateSchema, 'The first day of the billing period (in the utility time zone).'),
  periodEnd: described(LocalDateSchema, 'The last day of the billing period, inclusive.'),
  requestedAt: InstantSchema,
});

/** Data of `utilia.invoicing.usage-profile-requested.v1`. */
export type UsageProfileRequestedV1 = Static<typeof UsageProfileRequestedV1Schema>;

/** Invoicing asks metering for the usage of an agreement's service point over a billing period (metering answers UsageProfileReady). */
export const UsageProfileRequestedV1 = defineEvent({
  context: 'invoicing',
  name: 'usage-profile-requested',
  version: 1,
  topic: Topics.invoicingEvents,
  description: "Invoicing asks for the usage of an agreement's service point over a billing period; metering answers with UsageProfileReady.",
  partitionKey: (d) => d.accountId,
  schema: UsageProfileRequestedV1Schema,
});
