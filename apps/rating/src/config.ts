import { collectConfig, env, readConfig, readServiceConfig, type ServiceConfig } from '@utilia/platform';

/** The rating service listens on 3003 unless PORT says otherwise. */
export const DEFAULT_PORT = 3003;

export interface RatingConfig extends ServiceConfig {
  /** Load the seed catalog at start (its tariffs not in the catalog yet): `npm start` turns it on. */
  seedCatalog: boolean;
}

/** A plain service config (as tests build) completed with the rating defaults. */
export function withRatingDefaults(config: ServiceConfig & Partial<RatingConfig>): RatingConfig {
  return { ...config, seedCatalog: config.seedCatalog ?? false };
}

export function loadRatingConfig(source: Record<string, string | undefined>): RatingConfig {
  const [service, own] = collectConfig(
    () => readServiceConfig(source, 'rating', DEFAULT_PORT),
    () => readConfig(source, { RATING_SEED_CATALOG: env.oneOf(['true', 'false'] as const, 'false') }),
  );
  return { ...service, seedCatalog: own.RATING_SEED_CATALOG === 'true' };
}
