import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { uuidv7 } from '@utilia/contracts';
import { ProblemError, Roles } from '@utilia/platform';
import { READERS, WRITERS } from '../shared/access';
import { CommandRunner } from '../shared/command-runner';
import { camel, idParam, parse } from '../shared/http';
import { customerAggregate, decideCustomer, type CustomerCommand } from './customer.decider';
import { readCustomerDetails, readProtection } from './customer.input';

const detailsExample = {
  kind: 'person',
  givenName: 'Ada',
  familyName: 'Lovelace',
  contactPoints: [{ kind: 'email', value: 'ada@example.org', primary: true }],
  identification: [{ kind: 'driving-licence', value: 'D1234567', issuer: 'CA' }],
  preferences: { paperless: true, language: 'en', channels: ['email', 'sms'] },
};

@ApiTags('customers')
@Controller('customers')
export class CustomerController {
  constructor(private readonly commands: CommandRunner) {}

  private decide(command: CustomerCommand): Promise<void> {
    return this.commands.run(async (tx) => {
      const { state, version } = await tx.load(customerAggregate, command.customerId);
      await tx.append(command.customerId, version, decideCustomer(state, command, tx.now));
    });
  }

  @Post()
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Register a customer (person or organisation) with names, contact points, identification and preferences' })
  @ApiBody({ schema: { type: 'object', example: detailsExample } })
  async register(@Body() body: unknown): Promise<{ customerId: string }> {
    const details = parse(body, readCustomerDetails);
    const customerId = uuidv7();
    await this.decide({ type: 'register', customerId, details });
    return { customerId };
  }

  @Put(':customerId')
  @Roles(...WRITERS)
  @ApiOperation({ summary: "Replace a customer's details" })
  @ApiBody({ schema: { type: 'object', example: detailsExample } })
  async change(@Param('customerId') id: string, @Body() body: unknown): Promise<{ customerId: string }> {
    const customerId = idParam('customerId', id);
    await this.decide({ type: 'change-details', customerId, details: parse(body, readCustomerDetails) });
    return { customerId };
  }

  @Post(':customerId/protections')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Record a protection: life-support, medical or vulnerable, with dates and evidence' })
  @ApiBody({ schema: { type: 'object', example: { kind: 'life-support', from: '2025-01-01', to: null, evidence: 'oxygen concentrator; letter from GP seen' } } })
  async addProtection(@Param('customerId') id: string, @Body() body: unknown): Promise<{ protectionId: string }> {
    const customerId = idParam('customerId', id);
    const protectionId = uuidv7();
    await this.decide({ type: 'add-protection', customerId, protectionId, ...parse(body, readProtection) });
    return { protectionId };
  }

  @Post(':customerId/protections/:protectionId/end')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'End a protection' })
  @ApiBody({ schema: { type: 'object', example: { endedOn: '2025-06-30', reason: 'equipment returned' } } })
  async endProtection(@Param('customerId') id: string, @Param('protectionId') pid: string, @Body() body: unknown): Promise<{ protectionId: string }> {
    const customerId = idParam('customerId', id);
    const protectionId = idParam('protectionId', pid);
    const { endedOn, reason } = parse(body, (i) => ({ endedOn: i.date('endedOn'), reason: i.text('reason', { max: 500 }) }));
    await this.decide({ type: 'end-protection', customerId, protectionId, endedOn, reason });
    return { protectionId };
  }

  @Get(':customerId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A customer with details, protections and the accounts they hold a role in' })
  async get(@Param('customerId') id: string): Promise<unknown> {
    const customerId = idParam('customerId', id);
    const rows = await this.commands.read(
      `select c.*, coalesce((select jsonb_agg(jsonb_build_object('accountId', a.id, 'accountNumber', a.account_number, 'status', a.status, 'roles',
          (select jsonb_agg(r->'role') from jsonb_array_elements(a.roles) r where r->>'customerId' = c.id::text)) order by a.account_number)
        from rm_account a where a.customer_id = c.id or a.roles @> jsonb_build_array(jsonb_build_object('customerId', c.id::text))), '[]') as accounts
       from rm_customer c where c.id = $1`,
      [customerId],
    );
    if (rows.length === 0) throw new ProblemError(404, 'customer-not-found', `customer ${customerId} does not exist`);
    return camel(rows[0]);
  }
}
