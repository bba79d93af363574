import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { EventRegistry } from '@utilia/contracts';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { JsonLogger } from '../logging/json-logger';
import { KAFKA, SERVICE_LOGGER } from '../service/tokens';
import { ConsumerRunner, type ConsumerRunnerOptions } from '../consumer/consumer-runner';
import { EventStore } from '../event-store/event-store';
import { OutboxRelay, type OutboxRelayOptions } from '../outbox/outbox';
import { poolOf } from './log';

/** A consumer of the service: everything but the Kafka client, database and logger, which the module supplies. */
export type ServiceConsumer = Omit<ConsumerRunnerOptions, 'kafka' | 'db' | 'log' | 'registry'> & { registry?: EventRegistry };

export interface BackboneModuleOptions {
  /** The event types of the service (usually `defaultRegistry` of @utilia/contracts). */
  registry: EventRegistry;
  /** Relay settings; `false` for a service that publishes nothing. */
  relay?: Pick<OutboxRelayOptions, 'batchSize' | 'idleDelayMs' | 'maxIdleDelayMs'> | false;
  /** The service's consumers. */
  consumers?: ServiceConsumer[];
}

export const BACKBONE_OPTIONS = Symbol('BACKBONE_OPTIONS');

/** Starts the relay and the consumers once the app is up; on shutdown stops consumers first, then the relay. */
@Injectable()
export class BackboneLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay?: OutboxRelay;
  readonly consumers: ConsumerRunner[];

  constructor(
    @Inject(BACKBONE_OPTIONS) options: BackboneModuleOptions,
    dataSource: DataSource,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(SERVICE_LOGGER) logger: JsonLogger,
  ) {
    if (options.relay !== false) this.relay = new OutboxRelay({ ...(options.relay ?? {}), pool: poolOf(dataSource), kafka, log: logger });
    this.consumers = (options.consumers ?? []).map((c) => new ConsumerRunner({ ...c, kafka, db: dataSource, log: logger, registry: c.registry ?? options.registry }));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay?.start();
    // Joining a group waits for the broker; the app keeps serving (readiness says when Kafka is back).
    for (const c of this.consumers) void c.startWhenReady();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    await this.relay?.stop();
  }
}

/**
 * The event backbone of a service, for apps that import `PlatformModule.forService(...)` (which
 * provides the DataSource, KAFKA and SERVICE_LOGGER): `EventStore` to inject, the outbox relay and
 * the consumers, started and stopped with the app.
 */
@Module({})
export class BackboneModule {
  static forService(options: BackboneModuleOptions): DynamicModule {
    return {
      module: BackboneModule,
      global: true,
      providers: [
        { provide: BACKBONE_OPTIONS, useValue: options },
        { provide: EventStore, useValue: new EventStore({ registry: options.registry }) },
        BackboneLifecycle,
      ],
      exports: [EventStore, BackboneLifecycle],
    };
  }
}
