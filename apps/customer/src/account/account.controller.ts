import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACCOUNT_ROLES, uuidv7 } from '@utilia/contracts';
import { Roles } from '@utilia/platform';
import { customerAggregate } from '../customer/customer.decider';
import { WRITERS } from '../shared/access';
import { CommandRunner, type CommandTx } from '../shared/command-runner';
import { localDateOf } from '../shared/dates';
import { idParam, parse } from '../shared/http';
import { notFound } from '../shared/rules';
import type { Input } from '../shared/validation';
import { accountAggregate, decideAccount, type AccountDetails } from './account.decider';

function readDetails(i: Input, mainCustomerId?: string): AccountDetails {
  const roles = i.array('roles', (r) => ({ customerId: r.uuid('customerId'), role: r.oneOf('role', ACCOUNT_ROLES) }), { optional: true, max: 20 });
  if (mainCustomerId && !roles.some((r) => r.role === 'main')) roles.unshift({ customerId: mainCustomerId, role: 'main' });
  return { billingAddress: i.address('billingAddress'), billCycle: i.text('billCycle', { max: 20 }), roles };
}

/** Rule: everyone named in a role is a registered customer. */
async function assertCustomers(tx: CommandTx, details: AccountDetails): Promise<void> {
  for (const customerId of new Set(details.roles.map((r) => r.customerId))) {
    if (!(await tx.load(customerAggregate, customerId)).state.exists) throw notFound('customer', customerId);
  }
}

const detailsExample = {
  billingAddress: { line1: '12 Elm St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
  billCycle: '07',
  roles: [{ customerId: '0190f4a2-0000-7000-8000-000000000000', role: 'financially-responsible' }],
};

@ApiTags('accounts')
@Controller('accounts')
export class AccountController {
  constructor(private readonly commands: CommandRunner) {}

  @Post()
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Open an account for a customer: it gets an account number with a Luhn check digit' })
  @ApiBody({ schema: { type: 'object', example: { customerId: '0190f4a2-0000-7000-8000-000000000000', currency: 'USD', openedOn: '2025-06-01', ...detailsExample } } })
  async open(@Body() body: unknown): Promise<{ accountId: string; accountNumber: string }> {
    const input = parse(body, (i) => {
      const customerId = i.uuid('customerId');
      return {
        customerId,
        currency: i.text('currency', { pattern: /^[A-Z]{3}$/, hint: 'must be an ISO 4217 code such as USD' }),
        openedOn: i.date('openedOn', { optional: true }),
        details: readDetails(i, customerId),
      };
    });
    const accountId = uuidv7();
    return this.commands.run(async (tx) => {
      await assertCustomers(tx, input.details);
      const [{ n }] = await tx.query<{ n: string }>(`select nextval('account_number_seq') as n`);
      const openedOn = input.openedOn || localDateOf(tx.now, this.commands.policy.timeZone);
      const events = decideAccount(accountAggregate.initial, { type: 'open', accountId, sequence: Number(n), customerId: input.customerId, currency: input.currency, openedOn, details: input.details });
      await tx.append(accountId, 'no-stream', events);
      return { accountId, accountNumber: (events[0].data as { accountNumber: string }).accountNumber };
    });
  }

  @Put(':accountId')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: "Replace an account's billing address, bill cycle and customer roles" })
  @ApiBody({ schema: { type: 'object', example: detailsExample } })
  async change(@Param('accountId') id: string, @Body() body: unknown): Promise<{ accountId: string }> {
    const accountId = idParam('accountId', id);
    await this.commands.run(async (tx) => {
      const { state, version } = await tx.load(accountAggregate, accountId);
      const details = parse(body, (i) => readDetails(i, state.customerId));
      await assertCustomers(tx, details);
      await tx.append(accountId, version, decideAccount(state, { type: 'change-details', accountId, details }));
    });
    return { accountId };
  }

  @Post(':accountId/close')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Close an account that has no service agreement in force' })
  @ApiBody({ schema: { type: 'object', example: { closedOn: '2025-07-31' } } })
  async close(@Param('accountId') id: string, @Body() body: unknown): Promise<{ accountId: string }> {
    const accountId = idParam('accountId', id);
    const { closedOn } = parse(body, (i) => ({ closedOn: i.date('closedOn') }));
    await this.commands.run(async (tx) => {
      await tx.lockAccount(accountId);
      const { state, version } = await tx.load(accountAggregate, accountId);
      const [{ n }] = await tx.query<{ n: number }>('select count(*)::int as n from rm_agreement where account_id = $1 and (end_date is null or end_date > $2)', [accountId, closedOn]);
      await tx.append(accountId, version, decideAccount(state, { type: 'close', accountId, closedOn, agreementsInForce: n }));
    });
    return { accountId };
  }
}
