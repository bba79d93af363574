import { Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { uuidv7 } from '@utilia/contracts';
import { Answers, camel, CommandRunner, Created, idParam, notFound, Roles, ValidBody } from '@utilia/platform';
import { READERS, WRITERS } from '../shared/access';
import { handleCustomerCommand } from './customer.handler';
import {
  AddProtectionBody,
  CustomerDetailsBody,
  customerDetailsOf,
  customerDetailsRules,
  CustomerRegistered,
  CustomerView,
  EndProtectionBody,
  ProtectionRecorded,
  ProtectionView,
} from './customer.schemas';

const CUSTOMER_SQL = `
select c.*, coalesce((select jsonb_agg(jsonb_build_object('accountId', a.id, 'accountNumber', a.account_number, 'status', a.status, 'roles',
    (select jsonb_agg(r->'role') from jsonb_array_elements(a.roles) r where r->>'customerId' = c.id::text)) order by a.account_number)
  from rm_account a where a.customer_id = c.id or a.roles @> jsonb_build_array(jsonb_build_object('customerId', c.id::text))), '[]') as accounts
from rm_customer c where c.id = $1`;

@ApiTags('customers')
@Controller('customers')
export class CustomerController {
  constructor(private readonly commands: CommandRunner) {}

  @Post()
  @Roles(...WRITERS)
  @Created((r: { customerId: string }) => `customers/${r.customerId}`)
  @ApiOperation({ summary: 'Register a customer (person or organisation) with names, contact points, identification and preferences' })
  @Answers(CustomerRegistered, { status: 201 })
  async register(
    @ValidBody(CustomerDetailsBody, { rules: customerDetailsRules }) body: Static<typeof CustomerDetailsBody>,
  ): Promise<Static<typeof CustomerRegistered>> {
    const customerId = uuidv7();
    await this.commands.run((tx) => handleCustomerCommand(tx, { type: 'register', customerId, details: customerDetailsOf(body) }));
    return { customerId };
  }

  @Put(':customerId')
  @Roles(...WRITERS)
  @ApiOperation({ summary: "Replace a customer's details" })
  @Answers(CustomerRegistered)
  async change(
    @Param('customerId') id: string,
    @ValidBody(CustomerDetailsBody, { rules: customerDetailsRules }) body: Static<typeof CustomerDetailsBody>,
  ): Promise<Static<typeof CustomerRegistered>> {
    const customerId = idParam('customerId', id);
    await this.commands.run((tx) => handleCustomerCommand(tx, { type: 'change-details', customerId, details: customerDetailsOf(body) }));
    return { customerId };
  }

  @Post(':customerId/protections')
  @Roles(...WRITERS)
  @Created((r: { customerId: string; protectionId: string }) => `customers/${r.customerId}/protections/${r.protectionId}`)
  @ApiOperation({ summary: 'Record a protection: life-support, medical or vulnerable, with dates and evidence' })
  @Answers(ProtectionRecorded, { status: 201 })
  async addProtection(
    @Param('customerId') id: string,
    @ValidBody(AddProtectionBody) body: Static<typeof AddProtectionBody>,
  ): Promise<Static<typeof ProtectionRecorded>> {
    const customerId = idParam('customerId', id);
    const protectionId = uuidv7();
    await this.commands.run((tx) =>
      handleCustomerCommand(tx, {
        type: 'add-protection',
        customerId,
        protectionId,
        kind: body.kind,
        from: body.from,
        to: body.to ?? null,
        evidence: body.evidence,
      }),
    );
    return { customerId, protectionId };
  }

  @Post(':customerId/protections/:protectionId/end')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'End a protection' })
  @Answers(ProtectionRecorded)
  async endProtection(
    @Param('customerId') id: string,
    @Param('protectionId') pid: string,
    @ValidBody(EndProtectionBody) body: Static<typeof EndProtectionBody>,
  ): Promise<Static<typeof ProtectionRecorded>> {
    const customerId = idParam('customerId', id);
    const protectionId = idParam('protectionId', pid);
    await this.commands.run((tx) => handleCustomerCommand(tx, { type: 'end-protection', customerId, protectionId, ...body }));
    return { customerId, protectionId };
  }

  @Get(':customerId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A customer with details, protections and the accounts they hold a role in' })
  @Answers(CustomerView)
  async get(@Param('customerId') id: string): Promise<Static<typeof CustomerView>> {
    const customerId = idParam('customerId', id);
    const [row] = await this.commands.read(CUSTOMER_SQL, [customerId]);
    if (!row) throw notFound('customer', customerId);
    return camel(row) as Static<typeof CustomerView>;
  }

  @Get(':customerId/protections/:protectionId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One protection of a customer' })
  @Answers(ProtectionView)
  async protection(@Param('customerId') id: string, @Param('protectionId') pid: string): Promise<Static<typeof ProtectionView>> {
    const customerId = idParam('customerId', id);
    const protectionId = idParam('protectionId', pid);
    const [row] = await this.commands.read<{ protection: unknown }>(
      `select p as protection from rm_customer c, jsonb_array_elements(c.protections) p where c.id = $1 and p->>'protectionId' = $2`,
      [customerId, protectionId],
    );
    if (!row) throw notFound('protection', protectionId);
    return camel(row.protection) as Static<typeof ProtectionView>;
  }
}
