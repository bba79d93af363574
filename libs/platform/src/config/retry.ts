/** Exponential backoff with a ceiling: 0.5 s, 1 s, 2 s, ... up to `maxMs`. */
export function backoffDelay(attempt: number, initialMs = 500, maxMs = 15_000): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}

export interface RetryLog {
  warn(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Runs `attempt` until it succeeds, waiting longer after each failure and logging why, so a service
 * whose dependency is down waits for it visibly instead of crashing in a restart loop.
 */
export async function retryUntilReady<T>(
  what: string,
  attempt: () => Promise<T>,
  log: RetryLog,
  options: { initialMs?: number; maxMs?: number; maxAttempts?: number; signal?: AbortSignal } = {},
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      const result = await attempt();
      if (n > 0) log.info(`${what} is reachable`, { attempts: n + 1 });
      return result;
    } catch (e) {
      if (options.signal?.aborted) throw e;
      if (options.maxAttempts !== undefined && n + 1 >= options.maxAttempts) throw e;
      const delayMs = backoffDelay(n, options.initialMs, options.maxMs);
      log.warn(`${what} is not reachable: ${(e as Error).message}; retrying in ${delayMs} ms`, { attempt: n + 1, delayMs });
      await sleep(delayMs, options.signal);
    }
  }
}

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
