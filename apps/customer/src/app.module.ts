import { DynamicModule, Module } from '@nestjs/common';
import { defaultRegistry } from '@utilia/contracts';
import { BackboneModule, PlatformModule, type JsonLogger, type ServiceConfig } from '@utilia/platform';
import { types } from 'pg';
import { AccountController } from './account/account.controller';
import { withCustomerDefaults, type CustomerConfig } from './config';
import { CollectionsRequestsConsumer } from './collections-requests/collections-requests.consumer';
import { CustomerController } from './customer/customer.controller';
import { InteractionController } from './interaction/interaction.controller';
import { migrations } from './migrations';
import { PremiseController } from './premise/premise.controller';
import { Account360Controller } from './read-models/account-360/account-360.controller';
import { accountView, agreementView, customerView, interactionView, premiseView, servicePointView, workOrderView } from './read-models/account-360/account-360.projections';
import { CustomerSearchController } from './read-models/customer-search/customer-search.controller';
import { RebuildController } from './read-models/rebuild/rebuild.controller';
import { customerSearchView } from './read-models/customer-search/customer-search.projection';
import { ServiceAgreementController } from './service-agreement/service-agreement.controller';
import { CommandRunner } from './shared/command-runner';
import { CLOCK, CUSTOMER_CONFIG, READ_MODELS, systemClock, type Clock } from './shared/tokens';
import { WorkOrderController } from './work-order/work-order.controller';

// Business dates (SQL `date`) stay 'YYYY-MM-DD' strings: a JS Date would shift them by the zone.
types.setTypeParser(1082, (v: string) => v);

/** Every read model of the service, fed in the transaction of each command (and rebuildable by replay). */
export const readModels = [customerView, accountView, premiseView, servicePointView, agreementView, workOrderView, interactionView, customerSearchView];

@Module({})
export class AppModule {
  static register(config: CustomerConfig | ServiceConfig, logger: JsonLogger, clock: Clock = systemClock): DynamicModule {
    const c = withCustomerDefaults(config);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ config: c, logger, migrations }),
        // The platform module brings the JWT guard (deny by default) and trace context.
        BackboneModule.forService({ registry: defaultRegistry }),
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
        RebuildController,
      ],
      providers: [
        { provide: CUSTOMER_CONFIG, useValue: c },
        { provide: CLOCK, useValue: clock },
        { provide: READ_MODELS, useValue: readModels },
        CommandRunner,
        CollectionsRequestsConsumer,
      ],
    };
  }
}
