import { readServiceConfig, type ServiceConfig } from '@utilia/platform';

/** The metering service listens on 3002 unless PORT says otherwise. */
export const DEFAULT_PORT = 3002;

export type MeteringConfig = ServiceConfig;

export function loadMeteringConfig(source: Record<string, string | undefined>): MeteringConfig {
  return readServiceConfig(source, 'metering', DEFAULT_PORT);
}
