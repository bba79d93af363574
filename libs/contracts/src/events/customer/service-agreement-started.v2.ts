import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { NullableUuidSchema } from '../../values/ids';
import { described, Strict, StringEnum } from '../../values/schema';
import { serviceAgreementStartedV1Properties, type ServiceAgreementStartedV1 } from './customer-events';

/** How an agreement's on-site generation is settled (libs/rating's metering modes). */
export const METERING_ARRANGEMENTS = ['none', 'net-metering', 'net-billing', 'buy-all-sell-all'] as const;
/** One of {@link METERING_ARRANGEMENTS}. */
export type MeteringArrangement = (typeof METERING_ARRANGEMENTS)[number];

/** Schema of {@link ServiceAgreementStartedV2}: v1's properties plus `tariffVersionId`. */
export const ServiceAgreementStartedV2Schema = Strict({
  ...serviceAgreementStartedV1Properties,
  tariffVersionId: described(NullableUuidSchema, 'The tariff version in force at the start; null when the producer did not know it (every upcast v1 event).'),
  meteringArrangement: Type.Optional(
    StringEnum(METERING_ARRANGEMENTS, {
      description:
        'How on-site generation (solar) is settled on the bills of this agreement: none (absent), net-metering (kWh netted, surplus banked), net-billing (exports credited at sell prices), buy-all-sell-all (all generation credited).',
    }),
  ),
});

/**
 * Data of `utilia.customer.service-agreement-started.v2`: v1 plus the tariff version in force at the
 * start, so invoicing need not guess it from the code. Null when the producer did not know it
 * (every upcast v1 event).
 */
export type ServiceAgreementStartedV2 = Static<typeof ServiceAgreementStartedV2Schema>;

/** Service started on a service point under an account (move-in), on a tariff version. */
export const ServiceAgreementStartedV2 = defineEvent({
  context: 'customer',
  name: 'service-agreement-started',
  version: 2,
  topic: Topics.customerEvents,
  description: 'Service started on a service point under an account (move-in), on a tariff and, when known, its version.',
  partitionKey: (d) => d.accountId,
  schema: ServiceAgreementStartedV2Schema,
});

/** v1 -> v2: a v1 event never named a tariff version, so it upcasts to `tariffVersionId: null`. */
export function upcastServiceAgreementStartedV1(data: ServiceAgreementStartedV1): ServiceAgreementStartedV2 {
  return { ...data, tariffVersionId: null };
}
