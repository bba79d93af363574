import { DynamicModule, Module } from '@nestjs/common';
import { defaultRegistry } from '@utilia/contracts';
import { BackboneModule, PlatformModule, systemClock, type Clock, type JsonLogger, type ServiceConfig } from '@utilia/platform';
import { types } from 'pg';
import { BankController } from './bank/bank.controller';
import { billingConsumer, BillingHandler } from './billing/billing.handler';
import { CollectionsController } from './collections/collections.controller';
import { collectionsConsumer, CollectionsHandler } from './collections/collections.consumer';
import { withPaymentsDefaults, type PaymentsConfig } from './config';
import { customerCopies } from './copies/customer.projections';
import { ChartOfAccounts } from './ledger/chart.bootstrap';
import { LedgerController } from './ledger/ledger.controller';
import { migrations } from './migrations';
import { PaymentsController } from './payments/payments.controller';
import { PAYMENTS_CONFIG } from './tokens';

// Business dates (SQL `date`) stay 'YYYY-MM-DD' strings: a JS Date would shift them by the zone.
types.setTypeParser(1082, (v: string) => v);

@Module({})
export class AppModule {
  static register(config: PaymentsConfig | ServiceConfig, logger: JsonLogger, clock: Clock = systemClock): DynamicModule {
    const c = withPaymentsDefaults(config);
    return {
      module: AppModule,
      imports: [
        // The database (migrated at start), Kafka, health, bearer-token auth on every route (deny by default).
        PlatformModule.forService({ config: c, logger, migrations }),
        // Copies of customer's accounts and protections; invoicing's invoices and credit notes posted to the ledger;
        // customer's refusals and account changes for collections and deposits.
        BackboneModule.forService({ registry: defaultRegistry, clock, consumers: [customerCopies, billingConsumer, collectionsConsumer] }),
      ],
      controllers: [PaymentsController, LedgerController, BankController, CollectionsController],
      providers: [{ provide: PAYMENTS_CONFIG, useValue: c }, ChartOfAccounts, BillingHandler, CollectionsHandler],
    };
  }
}
