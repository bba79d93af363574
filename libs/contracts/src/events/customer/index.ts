import type { EventRegistry } from '../../registry';
import { AccountOpenedV1, CustomerRegisteredV1, ServiceAgreementStartedV1, ServiceAgreementStoppedV1 } from './customer-events';
import { ServiceAgreementStartedV2, upcastServiceAgreementStartedV1 } from './service-agreement-started.v2';

export * from './customer-events';
export * from './service-agreement-started.v2';

/** Registers the customer context's event types and upcasters. */
export function registerCustomerEvents(registry: EventRegistry): EventRegistry {
  return registry
    .register(CustomerRegisteredV1, AccountOpenedV1, ServiceAgreementStartedV1, ServiceAgreementStartedV2, ServiceAgreementStoppedV1)
    .upcaster(ServiceAgreementStartedV1, ServiceAgreementStartedV2, upcastServiceAgreementStartedV1);
}
