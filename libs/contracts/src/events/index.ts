import { EventRegistry } from '../registry';
import { registerCustomerEvents } from './customer';
import { registerHeadEndEvents } from './headend';
import { registerInvoicingEvents } from './invoicing';
import { registerMeteringEvents } from './metering';
import { registerPaymentsEvents } from './payments';
import { registerRatingEvents } from './rating';

export * from './customer';
export * from './headend';
export * from './invoicing';
export * from './metering';
export * from './payments';
export * from './rating';

/** A new registry holding every Utilia event type and upcaster known today. */
export function createDefaultRegistry(): EventRegistry {
  return [registerCustomerEvents, registerMeteringEvents, registerInvoicingEvents, registerPaymentsEvents, registerRatingEvents, registerHeadEndEvents].reduce(
    (r, add) => add(r),
    new EventRegistry(),
  );
}

/** The registry services use: every Utilia event type and upcaster. Tests may build their own. */
export const defaultRegistry: EventRegistry = createDefaultRegistry();
