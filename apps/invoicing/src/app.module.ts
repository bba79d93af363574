import { DynamicModule, Module } from '@nestjs/common';
import { defaultRegistry } from '@utilia/contracts';
import { BackboneModule, PlatformModule, systemClock, type Clock, type JsonLogger } from '@utilia/platform';
import { types } from 'pg';
import { BillsController } from './bills/bills.controller';
import { finalBillsConsumer, FinalBillsHandler } from './bills/final-bill.handler';
import { UsageReadyHandler, usageReadyConsumer } from './bills/usage-ready.handler';
import type { InvoicingConfig } from './config';
import { CopiesController } from './copies/copies.controller';
import { customerCopies } from './copies/customer.projections';
import { ratingCopies } from './copies/tariff.projections';
import { CyclesController } from './cycles/cycles.controller';
import { migrations } from './migrations';

// Days (SQL `date`) stay 'YYYY-MM-DD' strings: a JS Date would shift them by the zone.
types.setTypeParser(1082, (v: string) => v);

@Module({})
export class AppModule {
  static register(config: InvoicingConfig, logger: JsonLogger, clock: Clock = systemClock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The database (migrated at start), Kafka, health, bearer-token auth on every route (deny by default).
        PlatformModule.forService({ config, logger, migrations }),
        // Its copies of customer's accounts and agreements and of rating's tariff versions, fed from their events.
        BackboneModule.forService({ registry: defaultRegistry, clock, consumers: [customerCopies, ratingCopies, usageReadyConsumer, finalBillsConsumer] }),
      ],
      controllers: [CopiesController, CyclesController, BillsController],
      providers: [UsageReadyHandler, FinalBillsHandler],
    };
  }
}
