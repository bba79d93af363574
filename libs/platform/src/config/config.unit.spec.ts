import { ConfigError, env, readConfig } from './config';
import { readServiceConfig } from './service-config';

describe('service configuration', () => {
  it('defaults to loopback, the service port and the local broker and database', () => {
    const c = readServiceConfig({}, 'customer', 3001);
    expect(c).toMatchObject({
      service: 'customer',
      host: '127.0.0.1',
      port: 3001,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
      databaseName: 'utilia_customer',
      kafkaBrokers: ['127.0.0.1:9092'],
      logLevel: 'info',
    });
  });

  it('names every wrong variable and what it expected', () => {
    let error: unknown;
    try {
      readServiceConfig({ PORT: 'eighty', KAFKA_BROKERS: 'localhost', DATABASE_URL: 'mysql://x/y' }, 'customer', 3001);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      'PORT: expected a TCP port number from 0 to 65535 (got "eighty")',
      'DATABASE_URL: expected a URL with scheme postgres or postgresql (got "mysql://x/y")',
      'KAFKA_BROKERS: expected a comma-separated list of host:port (got "localhost")',
    ]);
  });

  it('refuses to start in production without a JWT secret, together with the other problems', () => {
    expect(() => readServiceConfig({ NODE_ENV: 'production', PORT: 'x' }, 'customer', 3001)).toThrow(
      'PORT: expected a TCP port number from 0 to 65535 (got "x")\n  - AUTH_JWT_SECRET: is required when NODE_ENV is production',
    );
  });

  it('reads lists of brokers and rejects an unknown log level', () => {
    expect(readServiceConfig({ KAFKA_BROKERS: 'a:1, b:2' }, 'rating', 3003).kafkaBrokers).toEqual(['a:1', 'b:2']);
    expect(() => readServiceConfig({ LOG_LEVEL: 'loud' }, 'rating', 3003)).toThrow('LOG_LEVEL: expected one of debug, info, warn, error (got "loud")');
  });

  it('reads a consumer group prefix and where new groups start (KAFKA_GROUP_PREFIX, KAFKA_NEW_GROUPS_FROM)', () => {
    expect(readServiceConfig({}, 'rating', 3003)).toMatchObject({ kafkaGroupPrefix: '', kafkaNewGroupsFrom: undefined });
    expect(readServiceConfig({ KAFKA_GROUP_PREFIX: 'e2e-1.', KAFKA_NEW_GROUPS_FROM: '2026-07-01T12:00:00Z' }, 'rating', 3003)).toMatchObject({
      kafkaGroupPrefix: 'e2e-1.',
      kafkaNewGroupsFrom: Date.parse('2026-07-01T12:00:00Z'),
    });
    expect(readServiceConfig({ KAFKA_NEW_GROUPS_FROM: 'earliest' }, 'rating', 3003).kafkaNewGroupsFrom).toBeUndefined();
    expect(() => readServiceConfig({ KAFKA_GROUP_PREFIX: 'a b', KAFKA_NEW_GROUPS_FROM: 'yesterday' }, 'rating', 3003)).toThrow(
      'KAFKA_GROUP_PREFIX: expected up to 100 letters, digits, ".", "_" or "-" (got "a b")\n  - KAFKA_NEW_GROUPS_FROM: expected earliest or an ISO 8601 instant',
    );
  });

  it('treats a required variable without a default as missing', () => {
    expect(() => readConfig({}, { SECRET: env.string() })).toThrow('SECRET: is required');
    expect(() => readConfig({ N: '7' }, { N: env.int(1, 5) })).toThrow('N: expected an integer from 1 to 5 (got "7")');
    expect(() => readConfig({ DB: 'Bad-Name' }, { DB: env.identifier() })).toThrow('DB: expected a lower-case identifier');
  });
});
