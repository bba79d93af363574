import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Answers, camel, CommandRunner, idParam, notFound, Roles } from '@utilia/platform';
import { READERS } from '../access';
import { tariffVersions } from './tariff.projections';

const TariffPeriod = Type.Object({ tariffCode: Type.String(), from: Type.String() });
const AccountBilling = Type.Object({
  id: Type.String(),
  accountNumber: Type.String(),
  customerId: Type.String(),
  currency: Type.String(),
  billCycle: Type.String(),
  openedOn: Type.String(),
  customerClass: Type.Union([Type.String(), Type.Null()]),
  closedOn: Type.Union([Type.String(), Type.Null()]),
  agreements: Type.Array(
    Type.Object({
      id: Type.String(),
      servicePointId: Type.String(),
      commodity: Type.String(),
      startDate: Type.String(),
      endDate: Type.Union([Type.String(), Type.Null()]),
      tariffs: Type.Array(TariffPeriod),
    }),
  ),
});
const TariffCopy = Type.Object({
  code: Type.String(),
  versions: Type.Array(
    Type.Object({
      id: Type.String(),
      effectiveFrom: Type.String(),
      effectiveTo: Type.Union([Type.String(), Type.Null()]),
      supersedes: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

/** What invoicing knows of other services, from their events: for billing-ops to check what a bill run will use. */
@ApiTags('copies')
@Controller()
export class CopiesController {
  constructor(private readonly commands: CommandRunner) {}

  @Get('accounts/:accountId')
  @Roles(...READERS)
  @ApiOperation({ summary: "An account as invoicing knows it from customer's events: bill cycle, class, and each agreement's dates and tariffs" })
  @Answers(AccountBilling)
  async account(@Param('accountId') id: string): Promise<Static<typeof AccountBilling>> {
    const accountId = idParam('accountId', id);
    const [row] = await this.commands.read(
      `select id, account_number, customer_id, currency, bill_cycle, opened_on::text as opened_on, customer_class, closed_on::text as closed_on from i_account where id = $1`,
      [accountId],
    );
    if (!row) throw notFound('account', accountId);
    const agreements = await this.commands.read(
      `select id, service_point_id, commodity, start_date::text as start_date, end_date::text as end_date, tariffs from i_agreement where account_id = $1 order by start_date, id`,
      [accountId],
    );
    return {
      ...(camel(row) as Omit<Static<typeof AccountBilling>, 'agreements'>),
      agreements: agreements.map((a) => camel(a) as Static<typeof AccountBilling>['agreements'][number]),
    };
  }

  @Get('tariffs/:code')
  @Roles(...READERS)
  @ApiOperation({ summary: "A tariff's published versions as invoicing keeps them from rating's events" })
  @Answers(TariffCopy)
  async tariff(@Param('code') code: string): Promise<Static<typeof TariffCopy>> {
    const rows = await tariffVersions(this.commands, code);
    if (rows.length === 0) throw notFound('tariff', code);
    return {
      code,
      versions: rows.map((r) => ({ id: r.id, effectiveFrom: r.effective_from, effectiveTo: r.effective_to, supersedes: r.supersedes })),
    };
  }
}
