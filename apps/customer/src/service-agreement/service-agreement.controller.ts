import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { uuidv7, UuidV7Schema } from '@utilia/contracts';
import { Answers, camel, CommandRunner, Created, dateParam, idParam, localDateOf, notFound, Roles, rowJson, ValidBody } from '@utilia/platform';
import type { CustomerConfig } from '../config';
import { READERS, WRITERS } from '../shared/access';
import { CUSTOMER_CONFIG } from '../shared/tokens';
import { amendStop, cancelStop, cancelTariffChange, changeTariff, startService, stopService, transferServicePoint } from './service-agreement.handler';
import { asOf } from '../read-models/agreements';
import { AgreementView, ServicePointView } from '../read-models/views';
import {
  AgreementRef,
  AmendStopBody,
  StopAmended,
  ChangeTariffBody,
  ServiceStarted,
  ServiceStopped,
  StartServiceBody,
  StopServiceBody,
  TransferBody,
  Transferred,
} from './service-agreement.schemas';

const AGREEMENT_SQL = 'select g.*, sp.premise_id from rm_agreement g join rm_service_point sp on sp.id = g.service_point_id where g.id = $1';
const SERVICE_POINT_SQL = `
select sp.*, coalesce((select jsonb_agg(${rowJson('g')} order by g.start_date desc) from rm_agreement g where g.service_point_id = sp.id), '[]') as agreements
from rm_service_point sp where sp.id = $1`;

@ApiTags('service agreements')
@Controller()
export class ServiceAgreementController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(CUSTOMER_CONFIG) private readonly config: CustomerConfig,
  ) {}

  @Post('service-agreements')
  @Roles(...WRITERS)
  @Created((r: { agreementId: string }) => `service-agreements/${r.agreementId}`)
  @ApiOperation({ summary: 'Start service (move-in): an agreement of an account on a service point and tariff from a date' })
  @Answers(ServiceStarted, { status: 201 })
  async start(@ValidBody(StartServiceBody) body: Static<typeof StartServiceBody>): Promise<Static<typeof ServiceStarted>> {
    return this.commands.run((tx) => startService(tx, { agreementId: uuidv7(), ...body }, this.config));
  }

  @Post('service-agreements/:agreementId/stop')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Stop service (move-out) on the last day of service: schedules the final read and, for the last agreement of the account, requests the final bill',
  })
  @Answers(ServiceStopped)
  async stop(@Param('agreementId') id: string, @ValidBody(StopServiceBody) body: Static<typeof StopServiceBody>): Promise<Static<typeof ServiceStopped>> {
    const agreementId = idParam('agreementId', id);
    return this.commands.run((tx) => stopService(tx, { agreementId, endDate: body.endDate, reason: body.reason ?? 'move-out' }, this.config));
  }

  @Post('service-agreements/:agreementId/tariff')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Change the tariff of an agreement from a date' })
  @Answers(AgreementRef)
  async changeTariff(
    @Param('agreementId') id: string,
    @ValidBody(ChangeTariffBody) body: Static<typeof ChangeTariffBody>,
  ): Promise<Static<typeof AgreementRef>> {
    const agreementId = idParam('agreementId', id);
    await this.commands.run((tx) => changeTariff(tx, { agreementId, ...body }, this.config));
    return { agreementId };
  }

  @Delete('service-agreements/:agreementId/tariff-changes/:effectiveFrom')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Call off a scheduled tariff change before it takes effect (post a change of the same date to replace it instead)' })
  @Answers(AgreementRef)
  async cancelTariffChange(@Param('agreementId') id: string, @Param('effectiveFrom') effectiveFrom: string): Promise<Static<typeof AgreementRef>> {
    const agreementId = idParam('agreementId', id);
    await this.commands.run((tx) => cancelTariffChange(tx, { agreementId, effectiveFrom: dateParam('effectiveFrom', effectiveFrom) }, this.config));
    return { agreementId };
  }

  @Put('service-agreements/:agreementId/stop')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Move a scheduled stop (move-out) to another last day before it takes effect; the final bill follows' })
  @Answers(StopAmended)
  async amendStop(@Param('agreementId') id: string, @ValidBody(AmendStopBody) body: Static<typeof AmendStopBody>): Promise<Static<typeof StopAmended>> {
    const agreementId = idParam('agreementId', id);
    return this.commands.run((tx) => amendStop(tx, { agreementId, endDate: body.endDate }, this.config));
  }

  @Delete('service-agreements/:agreementId/stop')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Call off a scheduled stop (move-out) before it takes effect: its final read is cancelled and a final bill it made due withdrawn' })
  @Answers(AgreementRef)
  async cancelStop(@Param('agreementId') id: string): Promise<Static<typeof AgreementRef>> {
    const agreementId = idParam('agreementId', id);
    return this.commands.run((tx) => cancelStop(tx, agreementId, this.config));
  }

  @Post('service-points/:servicePointId/transfer')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({
    summary:
      'Transfer a service point on a date: the current agreement stops and the incoming account starts the same day; without an incoming account, service reverts to the premise landlord',
  })
  @Answers(Transferred)
  async transfer(@Param('servicePointId') id: string, @ValidBody(TransferBody) body: Static<typeof TransferBody>): Promise<Static<typeof Transferred>> {
    const servicePointId = idParam('servicePointId', id);
    const input = { servicePointId, date: body.date, agreementId: uuidv7(), toAccountId: body.toAccountId ?? null, tariffCode: body.tariffCode ?? null };
    return this.commands.run((tx) => transferServicePoint(tx, input, this.config));
  }

  @Get('service-agreements/:agreementId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A service agreement with its tariff history' })
  @Answers(Type.Composite([AgreementView, Type.Object({ premiseId: UuidV7Schema })]))
  async get(@Param('agreementId') id: string): Promise<Static<typeof AgreementView> & { premiseId: string }> {
    const agreementId = idParam('agreementId', id);
    const [row] = await this.commands.read(AGREEMENT_SQL, [agreementId]);
    if (!row) throw notFound('service-agreement', agreementId);
    return asOf(camel(row) as Static<typeof AgreementView> & { premiseId: string }, this.today());
  }

  @Get('service-points/:servicePointId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A service point: commodity, market id, connection status, meter, and its agreements newest first' })
  @Answers(ServicePointView)
  async servicePoint(@Param('servicePointId') id: string): Promise<Static<typeof ServicePointView>> {
    const servicePointId = idParam('servicePointId', id);
    const [row] = await this.commands.read(SERVICE_POINT_SQL, [servicePointId]);
    if (!row) throw notFound('service-point', servicePointId);
    const point = camel(row) as Static<typeof ServicePointView>;
    return { ...point, agreements: point.agreements.map((a) => asOf(a, this.today())) };
  }

  private today(): string {
    return localDateOf(this.commands.now(), this.config.timeZone);
  }
}
