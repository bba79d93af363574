import { backboneMigrations } from '@utilia/platform';
import { MeteringSchema1764806400500 } from './1764806400500-metering-schema';

/** This service's schema migrations, in order, after the backbone's (events, outbox, inbox). TypeORM runs the pending ones at start. */
export const migrations: Array<new () => unknown> = [...backboneMigrations, MeteringSchema1764806400500];
