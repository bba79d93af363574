import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { assertCanSeeAccount, CurrentPrincipal, ProblemError, Roles, type Principal } from '@utilia/platform';
import { ACCOUNT_READERS } from '../../shared/access';
import { CommandRunner } from '../../shared/command-runner';
import { localDateOf } from '../../shared/dates';
import { camel, idParam } from '../../shared/http';
import { ACCOUNT_360_SQL } from './account-360.query';

/**
 * Which parts of the view other contexts feed, and whether their events exist yet. Balance, last
 * invoice and usage come from payments, invoicing and metering events that are not defined yet.
 */
export const EXTERNAL_PARTS = { balance: 'payments', lastInvoice: 'invoicing', usageSummary: 'metering' } as const;

@ApiTags('accounts')
@Controller('accounts')
export class Account360Controller {
  constructor(private readonly commands: CommandRunner) {}

  @Get(':accountId/360')
  @Roles(...ACCOUNT_READERS)
  @ApiOperation({ summary: 'The account 360 view: customer, premises, agreements, open work orders, recent interactions, balance, last invoice, usage' })
  async view(@Param('accountId') id: string, @CurrentPrincipal() principal: Principal | undefined): Promise<Record<string, unknown>> {
    const accountId = idParam('accountId', id);
    assertCanSeeAccount(principal, accountId);
    const today = localDateOf(this.commands.now(), this.commands.policy.timeZone);
    const [row] = await this.commands.read<Record<string, unknown>>(ACCOUNT_360_SQL, [accountId, today], 'account-360');
    if (!row) throw new ProblemError(404, 'account-not-found', `account ${accountId} does not exist`);
    const view = camel(row) as Record<string, unknown>;
    // Say which parts are waiting for another context rather than pretend they are zero.
    view.notYetFed = Object.entries(EXTERNAL_PARTS).filter(([part]) => view[part] === null).map(([part, context]) => ({ part, context }));
    return view;
  }
}
