import type { EventRegistry } from '../../registry';
import { AccountOpenedV1, CustomerRegisteredV1, ServiceAgreementStartedV1, ServiceAgreementStoppedV1 } from './customer-events';
import { ServiceAgreementStartedV2, upcastServiceAgreementStartedV1 } from './service-agreement-started.v2';
import { registerCustomerCisEvents } from './cis-registry';

export * from './customer-events';
export * from './service-agreement-started.v2';
export * from './party-events';
export * from './premise-events';
export * from './account-events';
export * from './work-order-events';
export * from './interaction-events';
export * from './collections-events';
export * from './cis-registry';

/** Registers the customer context's event types and upcasters. */
export function registerCustomerEvents(registry: EventRegistry): EventRegistry {
  return registerCustomerCisEvents(registry)
    .register(CustomerRegisteredV1, AccountOpenedV1, ServiceAgreementStartedV1, ServiceAgreementStartedV2, ServiceAgreementStoppedV1)
    .upcaster(ServiceAgreementStartedV1, ServiceAgreementStartedV2, upcastServiceAgreementStartedV1);
}
