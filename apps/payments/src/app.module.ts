import { DynamicModule, Module } from '@nestjs/common';
import { createDefaultRegistry } from '@utilia/contracts';
import { BackboneModule, PlatformModule, systemClock, type Clock, type JsonLogger } from '@utilia/platform';
import type { PaymentsConfig } from './config';
import { migrations } from './migrations';
import { sampleEvents } from './sample/sample.events';

/** The event types this service knows: every published contract, and the sample's own (until it is replaced). */
export const registry = createDefaultRegistry().register(...sampleEvents);

@Module({})
export class AppModule {
  static register(config: PaymentsConfig, logger: JsonLogger, clock: Clock = systemClock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The database (migrated at start), Kafka, health, bearer-token auth on every route (deny by default).
        PlatformModule.forService({ config, logger, migrations }),
        // The event store, the command runner, the outbox relay; read models and consumers go here too.
        BackboneModule.forService({ registry, clock }),
      ],
    };
  }
}
