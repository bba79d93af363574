import { DynamicModule, Module } from '@nestjs/common';
import { defaultRegistry } from '@utilia/contracts';
import { BackboneModule, PlatformModule, systemClock, type Clock, type JsonLogger } from '@utilia/platform';
import { types } from 'pg';
import { BillsController } from './bills/bills.controller';
import { finalBillsConsumer, FinalBillsHandler } from './bills/final-bill.handler';
import { UsageReadyHandler, usageReadyConsumer } from './bills/usage-ready.handler';
import type { InvoicingConfig } from './config';
import { CopiesController } from './copies/copies.controller';
import { documentCustomerCopies, paymentCopies } from './copies/document-copies.projections';
import { customerCopies } from './copies/customer.projections';
import { ratingCopies } from './copies/tariff.projections';
import { CyclesController } from './cycles/cycles.controller';
import { DeliveryController } from './delivery/delivery.controller';
import { DeliveryWorker } from './delivery/delivery.worker';
import { documentsConsumer, IssuedDocumentsHandler } from './delivery/documents.consumer';
import { Mailer } from './delivery/mailer';
import { DocumentsController } from './documents/documents.controller';
import { DOCUMENTS_CONFIG, readDocumentsConfig } from './documents/documents.config';
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
        BackboneModule.forService({
          registry: defaultRegistry,
          clock,
          // Documents and delivery: copies of customers, premises, points and payments; the consumer of its own issued documents.
          consumers: [customerCopies, ratingCopies, usageReadyConsumer, finalBillsConsumer, documentCustomerCopies, paymentCopies, documentsConsumer],
        }),
      ],
      controllers: [CopiesController, CyclesController, BillsController, DocumentsController, DeliveryController],
      providers: [
        UsageReadyHandler,
        FinalBillsHandler,
        // A config built by a test without documents settings gets their defaults (e-mail off).
        { provide: DOCUMENTS_CONFIG, useValue: config.documents ?? readDocumentsConfig({}) },
        Mailer,
        IssuedDocumentsHandler,
        DeliveryWorker,
      ],
    };
  }
}
