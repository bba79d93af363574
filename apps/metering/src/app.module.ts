import { DynamicModule, Module } from '@nestjs/common';
import { defaultRegistry } from '@utilia/contracts';
import { BackboneModule, PlatformModule, systemClock, type Clock, type JsonLogger, type ServiceConfig } from '@utilia/platform';
import { types } from 'pg';
import { customerReadModels } from './agreements/agreements.projections';
import { withMeteringDefaults, type MeteringConfig } from './config';
import { InstallationController } from './installation/installation.controller';
import { WorkOrdersHandler, workOrdersConsumer } from './installation/work-orders.handler';
import { MeterController } from './meter/meter.controller';
import { installationView, meterView } from './meter/meter.projections';
import { migrations } from './migrations';
import { headEndConsumer, HeadEndReadingsHandler } from './readings/headend.handler';
import { ReadingsController } from './readings/readings.controller';
import { METERING_CONFIG } from './tokens';
import { UploadsController } from './uploads/uploads.controller';
import { UsageRequestsHandler, usageRequestsConsumer } from './usage/usage-requests.handler';
import { UsageController } from './usage/usage.controller';
import { ExceptionsController } from './vee/exceptions/exceptions.controller';

// Days (SQL `date`) stay 'YYYY-MM-DD' strings: a JS Date would shift them by the zone.
types.setTypeParser(1082, (v: string) => v);

/** The read models of metering's own streams, fed in the transaction of each command. */
export const readModels = [meterView, installationView];

/** Unique indexes that stand for business rules, answered 409 with a code. */
const uniqueRules = {
  m_meter_serial_key: { code: 'meter-serial-taken', detail: 'a meter with this serial is already in the inventory' },
};

@Module({})
export class AppModule {
  static register(config: MeteringConfig | ServiceConfig, logger: JsonLogger, clock: Clock = systemClock): DynamicModule {
    const c = withMeteringDefaults(config);
    return {
      module: AppModule,
      imports: [
        // The database (migrated at start), Kafka, health, bearer-token auth on every route (deny by default).
        PlatformModule.forService({ config: c, logger, migrations }),
        BackboneModule.forService({
          registry: defaultRegistry,
          readModels,
          uniqueRules,
          clock,
          consumers: [customerReadModels, workOrdersConsumer, headEndConsumer, usageRequestsConsumer],
        }),
      ],
      controllers: [MeterController, InstallationController, UploadsController, ReadingsController, UsageController, ExceptionsController],
      providers: [{ provide: METERING_CONFIG, useValue: c }, WorkOrdersHandler, HeadEndReadingsHandler, UsageRequestsHandler],
    };
  }
}
