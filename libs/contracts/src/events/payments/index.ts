import type { EventRegistry } from '../../registry';
import { DisconnectionRequestedV1, ReconnectionRequestedV1 } from './collections-events';

export * from './collections-events';

/** Registers the payments context's event types. */
export function registerPaymentsEvents(registry: EventRegistry): EventRegistry {
  return registry.register(DisconnectionRequestedV1, ReconnectionRequestedV1);
}
