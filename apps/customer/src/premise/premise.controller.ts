import { Controller, Get, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { uuidv7 } from '@utilia/contracts';
import { Answers, camel, CommandRunner, Created, idParam, localDateOf, notFound, Roles, rowJson, ValidBody } from '@utilia/platform';
import type { CustomerConfig } from '../config';
import { READERS, WRITERS } from '../shared/access';
import { CUSTOMER_CONFIG } from '../shared/tokens';
import { addServicePoint, changeLandlord, registerPremise } from './premise.handler';
import { asOf } from '../read-models/agreements';
import { PremiseView } from '../read-models/views';
import { AddServicePointBody, LandlordBody, PremiseRef, RegisterPremiseBody, ServicePointRef } from './premise.schemas';

const PREMISE_SQL = `
select p.id, p.address, p.premise_type, p.landlord_account_id, coalesce((select jsonb_agg(${rowJson('sp')} || jsonb_build_object('agreements',
    coalesce((select jsonb_agg(${rowJson('g')} order by g.start_date desc) from rm_agreement g where g.service_point_id = sp.id), '[]'))
  order by sp.commodity) from rm_service_point sp where sp.premise_id = p.id), '[]') as service_points
from rm_premise p where p.id = $1`;

@ApiTags('premises')
@Controller('premises')
export class PremiseController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(CUSTOMER_CONFIG) private readonly config: CustomerConfig,
  ) {}

  @Post()
  @Roles(...WRITERS)
  @Created((r: { premiseId: string }) => `premises/${r.premiseId}`)
  @ApiOperation({ summary: 'Register a premise: a structured service address, its type and, optionally, the landlord account service reverts to' })
  @Answers(PremiseRef, { status: 201 })
  async register(@ValidBody(RegisterPremiseBody) body: Static<typeof RegisterPremiseBody>): Promise<Static<typeof PremiseRef>> {
    const premiseId = uuidv7();
    const input = { premiseId, address: body.address, premiseType: body.premiseType, landlordAccountId: body.landlordAccountId ?? null };
    await this.commands.run((tx) => registerPremise(tx, { ...input, allowDuplicateAddress: body.allowDuplicateAddress ?? false }));
    return { premiseId };
  }

  @Put(':premiseId/landlord')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Set or clear the landlord account of a premise' })
  @Answers(PremiseRef)
  async landlord(@Param('premiseId') id: string, @ValidBody(LandlordBody) body: Static<typeof LandlordBody>): Promise<Static<typeof PremiseRef>> {
    const premiseId = idParam('premiseId', id);
    await this.commands.run((tx) => changeLandlord(tx, premiseId, body.landlordAccountId ?? null));
    return { premiseId };
  }

  @Post(':premiseId/service-points')
  @Roles(...WRITERS)
  @Created((r: { servicePointId: string }) => `service-points/${r.servicePointId}`)
  @ApiOperation({ summary: 'Add a service point (electricity, gas or water) with its market identifier to a premise' })
  @Answers(ServicePointRef, { status: 201 })
  async addServicePoint(
    @Param('premiseId') id: string,
    @ValidBody(AddServicePointBody) body: Static<typeof AddServicePointBody>,
  ): Promise<Static<typeof ServicePointRef>> {
    const premiseId = idParam('premiseId', id);
    const servicePointId = uuidv7();
    const input = {
      premiseId,
      servicePointId,
      commodity: body.commodity,
      marketId: body.marketId,
      connectionStatus: body.connectionStatus ?? 'never-connected',
    };
    await this.commands.run((tx) => addServicePoint(tx, input, this.config));
    return { servicePointId };
  }

  @Get(':premiseId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A premise with its service points and who is on supply at each' })
  @Answers(PremiseView)
  async get(@Param('premiseId') id: string): Promise<Static<typeof PremiseView>> {
    const premiseId = idParam('premiseId', id);
    const [row] = await this.commands.read(PREMISE_SQL, [premiseId]);
    if (!row) throw notFound('premise', premiseId);
    const premise = camel(row) as Static<typeof PremiseView>;
    const today = localDateOf(this.commands.now(), this.config.timeZone);
    return { ...premise, servicePoints: premise.servicePoints.map((sp) => ({ ...sp, agreements: sp.agreements.map((a) => asOf(a, today)) })) };
  }
}
