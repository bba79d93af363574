import type { EventRegistry } from '../../registry';
import { UsageProfileRequestedV1 } from './usage-requests';

export * from './usage-requests';

/** Registers the invoicing context's event types. */
export function registerInvoicingEvents(registry: EventRegistry): EventRegistry {
  return registry.register(UsageProfileRequestedV1);
}
