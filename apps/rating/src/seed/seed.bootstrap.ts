import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandRunner, SERVICE_LOGGER, type JsonLogger } from '@utilia/platform';
import { RATING_CONFIG } from '../tokens';
import type { RatingConfig } from '../config';
import { seedCatalog } from './seed';

/** Loads the seed catalog at start when the configuration asks (RATING_SEED_CATALOG=true, as `npm start` sets it). */
@Injectable()
export class CatalogSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(RATING_CONFIG) private readonly config: RatingConfig,
    @Inject(SERVICE_LOGGER) private readonly log: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedCatalog) return;
    const { created, existing } = await seedCatalog(this.commands);
    this.log.info('seed catalog loaded', { created: created.length, alreadyThere: existing.length });
  }
}
