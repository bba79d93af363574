import type { EventRegistry } from '../../registry';
import { BillHeldV1, BillRunStartedV1, CreditNoteIssuedV1, InvoiceDeliveredV1, InvoiceIssuedV1 } from './bill-events';
import { UsageProfileRequestedV1 } from './usage-requests';

export * from './bill-events';
export * from './usage-requests';

/** Registers the invoicing context's event types. */
export function registerInvoicingEvents(registry: EventRegistry): EventRegistry {
  return registry.register(UsageProfileRequestedV1, BillRunStartedV1, InvoiceIssuedV1, BillHeldV1, CreditNoteIssuedV1, InvoiceDeliveredV1);
}
