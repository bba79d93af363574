import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { defaultRegistry } from '@utilia/contracts';
import { CurrentPrincipal, poolOf, rebuildProjections, Roles, SERVICE_LOGGER, type JsonLogger, type Principal, type Projection } from '@utilia/platform';
import { DataSource } from 'typeorm';
import { READ_MODELS } from '../../shared/tokens';

/** What a rebuild did. */
export interface RebuildResult {
  /** The read-model tables rebuilt. */
  readModels: string[];
  /** Events replayed from the event store. */
  replayed: number;
  tookMs: number;
}

/**
 * The rebuild command: every read model of the service truncated and replayed from its event
 * store, in one transaction (see `rebuildProjections`). For after a projection's code changed, or
 * when a read model is suspected wrong. It locks the read-model tables exclusively, so commands and
 * queries that touch them wait until it commits and none sees a half-built table. Admins only: the
 * wait lasts as long as the replay.
 */
@ApiTags('read-models')
@Controller('read-models')
export class RebuildController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(READ_MODELS) private readonly readModels: Projection<any>[], // eslint-disable-line @typescript-eslint/no-explicit-any
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
  ) {}

  @Post('rebuild')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Rebuild every read model from the event store (admins; queries and commands wait while it runs)' })
  async rebuild(@CurrentPrincipal() principal: Principal | undefined): Promise<RebuildResult> {
    const started = Date.now();
    const readModels = this.readModels.map((p) => p.table);
    this.logger.info('rebuilding the read models', { readModels, by: principal?.subject }, 'read-models');
    const replayed = await rebuildProjections(poolOf(this.dataSource), this.readModels, { registry: defaultRegistry });
    const tookMs = Date.now() - started;
    this.logger.info('read models rebuilt', { readModels, replayed, tookMs, by: principal?.subject }, 'read-models');
    return { readModels, replayed, tookMs };
  }
}
