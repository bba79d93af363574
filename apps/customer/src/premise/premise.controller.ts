import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { COMMODITIES, CONNECTION_STATUSES, PREMISE_TYPES, uuidv7, type Commodity } from '@utilia/contracts';
import { ProblemError, Roles } from '@utilia/platform';
import { accountAggregate } from '../account/account.decider';
import { READERS, WRITERS } from '../shared/access';
import { CommandRunner, type CommandTx } from '../shared/command-runner';
import { camel, idParam, parse } from '../shared/http';
import { notFound, RuleViolation } from '../shared/rules';
import { decidePremise, premiseAggregate } from './premise.decider';

/** Rule: a landlord is an open account. */
async function assertLandlord(tx: CommandTx, landlordAccountId: string | null): Promise<void> {
  if (landlordAccountId === null) return;
  const { state } = await tx.load(accountAggregate, landlordAccountId);
  if (!state.exists) throw notFound('account', landlordAccountId);
  if (state.status === 'closed') throw new RuleViolation('account-closed', `landlord account ${landlordAccountId} is closed`, 'conflict');
}

@ApiTags('premises')
@Controller('premises')
export class PremiseController {
  constructor(private readonly commands: CommandRunner) {}

  @Post()
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Register a premise: a structured service address, its type and, optionally, the landlord account service reverts to' })
  @ApiBody({ schema: { type: 'object', example: { address: { line1: '12 Elm St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' }, premiseType: 'house', landlordAccountId: null } } })
  async register(@Body() body: unknown): Promise<{ premiseId: string }> {
    const input = parse(body, (i) => ({
      address: i.address('address'),
      premiseType: i.oneOf('premiseType', PREMISE_TYPES),
      landlordAccountId: i.has('landlordAccountId') ? i.uuid('landlordAccountId') : null,
    }));
    const premiseId = uuidv7();
    await this.commands.run(async (tx) => {
      await assertLandlord(tx, input.landlordAccountId);
      await tx.append(premiseId, 'no-stream', decidePremise(premiseAggregate.initial, { type: 'register', premiseId, ...input }));
    });
    return { premiseId };
  }

  @Put(':premiseId/landlord')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Set or clear the landlord account of a premise' })
  @ApiBody({ schema: { type: 'object', example: { landlordAccountId: '0190f4a2-0000-7000-8000-000000000000' } } })
  async landlord(@Param('premiseId') id: string, @Body() body: unknown): Promise<{ premiseId: string }> {
    const premiseId = idParam('premiseId', id);
    const { landlordAccountId } = parse(body, (i) => ({ landlordAccountId: i.has('landlordAccountId') ? i.uuid('landlordAccountId') : null }));
    await this.commands.run(async (tx) => {
      await assertLandlord(tx, landlordAccountId);
      const { state, version } = await tx.load(premiseAggregate, premiseId);
      await tx.append(premiseId, version, decidePremise(state, { type: 'change-landlord', premiseId, landlordAccountId }));
    });
    return { premiseId };
  }

  @Post(':premiseId/service-points')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Add a service point (electricity, gas or water) with its market identifier to a premise' })
  @ApiBody({ schema: { type: 'object', example: { commodity: 'electricity', marketId: 'MPAN-1200023305967', connectionStatus: 'connected' } } })
  async addServicePoint(@Param('premiseId') id: string, @Body() body: unknown): Promise<{ servicePointId: string }> {
    const premiseId = idParam('premiseId', id);
    const input = parse(body, (i) => ({
      commodity: i.oneOf('commodity', COMMODITIES),
      marketId: i.text('marketId', { max: 40, pattern: /^[A-Za-z0-9-]{3,40}$/, hint: 'must be 3 to 40 letters, digits or dashes' }),
      connectionStatus: i.oneOf('connectionStatus', CONNECTION_STATUSES, 'never-connected'),
    }));
    const servicePointId = uuidv7();
    await this.commands.run(async (tx) => {
      const { state } = await tx.load(premiseAggregate, premiseId);
      // The premise stream does not hold its points (each point is its own stream): take them from
      // the read model, whose unique index (premise, commodity) also settles concurrent adds.
      const points = await tx.query<{ id: string; commodity: Commodity; market_id: string }>('select id, commodity, market_id from rm_service_point where premise_id = $1', [premiseId]);
      const withPoints = { ...state, servicePoints: points.map((p) => ({ servicePointId: p.id, commodity: p.commodity, marketId: p.market_id })) };
      await tx.append(servicePointId, 'no-stream', decidePremise(withPoints, { type: 'add-service-point', premiseId, servicePointId, ...input }));
    });
    return { servicePointId };
  }

  @Get(':premiseId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A premise with its service points and who is on supply at each' })
  async get(@Param('premiseId') id: string): Promise<unknown> {
    const premiseId = idParam('premiseId', id);
    const rows = await this.commands.read(
      `select p.*, coalesce((select jsonb_agg(to_jsonb(sp) - 'last_position' - 'last_event_id' || jsonb_build_object('agreements',
          coalesce((select jsonb_agg(to_jsonb(g) - 'last_position' - 'last_event_id' order by g.start_date desc) from rm_agreement g where g.service_point_id = sp.id), '[]'))
        order by sp.commodity) from rm_service_point sp where sp.premise_id = p.id), '[]') as service_points
       from rm_premise p where p.id = $1`,
      [premiseId],
    );
    if (rows.length === 0) throw new ProblemError(404, 'premise-not-found', `premise ${premiseId} does not exist`);
    return camel(rows[0]);
  }
}
