import { Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { uuidv7 } from '@utilia/contracts';
import {
  Answers,
  assertCanSeeAccount,
  camel,
  CommandRunner,
  Created,
  CurrentPrincipal,
  idParam,
  notFound,
  Roles,
  ValidBody,
  type Principal,
} from '@utilia/platform';
import { ACCOUNT_READERS, WRITERS } from '../shared/access';
import { CUSTOMER_CONFIG } from '../shared/tokens';
import type { CustomerConfig } from '../config';
import { changeAccountDetails, closeAccount, openAccount, withMainCustomer } from './account.handler';
import { AccountView } from '../read-models/views';
import { AccountDetailsBody, AccountOpenedAnswer, AccountRef, CloseAccountBody, OpenAccountBody } from './account.schemas';

@ApiTags('accounts')
@Controller('accounts')
export class AccountController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(CUSTOMER_CONFIG) private readonly config: CustomerConfig,
  ) {}

  @Post()
  @Roles(...WRITERS)
  @Created((r: { accountId: string }) => `accounts/${r.accountId}`)
  @ApiOperation({ summary: 'Open an account for a customer: it gets an account number with a Luhn check digit' })
  @Answers(AccountOpenedAnswer, { status: 201 })
  async open(@ValidBody(OpenAccountBody) body: Static<typeof OpenAccountBody>): Promise<Static<typeof AccountOpenedAnswer>> {
    const { customerId, currency, openedOn, billingAddress, billCycle, roles, customerClass } = body;
    const details = { billingAddress, billCycle, customerClass: customerClass ?? 'residential', roles: withMainCustomer(roles, customerId) };
    return this.commands.run((tx) => openAccount(tx, { accountId: uuidv7(), customerId, currency, openedOn, details }, this.config.timeZone));
  }

  @Put(':accountId')
  @Roles(...WRITERS)
  @ApiOperation({ summary: "Replace an account's billing address, bill cycle and customer roles" })
  @Answers(AccountRef)
  async change(@Param('accountId') id: string, @ValidBody(AccountDetailsBody) body: Static<typeof AccountDetailsBody>): Promise<Static<typeof AccountRef>> {
    const accountId = idParam('accountId', id);
    await this.commands.run((tx) => changeAccountDetails(tx, accountId, body));
    return { accountId };
  }

  @Post(':accountId/close')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Close an account that has no service agreement in force' })
  @Answers(AccountRef)
  async close(@Param('accountId') id: string, @ValidBody(CloseAccountBody) body: Static<typeof CloseAccountBody>): Promise<Static<typeof AccountRef>> {
    const accountId = idParam('accountId', id);
    await this.commands.run((tx) => closeAccount(tx, accountId, body.closedOn));
    return { accountId };
  }

  @Get(':accountId')
  @Roles(...ACCOUNT_READERS)
  @ApiOperation({ summary: 'An account: number, status, currency, bill cycle, billing address and roles' })
  @Answers(AccountView)
  async get(@Param('accountId') id: string, @CurrentPrincipal() principal: Principal | undefined): Promise<Static<typeof AccountView>> {
    const accountId = idParam('accountId', id);
    assertCanSeeAccount(principal, accountId);
    const [row] = await this.commands.read('select * from rm_account where id = $1', [accountId]);
    if (!row) throw notFound('account', accountId);
    return camel(row) as Static<typeof AccountView>;
  }
}
