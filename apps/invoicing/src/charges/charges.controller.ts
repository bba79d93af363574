import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Answers, camel, CommandRunner, idParam, Roles, ValidationFailed } from '@utilia/platform';
import { READERS } from '../access';

const ChargeList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      description: Type.String(),
      amount: Type.String(),
      currency: Type.String(),
      raisedOn: Type.String(),
      status: Type.String({ description: 'pending (on the next invoice), billed (on invoiceId) or cancelled.' }),
      invoiceId: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

@ApiTags('charges')
@Controller()
export class ChargesController {
  constructor(private readonly commands: CommandRunner) {}

  @Get('charges')
  @Roles(...READERS)
  @ApiOperation({ summary: "payments' charges on an account: waiting for the next invoice, shown on one, or cancelled" })
  @ApiQuery({ name: 'accountId' })
  @Answers(ChargeList)
  async list(@Query('accountId') accountId?: string): Promise<Static<typeof ChargeList>> {
    if (!accountId) throw new ValidationFailed([{ field: 'accountId', message: 'is required' }]);
    const rows = await this.commands.read(
      `select id, kind, description, amount::text as amount, currency, raised_on::text as raised_on, status, invoice_id from charge where account_id = $1
        order by raised_on, id`,
      [idParam('accountId', accountId)],
    );
    return { items: rows.map((r) => camel(r) as Static<typeof ChargeList>['items'][number]) };
  }
}
