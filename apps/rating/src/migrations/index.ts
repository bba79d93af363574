import { backboneMigrations } from '@utilia/platform';
import { CatalogSchema1764979200000 } from './1764979200000-catalog-schema';

/** This service's schema migrations, in order, after the backbone's (events, outbox, inbox). TypeORM runs the pending ones at start. */
export const migrations: Array<new () => unknown> = [...backboneMigrations, CatalogSchema1764979200000];
