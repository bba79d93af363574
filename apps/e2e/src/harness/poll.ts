/** Polls `probe` until it returns something other than undefined or false, and returns that; fails after `timeoutMs` saying what it waited for and what it saw last. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 90_000, everyMs = 250): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (e) {
      // A request the service refuses stays refused: no point waiting.
      if ([400, 401, 403, 422].includes((e as { status?: number }).status ?? 0)) throw e;
      // A service restarting, the broker away, something not there yet: the next poll may see it.
      last = (e as Error).message;
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`waited ${Math.round(timeoutMs / 1000)} s for ${what}; last seen: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
