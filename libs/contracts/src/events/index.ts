import { EventRegistry } from '../registry';
import { registerCustomerEvents } from './customer';

export * from './customer';

/** A new registry holding every Utilia event type and upcaster known today. */
export function createDefaultRegistry(): EventRegistry {
  return registerCustomerEvents(new EventRegistry());
}

/** The registry services use: every Utilia event type and upcaster. Tests may build their own. */
export const defaultRegistry: EventRegistry = createDefaultRegistry();
