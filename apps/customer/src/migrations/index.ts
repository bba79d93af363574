import { backboneMigrations } from '@utilia/platform';
import { CustomerSchema1732800000000 } from './1732800000000-customer-schema';

/** This service's schema migrations, in order. TypeORM runs the pending ones at start. */
export const migrations: Array<new () => unknown> = [...backboneMigrations, CustomerSchema1732800000000];
