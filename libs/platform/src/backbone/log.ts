import type { JsonLogger } from '../logging/json-logger';

/** The part of the service logger the backbone writes to (a `JsonLogger` fits). */
export type BackboneLog = Pick<JsonLogger, 'write'>;

/** For tests and tools that do not want the backbone's logs. */
export const silentLog: BackboneLog = { write: () => undefined };

/** Waits `ms`, or less when the signal aborts (a stopping loop must not wait out a backoff). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The pg pool under a TypeORM postgres DataSource, for the relay and the consumer runner. */
export function poolOf(dataSource: { driver: unknown }): import('pg').Pool {
  const pool = (dataSource.driver as { master?: import('pg').Pool }).master;
  if (!pool) throw new Error('the DataSource is not an initialised postgres DataSource');
  return pool;
}
