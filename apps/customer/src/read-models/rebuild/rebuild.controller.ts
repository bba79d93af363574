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
 * when a read model is suspected wrong. Commands that update the read models wait for it; queries
 * see the old rows until it commits, never a half-built table. Admins only: it locks the read
 * models for as long as the replay takes.
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
  @ApiOperation({ summary: 'Rebuild every read model from the event store (admins; locks the read models while it runs)' })
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
