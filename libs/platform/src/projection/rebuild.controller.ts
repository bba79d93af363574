import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { DataSource } from 'typeorm';
import { Roles, CurrentPrincipal } from '../auth/decorators';
import type { Principal } from '../auth/roles';
import { poolOf } from '../backbone/log';
import type { CommandOptions } from '../command/command-runner';
import { Answers } from '../http/openapi';
import type { JsonLogger } from '../logging/json-logger';
import { BACKBONE_OPTIONS, SERVICE_LOGGER } from '../service/tokens';
import { rebuildProjections } from './projection';

/** What a rebuild did. */
export const RebuildResult = Type.Object(
  {
    readModels: Type.Array(Type.String(), { description: 'The read-model tables rebuilt.' }),
    replayed: Type.Integer({ description: 'Events replayed from the event store.' }),
    tookMs: Type.Integer(),
  },
  { additionalProperties: false },
);
export type RebuildResult = Static<typeof RebuildResult>;

/**
 * The rebuild command of a service whose read models are fed from its own event store: every one
 * truncated and replayed, in one transaction (see `rebuildProjections`). For after a projection's
 * code changed, or when a read model is suspected wrong. It locks the read-model tables
 * exclusively, so commands and queries that touch them wait until it commits and none sees a
 * half-built table. Admins only: the wait lasts as long as the replay.
 */
@ApiTags('read-models')
@Controller('read-models')
export class RebuildController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(BACKBONE_OPTIONS) private readonly options: CommandOptions,
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
  ) {}

  @Post('rebuild')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Rebuild every read model from the event store (admins; queries and commands wait while it runs)' })
  @Answers(RebuildResult)
  async rebuild(@CurrentPrincipal() principal: Principal | undefined): Promise<RebuildResult> {
    const started = Date.now();
    const projections = this.options.readModels ?? [];
    const readModels = projections.map((p) => p.table);
    this.logger.info('rebuilding the read models', { readModels, by: principal?.subject }, 'read-models');
    const replayed = await rebuildProjections(poolOf(this.dataSource), projections, { registry: this.options.registry });
    const tookMs = Date.now() - started;
    this.logger.info('read models rebuilt', { readModels, replayed, tookMs, by: principal?.subject }, 'read-models');
    return { readModels, replayed, tookMs };
  }
}
