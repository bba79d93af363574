import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Answers, camel, CommandRunner, Created, idParam, Roles, ValidBody } from '@utilia/platform';
import { OPERATORS, READERS } from '../access';
import { exchangeMeter, installMeter, removeMeter } from './installation.handler';
import { ExchangeBody, Installed, InstallationView, InstallBody, RemoveBody } from './installation.schemas';

@ApiTags('installations')
@Controller('service-points/:servicePointId')
export class InstallationController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('meters')
  @Roles(...OPERATORS)
  @Created((r: { servicePointId: string }) => `service-points/${r.servicePointId}/installations`)
  @ApiOperation({ summary: 'Install a meter at a service point (its readings from that instant belong to the point)' })
  @Answers(Installed, { status: 201 })
  async install(
    @Param('servicePointId') id: string,
    @ValidBody(InstallBody) body: Static<typeof InstallBody>,
  ): Promise<Static<typeof Installed> & { servicePointId: string }> {
    const servicePointId = idParam('servicePointId', id);
    const { installationId } = await this.commands.run((tx) =>
      installMeter(tx, { servicePointId, serial: body.serial, installedAt: body.installedAt, reads: body.reads ?? [], workOrderId: null }),
    );
    return { installationId, servicePointId };
  }

  @Post('meters/:serial/remove')
  @HttpCode(200)
  @Roles(...OPERATORS)
  @ApiOperation({ summary: 'Remove the meter installed at a service point' })
  @Answers(Type.Object({ servicePointId: Type.String() }))
  async remove(
    @Param('servicePointId') id: string,
    @Param('serial') serial: string,
    @ValidBody(RemoveBody) body: Static<typeof RemoveBody>,
  ): Promise<{ servicePointId: string }> {
    const servicePointId = idParam('servicePointId', id);
    await this.commands.run((tx) => removeMeter(tx, { servicePointId, serial, removedAt: body.removedAt, reads: body.reads ?? [], workOrderId: null }));
    return { servicePointId };
  }

  @Post('meters/exchange')
  @HttpCode(200)
  @Roles(...OPERATORS)
  @ApiOperation({ summary: "Exchange a service point's meter for another at one instant" })
  @Answers(Installed)
  async exchange(@Param('servicePointId') id: string, @ValidBody(ExchangeBody) body: Static<typeof ExchangeBody>): Promise<Static<typeof Installed>> {
    const servicePointId = idParam('servicePointId', id);
    return this.commands.run((tx) =>
      exchangeMeter(tx, { servicePointId, ...body, removedReads: body.removedReads ?? [], reads: body.reads ?? [], workOrderId: null }),
    );
  }

  @Get('installations')
  @Roles(...READERS)
  @ApiOperation({ summary: "A service point's meters over time, oldest first" })
  @Answers(Type.Array(InstallationView))
  async history(@Param('servicePointId') id: string): Promise<Array<Static<typeof InstallationView>>> {
    const servicePointId = idParam('servicePointId', id);
    const rows = await this.commands.read('select * from m_installation where service_point_id = $1 order by installed_at', [servicePointId]);
    return rows.map((r) => camel(r) as Static<typeof InstallationView>);
  }
}
