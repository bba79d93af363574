import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { MixedList } from 'typeorm';
import { AuthModule } from '../auth/auth.module';
import type { ServiceConfig } from '../config/service-config';
import { retryUntilReady } from '../config/retry';
import { databaseUrlFor, dataSourceOptions } from '../database/database';
import { HealthController } from '../health/health.controller';
import { KafkaProbe } from '../health/probes';
import { createKafka } from '../kafka/kafka';
import type { JsonLogger } from '../logging/json-logger';
import { KAFKA, KAFKA_PROBE, SERVICE_CONFIG, SERVICE_LOGGER } from './tokens';

export interface ServiceModuleOptions {
  config: ServiceConfig;
  logger: JsonLogger;
  migrations?: MixedList<string | (new () => unknown)>;
  entities?: MixedList<string | (new () => unknown)>;
}

/** Says, with backoff, while the broker cannot be reached at start; readiness stays false meanwhile. */
@Injectable()
class KafkaWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly stop = new AbortController();

  constructor(
    @Inject(KAFKA_PROBE) private readonly probe: KafkaProbe,
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    const log = {
      warn: (msg: string, f?: Record<string, unknown>) => this.logger.write('warn', msg, { brokers: this.config.kafkaBrokers, ...f }, 'kafka'),
      info: (msg: string, f?: Record<string, unknown>) => this.logger.write('info', msg, f, 'kafka'),
    };
    void retryUntilReady(
      'kafka',
      async () => {
        const r = await this.probe.check();
        if (!r.ok) throw new Error(r.error);
      },
      log,
      { maxMs: 30_000, signal: this.stop.signal },
    ).catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.probe.close();
  }
}

/**
 * What every service gets: its database (migrated at start), a Kafka client, health endpoints,
 * bearer-token authentication on every route (trace context and access logs come from `createServiceApp`).
 */
@Module({})
export class PlatformModule {
  static forService(options: ServiceModuleOptions): DynamicModule {
    const { config, logger } = options;
    const kafka = createKafka(`utilia-${config.service}`, config.kafkaBrokers, logger);
    return {
      module: PlatformModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrlFor(config.databaseUrl, config.databaseName), {
            migrations: options.migrations,
            entities: options.entities,
            name: `utilia-${config.service}`,
          }),
          // The database was awaited before Nest started; a failure here is a real error.
          retryAttempts: 2,
          retryDelay: 1000,
        }),
        // Deny by default: every route needs @Roles(...) or @Public().
        AuthModule.forRoot(config.auth),
      ],
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_LOGGER, useValue: logger },
        { provide: KAFKA, useValue: kafka },
        { provide: KAFKA_PROBE, useValue: new KafkaProbe(kafka) },
        KafkaWatch,
      ],
      exports: [SERVICE_CONFIG, SERVICE_LOGGER, KAFKA, KAFKA_PROBE],
    };
  }
}
