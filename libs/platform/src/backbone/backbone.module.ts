import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown, Optional, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { EventRegistry } from '@utilia/contracts';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CommandRunner, type CommandOptions } from '../command/command-runner';
import { ConsumerRunner, type ConsumedEvent, type ConsumerRunnerOptions, type HandlerContext } from '../consumer/consumer-runner';
import { systemClock, type Clock } from '../domain/clock';
import { EventStore } from '../event-store/event-store';
import type { JsonLogger } from '../logging/json-logger';
import { OutboxRelay, type OutboxRelayOptions } from '../outbox/outbox';
import { RebuildController } from '../projection/rebuild.controller';
import type { ServiceConfig } from '../config/service-config';
import { BACKBONE_OPTIONS, CLOCK, KAFKA, SERVICE_CONFIG, SERVICE_LOGGER } from '../service/tokens';
import { poolOf } from './log';

/** A use case fed by messages: a Nest provider of the app (so it can inject the command runner and config). */
export interface MessageHandler {
  /** Applies one event, inside the transaction that also records it in the inbox. */
  handle?(event: ConsumedEvent, ctx: HandlerContext): Promise<void>;
  /** Applies the new events of a chunk at once, in order (see `ConsumerRunnerOptions.handleBatch`). */
  handleBatch?(events: ConsumedEvent[], ctx: HandlerContext): Promise<void>;
}

type RunnerSettings = Omit<ConsumerRunnerOptions, 'kafka' | 'db' | 'log' | 'registry' | 'handle' | 'handleBatch'> & { registry?: EventRegistry };

/**
 * A consumer of the service: its group, topics and settings, and what handles the messages: plain
 * functions (`handle`/`handleBatch`, e.g. from `projectionConsumer`) or `handler`, a provider class
 * of the app implementing {@link MessageHandler}. The module supplies the Kafka client, database and logger.
 */
export type ServiceConsumer = RunnerSettings & (Pick<ConsumerRunnerOptions, 'handle' | 'handleBatch'> | { handler: Type<MessageHandler> });

export interface BackboneModuleOptions extends CommandOptions {
  /** The event types of the service (usually `defaultRegistry` of @utilia/contracts). */
  registry: EventRegistry;
  /** Relay settings; `false` for a service that publishes nothing. */
  relay?: Pick<OutboxRelayOptions, 'batchSize' | 'idleDelayMs' | 'maxIdleDelayMs'> | false;
  /** The service's consumers. */
  consumers?: ServiceConsumer[];
  /** Where "now" comes from (tests give a fixed clock). */
  clock?: Clock;
}

/** Starts the relay and the consumers once the app is up; on shutdown stops consumers first, then the relay. */
@Injectable()
export class BackboneLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay?: OutboxRelay;
  readonly consumers: ConsumerRunner[] = [];

  constructor(
    @Inject(BACKBONE_OPTIONS) private readonly options: BackboneModuleOptions,
    private readonly dataSource: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
    private readonly moduleRef: ModuleRef,
    @Optional() @Inject(SERVICE_CONFIG) private readonly config?: ServiceConfig,
  ) {
    if (options.relay !== false) this.relay = new OutboxRelay({ ...(options.relay ?? {}), pool: poolOf(dataSource), kafka, log: logger });
  }

  /** The runner of one declared consumer; its handler class is resolved among the app's providers. */
  private runnerOf(consumer: ServiceConsumer): ConsumerRunner {
    const { registry, ...rest } = consumer;
    let handlers: Pick<ConsumerRunnerOptions, 'handle' | 'handleBatch'> = consumer as Pick<ConsumerRunnerOptions, 'handle' | 'handleBatch'>;
    if ('handler' in consumer) {
      const instance = this.moduleRef.get(consumer.handler, { strict: false });
      handlers = { handle: instance.handle?.bind(instance), handleBatch: instance.handleBatch?.bind(instance) };
    }
    return new ConsumerRunner({
      groupPrefix: this.config?.kafkaGroupPrefix,
      newGroupFrom: this.config?.kafkaNewGroupsFrom,
      ...rest,
      ...handlers,
      kafka: this.kafka,
      db: this.dataSource,
      log: this.logger,
      registry: registry ?? this.options.registry,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.consumers.push(...(this.options.consumers ?? []).map((c) => this.runnerOf(c)));
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
 * provides the DataSource, KAFKA and SERVICE_LOGGER): the `EventStore`, the `CommandRunner` that
 * use cases run in (feeding the service's read models), the service's clock, the outbox relay and
 * the consumers, started and stopped with the app; with read models, their rebuild command
 * (`POST /api/v1/read-models/rebuild`, admins).
 */
@Module({})
export class BackboneModule {
  static forService(options: BackboneModuleOptions): DynamicModule {
    return {
      module: BackboneModule,
      global: true,
      controllers: options.readModels?.length ? [RebuildController] : [],
      providers: [
        { provide: BACKBONE_OPTIONS, useValue: options },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: EventStore, useValue: new EventStore({ registry: options.registry }) },
        CommandRunner,
        BackboneLifecycle,
      ],
      exports: [BACKBONE_OPTIONS, CLOCK, EventStore, CommandRunner, BackboneLifecycle],
    };
  }
}
