/**
 * Typed configuration read from the environment. Every service declares what it needs as a spec of
 * readers; `readConfig` checks all of them and fails once, naming every bad variable and what it
 * expected, so a service never starts half-configured.
 */

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads one variable; throws a plain Error whose message says what was expected. */
export type Reader<T> = (raw: string | undefined) => T;

type Spec = Record<string, Reader<unknown>>;
export type ConfigOf<S extends Spec> = { [K in keyof S]: ReturnType<S[K]> };

export function readConfig<S extends Spec>(source: Record<string, string | undefined>, spec: S): ConfigOf<S> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(spec)) {
    const raw = source[name];
    try {
      out[name] = read(raw === '' ? undefined : raw);
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}${raw === undefined ? '' : ` (got "${raw}")`}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

function withDefault<T>(fallback: T | undefined, parse: (raw: string) => T): Reader<T> {
  return (raw) => {
    if (raw === undefined) {
      if (fallback === undefined) throw new Error('is required');
      return fallback;
    }
    return parse(raw);
  };
}

export const env = {
  string: (fallback?: string): Reader<string> => withDefault(fallback, (raw) => raw),

  int: (min: number, max: number, fallback?: number): Reader<number> =>
    withDefault(fallback, (raw) => {
      const n = Number(raw);
      if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max) throw new Error(`expected an integer from ${min} to ${max}`);
      return n;
    }),

  /** A non-negative decimal kept as its string (amounts and factors are never JS numbers). */
  decimal: (fallback?: string): Reader<string> =>
    withDefault(fallback, (raw) => {
      if (!/^(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(raw.trim())) throw new Error('expected a decimal number such as 2.5');
      return raw.trim();
    }),

  port: (fallback?: number): Reader<number> =>
    withDefault(fallback, (raw) => {
      const n = Number(raw);
      if (!/^\d+$/.test(raw.trim()) || n < 0 || n > 65535) throw new Error('expected a TCP port number from 0 to 65535');
      return n;
    }),

  /** An IANA time zone such as America/Chicago (UTILITY_TIME_ZONE: the zone business dates are read in). */
  timeZone: (fallback?: string): Reader<string> =>
    withDefault(fallback, (raw) => {
      try {
        new Intl.DateTimeFormat('en-CA', { timeZone: raw });
      } catch {
        throw new Error('expected an IANA time zone such as America/Chicago');
      }
      return raw;
    }),

  oneOf: <T extends string>(values: readonly T[], fallback?: T): Reader<T> =>
    withDefault(fallback, (raw) => {
      if (!values.includes(raw as T)) throw new Error(`expected one of ${values.join(', ')}`);
      return raw as T;
    }),

  url: (protocols: readonly string[], fallback?: string): Reader<string> =>
    withDefault(fallback, (raw) => {
      let u: URL;
      try {
        u = new URL(raw);
      } catch {
        throw new Error(`expected a URL like ${protocols[0]}://host:port/...`);
      }
      if (!protocols.includes(u.protocol.replace(/:$/, ''))) throw new Error(`expected a URL with scheme ${protocols.join(' or ')}`);
      return raw;
    }),

  /** A comma-separated list of host:port pairs, e.g. KAFKA_BROKERS. */
  hostPorts: (fallback?: string): Reader<string[]> =>
    withDefault(fallback === undefined ? undefined : fallback.split(','), (raw) => {
      const items = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (items.length === 0 || items.some((s) => !/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(s))) {
        throw new Error('expected a comma-separated list of host:port');
      }
      return items;
    }),

  /** A PostgreSQL identifier such as a database name. */
  identifier: (fallback?: string): Reader<string> =>
    withDefault(fallback, (raw) => {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) throw new Error('expected a lower-case identifier ([a-z_][a-z0-9_]*)');
      return raw;
    }),
};

/**
 * Runs two readers and reports all their problems together, so a service that adds its own
 * variables to the common ones still names every bad variable in one start-up error.
 */
export function collectConfig<A, B>(a: () => A, b: () => B): [A, B] {
  const problems: string[] = [];
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(...e.problems);
      return undefined;
    }
  };
  const ra = attempt(a);
  const rb = attempt(b);
  if (problems.length > 0) throw new ConfigError(problems);
  return [ra as A, rb as B];
}
