import { DynamicModule, Module } from '@nestjs/common';
import { defaultRegistry } from '@utilia/contracts';
import { BackboneModule, PlatformModule, systemClock, type Clock, type JsonLogger, type ServiceConfig } from '@utilia/platform';
import { types } from 'pg';
import type { BillingContext } from './bills/bill';
import { BILLING_CONTEXT } from './bills/billing-context';
import { BillingSweep } from './bills/billing-sweep';
import { BillsController } from './bills/bills.controller';
import { finalBillsConsumer, FinalBillsHandler } from './bills/final-bill.handler';
import { TariffCache } from './bills/tariff-cache';
import { usageConsumer, UsageHandler } from './bills/usage.handler';
import { ChargesController } from './charges/charges.controller';
import { chargesConsumer } from './charges/charges.handler';
import { withInvoicingDefaults, type InvoicingConfig } from './config';
import { CopiesController } from './copies/copies.controller';
import { documentCustomerCopies, paymentCopies } from './copies/document-copies.projections';
import { customerCopies } from './copies/customer.projections';
import { ratingCopies } from './copies/tariff.projections';
import { CorrectionsController } from './corrections/corrections.controller';
import { tariffCorrectionsConsumer, TariffCorrectionsHandler } from './corrections/tariff-corrections.handler';
import { CyclesController } from './cycles/cycles.controller';
import { DeliveryController } from './delivery/delivery.controller';
import { DeliveryWorker } from './delivery/delivery.worker';
import { documentsConsumer, IssuedDocumentsHandler } from './delivery/documents.consumer';
import { Mailer } from './delivery/mailer';
import { DocumentsController } from './documents/documents.controller';
import { DOCUMENTS_CONFIG, readDocumentsConfig } from './documents/documents.config';
import { migrations } from './migrations';
import { INVOICING_CONFIG } from './tokens';

// Days (SQL `date`) stay 'YYYY-MM-DD' strings: a JS Date would shift them by the zone.
types.setTypeParser(1082, (v: string) => v);

@Module({})
export class AppModule {
  static register(config: InvoicingConfig | ServiceConfig, logger: JsonLogger, clock: Clock = systemClock): DynamicModule {
    const c = withInvoicingDefaults(config);
    const billing: BillingContext = { settings: c.billing, timeZone: c.timeZone, tariffs: new TariffCache() };
    return {
      module: AppModule,
      imports: [
        // The database (migrated at start), Kafka, health, bearer-token auth on every route (deny by default).
        PlatformModule.forService({ config: c, logger, migrations }),
        // Copies of customer's accounts and agreements and of rating's tariff versions; metering's usage; payments' charges;
        // for documents and delivery, copies of customers, premises, points and payments, and the consumer of its own issued documents.
        BackboneModule.forService({
          registry: defaultRegistry,
          clock,
          consumers: [
            customerCopies,
            ratingCopies,
            usageConsumer,
            finalBillsConsumer,
            tariffCorrectionsConsumer,
            chargesConsumer,
            documentCustomerCopies,
            paymentCopies,
            documentsConsumer,
          ],
        }),
      ],
      controllers: [CopiesController, CyclesController, BillsController, CorrectionsController, ChargesController, DocumentsController, DeliveryController],
      providers: [
        { provide: INVOICING_CONFIG, useValue: c },
        { provide: BILLING_CONTEXT, useValue: billing },
        UsageHandler,
        FinalBillsHandler,
        TariffCorrectionsHandler,
        BillingSweep,
        // A config built by a test without documents settings gets their defaults (e-mail off).
        { provide: DOCUMENTS_CONFIG, useValue: c.documents ?? readDocumentsConfig({}) },
        Mailer,
        IssuedDocumentsHandler,
        DeliveryWorker,
      ],
    };
  }
}
