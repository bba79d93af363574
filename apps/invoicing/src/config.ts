import { readServiceConfig, type ServiceConfig } from '@utilia/platform';

/** The invoicing service listens on 3004 unless PORT says otherwise. */
export const DEFAULT_PORT = 3004;

export type InvoicingConfig = ServiceConfig;

export function loadInvoicingConfig(source: Record<string, string | undefined>): InvoicingConfig {
  return readServiceConfig(source, 'invoicing', DEFAULT_PORT);
}
