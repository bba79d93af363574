import { readServiceConfig, type ServiceConfig } from '@utilia/platform';

/** The customer service listens on 3001 unless PORT says otherwise. */
export const DEFAULT_PORT = 3001;

export type CustomerConfig = ServiceConfig;

export function loadCustomerConfig(source: Record<string, string | undefined>): CustomerConfig {
  return readServiceConfig(source, 'customer', DEFAULT_PORT);
}
