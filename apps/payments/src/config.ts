import { readServiceConfig, type ServiceConfig } from '@utilia/platform';

/** The payments service listens on 3005 unless PORT says otherwise. */
export const DEFAULT_PORT = 3005;

export type PaymentsConfig = ServiceConfig;

export function loadPaymentsConfig(source: Record<string, string | undefined>): PaymentsConfig {
  return readServiceConfig(source, 'payments', DEFAULT_PORT);
}
