import { backboneMigrations } from '@utilia/platform';

/** This service's schema migrations, in order, after the backbone's (events, outbox, inbox). TypeORM runs the pending ones at start. */
export const migrations: Array<new () => unknown> = [...backboneMigrations];
