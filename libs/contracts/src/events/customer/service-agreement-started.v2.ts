import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { UuidV7Schema, type Uuid } from '../../values/ids';
import { serviceAgreementStartedV1Properties, type ServiceAgreementStartedV1 } from './customer-events';

/**
 * Data of `utilia.customer.service-agreement-started.v2`: v1 plus the tariff version in force at the
 * start, so invoicing need not guess it from the code. Null when the producer did not know it
 * (every upcast v1 event).
 */
export interface ServiceAgreementStartedV2 extends ServiceAgreementStartedV1 {
  tariffVersionId: Uuid | null;
}

/** Service started on a service point under an account (move-in), on a tariff version. */
export const ServiceAgreementStartedV2 = defineEvent<ServiceAgreementStartedV2>({
  context: 'customer',
  name: 'service-agreement-started',
  version: 2,
  topic: Topics.customerEvents,
  description: 'Service started on a service point under an account (move-in), on a tariff and, when known, its version.',
  partitionKey: (d) => d.accountId,
  schema: {
    type: 'object',
    properties: {
      ...serviceAgreementStartedV1Properties,
      tariffVersionId: { anyOf: [UuidV7Schema, { type: 'null' }] },
    },
    required: ['agreementId', 'accountId', 'servicePointId', 'commodity', 'tariffCode', 'startDate', 'tariffVersionId'],
    additionalProperties: false,
  },
});

/** v1 -> v2: a v1 event never named a tariff version, so it upcasts to `tariffVersionId: null`. */
export function upcastServiceAgreementStartedV1(data: ServiceAgreementStartedV1): ServiceAgreementStartedV2 {
  return { ...data, tariffVersionId: null };
}
