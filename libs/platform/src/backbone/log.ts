import type { JsonLogger } from '../logging/json-logger';

export { sleep } from '../config/retry';

/** The part of the service logger the backbone writes to (a `JsonLogger` fits). */
export type BackboneLog = Pick<JsonLogger, 'write'>;

/** For tests and tools that do not want the backbone's logs. */
export const silentLog: BackboneLog = { write: () => undefined };

/** The pg pool under a TypeORM postgres DataSource, for the relay and the consumer runner. */
export function poolOf(dataSource: { driver: unknown }): import('pg').Pool {
  const pool = (dataSource.driver as { master?: import('pg').Pool }).master;
  if (!pool) throw new Error('the DataSource is not an initialised postgres DataSource');
  return pool;
}
