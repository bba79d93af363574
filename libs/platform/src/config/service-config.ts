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
}

/**
 * Reads the common service variables: HOST, PORT, DATABASE_URL, DATABASE_NAME, KAFKA_BROKERS, LOG_LEVEL,
 * AUTH_JWT_SECRET (and NODE_ENV, which makes the secret mandatory).
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
  };
}
