import { backboneMigrations } from '@utilia/platform';
import { PaymentsSchema1765152000000 } from './1765152000000-payments-schema';
import { IdempotencyJson1765152000050 } from './1765152000050-idempotency-json';
import { Bank1765152000060 } from './1765152000060-bank';
import { Collections1765152000100 } from './1765152000100-collections';

/** This service's schema migrations, in order, after the backbone's (events, outbox, inbox). TypeORM runs the pending ones at start. */
export const migrations: Array<new () => unknown> = [
  ...backboneMigrations,
  PaymentsSchema1765152000000,
  IdempotencyJson1765152000050,
  Bank1765152000060,
  Collections1765152000100,
];
