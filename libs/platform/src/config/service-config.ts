import { readAuthConfig, type AuthConfig } from '../auth/auth-config';
import { collectConfig, env, readConfig } from './config';

/** Log levels, lowest first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What every Utilia service needs to start: where to listen, its database and the broker. */
export interface ServiceConfig {
  /** Bounded context name: customer, metering, rating, invoicing, payments. */
  service: string;
  host: string;
  port: number;
  /** A PostgreSQL server URL; the database in its path is only used to create the service's own. */
  databaseUrl: string;
  /** The service's own database on that server (utilia_<service> unless set). */
  databaseName: string;
  kafkaBrokers: string[];
  logLevel: LogLevel;
  /** How bearer tokens are checked (AUTH_JWT_SECRET). */
  auth: AuthConfig;
  /**
   * KAFKA_GROUP_PREFIX: put before every consumer group id of the service ('' by default). A test
   * harness running the services next to others on a shared broker gives them groups of their own.
   */
  kafkaGroupPrefix?: string;
  /**
   * KAFKA_NEW_GROUPS_FROM: where a consumer group with no committed offset starts: the topics'
   * beginning (undefined, `earliest`, the default) or the first message at or after this instant (ms).
   */
  kafkaNewGroupsFrom?: number;
}

/** A consumer group prefix: letters, digits, `.`, `_` and `-` (what Kafka group ids allow everywhere). */
const groupPrefix = env.string('');
function readGroupPrefix(raw: string | undefined): string {
  const prefix = groupPrefix(raw);
  if (!/^[A-Za-z0-9._-]{0,100}$/.test(prefix)) throw new Error('expected up to 100 letters, digits, ".", "_" or "-"');
  return prefix;
}

/** `earliest` (undefined) or an ISO 8601 instant such as 2026-07-01T12:00:00Z (its milliseconds). */
function readNewGroupsFrom(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === 'earliest') return undefined;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(ms)) throw new Error('expected earliest or an ISO 8601 instant such as 2026-07-01T12:00:00Z');
  return ms;
}

/**
 * Reads the common service variables: HOST, PORT, DATABASE_URL, DATABASE_NAME, KAFKA_BROKERS, LOG_LEVEL,
 * KAFKA_GROUP_PREFIX, KAFKA_NEW_GROUPS_FROM, AUTH_JWT_SECRET (and NODE_ENV, which makes the secret mandatory).
 * Throws ConfigError naming each bad variable.
 */
export function readServiceConfig(source: Record<string, string | undefined>, service: string, defaultPort: number): ServiceConfig {
  const [c, auth] = collectConfig(
    () =>
      readConfig(source, {
        HOST: env.string('127.0.0.1'),
        PORT: env.port(defaultPort),
        DATABASE_URL: env.url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/postgres'),
        DATABASE_NAME: env.identifier(`utilia_${service}`),
        KAFKA_BROKERS: env.hostPorts('127.0.0.1:9092'),
        LOG_LEVEL: env.oneOf(LOG_LEVELS, 'info'),
        KAFKA_GROUP_PREFIX: readGroupPrefix,
        KAFKA_NEW_GROUPS_FROM: readNewGroupsFrom,
      }),
    () => readAuthConfig(source),
  );
  return {
    service,
    host: c.HOST,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    databaseName: c.DATABASE_NAME,
    kafkaBrokers: c.KAFKA_BROKERS,
    logLevel: c.LOG_LEVEL,
    auth,
    kafkaGroupPrefix: c.KAFKA_GROUP_PREFIX,
    kafkaNewGroupsFrom: c.KAFKA_NEW_GROUPS_FROM,
  };
}
