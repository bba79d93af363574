import { EventRegistry } from '../registry';
import { registerCustomerEvents } from './customer';
import { registerPaymentsEvents } from './payments';

export * from './customer';
export * from './payments';

/** A new registry holding every Utilia event type and upcaster known today. */
export function createDefaultRegistry(): EventRegistry {
  return registerPaymentsEvents(registerCustomerEvents(new EventRegistry()));
}

/** The registry services use: every Utilia event type and upcaster. Tests may build their own. */
export const defaultRegistry: EventRegistry = createDefaultRegistry();
