import { readServiceConfig, type ServiceConfig } from '@utilia/platform';

/** The rating service listens on 3003 unless PORT says otherwise. */
export const DEFAULT_PORT = 3003;

export type RatingConfig = ServiceConfig;

export function loadRatingConfig(source: Record<string, string | undefined>): RatingConfig {
  return readServiceConfig(source, 'rating', DEFAULT_PORT);
}
