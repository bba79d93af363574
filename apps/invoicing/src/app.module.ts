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
import { customerCopies } from './copies/customer.projections';
import { ratingCopies } from './copies/tariff.projections';
import { CorrectionsController } from './corrections/corrections.controller';
import { tariffCorrectionsConsumer, TariffCorrectionsHandler } from './corrections/tariff-corrections.handler';
import { CyclesController } from './cycles/cycles.controller';
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
        // Copies of customer's accounts and agreements and of rating's tariff versions; metering's usage; payments' charges.
        BackboneModule.forService({
          registry: defaultRegistry,
          clock,
          consumers: [customerCopies, ratingCopies, usageConsumer, finalBillsConsumer, tariffCorrectionsConsumer, chargesConsumer],
        }),
      ],
      controllers: [CopiesController, CyclesController, BillsController, CorrectionsController, ChargesController],
      providers: [
        { provide: INVOICING_CONFIG, useValue: c },
        { provide: BILLING_CONTEXT, useValue: billing },
        UsageHandler,
        FinalBillsHandler,
        TariffCorrectionsHandler,
        BillingSweep,
      ],
    };
  }
}
