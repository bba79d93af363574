import { DynamicModule, Module } from '@nestjs/common';
import { defaultRegistry } from '@utilia/contracts';
import { BackboneModule, PlatformModule, systemClock, type Clock, type JsonLogger, type ServiceConfig } from '@utilia/platform';
import { types } from 'pg';
import { AccountController } from './account/account.controller';
import { CollectionsRequestsHandler, collectionsRequestsConsumer } from './collections-requests/collections-requests.handler';
import { withCustomerDefaults, type CustomerConfig } from './config';
import { CustomerController } from './customer/customer.controller';
import { InteractionController } from './interaction/interaction.controller';
import { migrations } from './migrations';
import { PremiseController } from './premise/premise.controller';
import { Account360Controller } from './read-models/account-360/account-360.controller';
import {
  accountView,
  agreementView,
  customerView,
  interactionView,
  premiseView,
  servicePointView,
  workOrderView,
} from './read-models/account-360/account-360.projections';
import { Account360Feed, account360Consumer } from './read-models/account-360/other-contexts.consumer';
import { CustomerSearchController } from './read-models/customer-search/customer-search.controller';
import { customerSearchView } from './read-models/customer-search/customer-search.projection';
import { tariffCatalogConsumer } from './read-models/tariff-catalog/tariff-catalog.projection';
import { ServiceAgreementController } from './service-agreement/service-agreement.controller';
import { CUSTOMER_CONFIG } from './shared/tokens';
import { WorkOrderController } from './work-order/work-order.controller';

// Business dates (SQL `date`) stay 'YYYY-MM-DD' strings: a JS Date would shift them by the zone.
types.setTypeParser(1082, (v: string) => v);

/**
 * Every read model of the service, fed in the transaction of each command (and rebuildable by replay).
 * The copy of rating's tariff catalog is not one of them: it is fed from rating.events (`tariffCatalogConsumer`);
 * nor are the account 360 view's parts from invoicing, payments and metering (`account360Consumer`).
 */
export const readModels = [customerView, accountView, premiseView, servicePointView, agreementView, workOrderView, interactionView, customerSearchView];

/** Unique indexes of read models that stand for business rules, answered 409 with a code. */
const uniqueRules = {
  rm_service_point_market_id: { code: 'market-id-taken', detail: 'another service point of this commodity already has this market identifier' },
  rm_service_point_premise_commodity: { code: 'commodity-already-served', detail: 'the premise already has a service point of this commodity' },
};

@Module({})
export class AppModule {
  static register(config: CustomerConfig | ServiceConfig, logger: JsonLogger, clock: Clock = systemClock): DynamicModule {
    const c = withCustomerDefaults(config);
    return {
      module: AppModule,
      imports: [
        // The platform module brings the database, Kafka, health and the JWT guard (deny by default).
        PlatformModule.forService({ config: c, logger, migrations }),
        BackboneModule.forService({
          registry: defaultRegistry,
          readModels,
          uniqueRules,
          clock,
          consumers: [collectionsRequestsConsumer, tariffCatalogConsumer, account360Consumer],
        }),
      ],
      controllers: [
        CustomerController,
        PremiseController,
        AccountController,
        ServiceAgreementController,
        WorkOrderController,
        InteractionController,
        Account360Controller,
        CustomerSearchController,
      ],
      providers: [{ provide: CUSTOMER_CONFIG, useValue: c }, CollectionsRequestsHandler, Account360Feed],
    };
  }
}
