import { Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { uuidv7 } from '@utilia/contracts';
import {
  Answers,
  assertCanSeeAccount,
  camel,
  CommandRunner,
  Created,
  CurrentPrincipal,
  decodeCursor,
  idParam,
  limitParam,
  notFound,
  page,
  Roles,
  ValidBody,
  type Principal,
} from '@utilia/platform';
import { ACCOUNT_READERS, READERS, WRITERS } from '../shared/access';
import { recordInteraction } from './interaction.handler';
import { interactionForCustomer, seesAsCustomer } from '../read-models/customer-facing';
import { InteractionView, PageOf } from '../read-models/views';
import { InteractionRef, RecordInteractionBody } from './interaction.schemas';

@ApiTags('interactions')
@Controller()
export class InteractionController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('interactions')
  @Roles(...WRITERS)
  @Created((r: { interactionId: string }) => `interactions/${r.interactionId}`)
  @ApiOperation({ summary: 'Record a contact with a customer: channel, reason, notes and what it concerns; the CSR is the caller' })
  @Answers(InteractionRef, { status: 201 })
  async record(
    @ValidBody(RecordInteractionBody) body: Static<typeof RecordInteractionBody>,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<Static<typeof InteractionRef>> {
    const interactionId = uuidv7();
    const input = {
      interactionId,
      customerId: body.customerId ?? null,
      accountId: body.accountId ?? null,
      channel: body.channel,
      reason: body.reason,
      notes: body.notes ?? '',
      links: body.links ?? [],
      occurredAt: body.occurredAt,
      csr: principal?.subject ?? 'unknown',
    };
    await this.commands.run((tx) => recordInteraction(tx, input));
    return { interactionId };
  }

  @Get('interactions/:interactionId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'An interaction' })
  @Answers(InteractionView)
  async get(@Param('interactionId') id: string): Promise<Static<typeof InteractionView>> {
    const interactionId = idParam('interactionId', id);
    const [row] = await this.commands.read('select * from rm_interaction where id = $1', [interactionId]);
    if (!row) throw notFound('interaction', interactionId);
    return camel(row) as Static<typeof InteractionView>;
  }

  @Get('accounts/:accountId/interactions')
  @Roles(...ACCOUNT_READERS)
  @ApiOperation({ summary: "Interactions of an account, newest first, cursor-paginated (a customer sees their own, without the CSR's notes and id)" })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @Answers(PageOf(InteractionView))
  async list(
    @Param('accountId') id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Query('cursor') cursor?: string,
    @Query('limit') limitText?: string,
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const accountId = idParam('accountId', id);
    assertCanSeeAccount(principal, accountId);
    if ((await this.commands.read('select 1 from rm_account where id = $1', [accountId])).length === 0) throw notFound('account', accountId);
    const limit = limitParam(limitText);
    const after = decodeCursor(cursor, 2);
    const rows = await this.commands.read<{ occurred_at: Date; id: string }>(
      `select * from rm_interaction where account_id = $1 and ($2::timestamptz is null or (occurred_at, id) < ($2::timestamptz, $3::uuid))
       order by occurred_at desc, id desc limit $4`,
      [accountId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const show = seesAsCustomer(principal) ? (r: unknown) => interactionForCustomer(camel(r) as Record<string, unknown>) : camel;
    return page(rows, limit, show, (last) => [last.occurred_at.toISOString(), last.id]);
  }
}
