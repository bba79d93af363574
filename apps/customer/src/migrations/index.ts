import { backboneMigrations } from '@utilia/platform';
import { CustomerSchema1732800000000 } from './1732800000000-customer-schema';
import { OnePointPerCommodity1732800000001 } from './1732800000001-one-point-per-commodity';
import { ReadModelsKeepStreamVersions1764806400100 } from './1764806400100-read-models-keep-stream-versions';

/** This service's schema migrations, in order. TypeORM runs the pending ones at start. */
export const migrations: Array<new () => unknown> = [
  ...backboneMigrations,
  CustomerSchema1732800000000,
  OnePointPerCommodity1732800000001,
  ReadModelsKeepStreamVersions1764806400100,
];
