import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { INTERACTION_CHANNELS, INTERACTION_LINK_KINDS, uuidv7 } from '@utilia/contracts';
import { assertCanSeeAccount, CurrentPrincipal, Roles, type Principal } from '@utilia/platform';
import { ACCOUNT_READERS, WRITERS } from '../shared/access';
import { CommandRunner } from '../shared/command-runner';
import { camel, decodeCursor, encodeCursor, idParam, limitParam, parse } from '../shared/http';
import { notFound } from '../shared/rules';
import { decideInteraction } from './interaction.decider';

@ApiTags('interactions')
@Controller()
export class InteractionController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('interactions')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Record a contact with a customer: channel, reason, notes and what it concerns; the CSR is the caller' })
  @ApiBody({ schema: { type: 'object', example: { accountId: '0190f4a2-0000-7000-8000-000000000000', channel: 'phone', reason: 'move-out request', notes: 'moving abroad', links: [{ kind: 'service-agreement', id: '0190f4a2-0000-7000-8000-000000000003' }] } } })
  async record(@Body() body: unknown, @CurrentPrincipal() principal: Principal | undefined): Promise<{ interactionId: string }> {
    const input = parse(body, (i) => ({
      customerId: i.has('customerId') ? i.uuid('customerId') : null,
      accountId: i.has('accountId') ? i.uuid('accountId') : null,
      channel: i.oneOf('channel', INTERACTION_CHANNELS),
      reason: i.text('reason', { max: 200 }),
      notes: i.has('notes') ? i.text('notes', { max: 10000 }) : '',
      links: i.array('links', (l) => ({ kind: l.oneOf('kind', INTERACTION_LINK_KINDS), id: l.text('id', { max: 100 }) }), { optional: true, max: 20 }),
      occurredAt: i.instant('occurredAt', { optional: true }),
    }));
    const interactionId = uuidv7();
    await this.commands.run(async (tx) => {
      // An interaction names its account's main customer when only the account is given.
      let customerId = input.customerId;
      if (input.accountId) {
        const [a] = await tx.query<{ customer_id: string }>('select customer_id from rm_account where id = $1', [input.accountId]);
        if (!a) throw notFound('account', input.accountId);
        customerId ??= a.customer_id;
      }
      if (customerId && !(await tx.query('select 1 from rm_customer where id = $1', [customerId])).length) throw notFound('customer', customerId);
      const command = { ...input, interactionId, customerId, csr: principal?.subject ?? 'unknown', occurredAt: input.occurredAt || tx.now.toISOString() };
      await tx.append(interactionId, 'no-stream', decideInteraction(command, tx.now));
    });
    return { interactionId };
  }

  @Get('accounts/:accountId/interactions')
  @Roles(...ACCOUNT_READERS)
  @ApiOperation({ summary: 'Interactions of an account, newest first, cursor-paginated' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async list(
    @Param('accountId') id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Query('cursor') cursor?: string,
    @Query('limit') limitText?: string,
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const accountId = idParam('accountId', id);
    assertCanSeeAccount(principal, accountId);
    const limit = limitParam(limitText);
    const after = decodeCursor(cursor, 2);
    const rows = await this.commands.read<{ occurred_at: Date; id: string }>(
      `select * from rm_interaction where account_id = $1 and ($2::timestamptz is null or (occurred_at, id) < ($2::timestamptz, $3::uuid))
       order by occurred_at desc, id desc limit $4`,
      [accountId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(camel), nextCursor: rows.length > limit ? encodeCursor([last.occurred_at.toISOString(), last.id]) : null };
  }
}
