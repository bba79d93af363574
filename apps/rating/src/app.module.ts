import { DynamicModule, Module } from '@nestjs/common';
import { defaultRegistry } from '@utilia/contracts';
import { BackboneModule, PlatformModule, systemClock, type Clock, type JsonLogger, type ServiceConfig } from '@utilia/platform';
import { types } from 'pg';
import { TariffController } from './catalog/tariff.controller';
import { tariffVersionView, tariffView } from './catalog/tariff.projections';
import { withRatingDefaults, type RatingConfig } from './config';
import { migrations } from './migrations';
import { QuoteController } from './quotes/quote.controller';
import { CatalogSeeder } from './seed/seed.bootstrap';
import { SeedController } from './seed/seed.controller';
import { RATING_CONFIG } from './tokens';

// Days (SQL `date`) stay 'YYYY-MM-DD' strings: a JS Date would shift them by the zone.
types.setTypeParser(1082, (v: string) => v);

/** The read models of the catalog's streams, fed in the transaction of each command. */
export const readModels = [tariffView, tariffVersionView];

/** Unique indexes that stand for business rules, answered 409 with a code. */
const uniqueRules = {
  r_tariff_code_key: { code: 'tariff-code-taken', detail: 'a tariff with this code is in the catalog already' },
};

@Module({})
export class AppModule {
  static register(config: RatingConfig | ServiceConfig, logger: JsonLogger, clock: Clock = systemClock): DynamicModule {
    const c = withRatingDefaults(config);
    return {
      module: AppModule,
      imports: [
        // The database (migrated at start), Kafka, health, bearer-token auth on every route (deny by default).
        PlatformModule.forService({ config: c, logger, migrations }),
        BackboneModule.forService({ registry: defaultRegistry, readModels, uniqueRules, clock }),
      ],
      controllers: [TariffController, QuoteController, SeedController],
      providers: [{ provide: RATING_CONFIG, useValue: c }, CatalogSeeder],
    };
  }
}
