import { Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { uuidv7 } from '@utilia/contracts';
import { Answers, camel, CommandRunner, Created, idParam, notFound, Roles, ValidationFailed, ValidBody } from '@utilia/platform';
import { OPERATORS, READERS } from '../access';
import { registerMeter } from './meter.handler';
import { MeterRegisteredAnswer, MeterView, RegisterMeterBody } from './meter.schemas';

@ApiTags('meters')
@Controller('meters')
export class MeterController {
  constructor(private readonly commands: CommandRunner) {}

  @Post()
  @Roles(...OPERATORS)
  @Created((r: { meterId: string }) => `meters/${r.meterId}`)
  @ApiOperation({ summary: 'Register a meter in the inventory: serial, commodity, interval (AMI) or register-only, its registers (unit, multiplier, dials)' })
  @Answers(MeterRegisteredAnswer, { status: 201 })
  async register(@ValidBody(RegisterMeterBody) body: Static<typeof RegisterMeterBody>): Promise<Static<typeof MeterRegisteredAnswer>> {
    const meterId = uuidv7();
    await this.commands.run((tx) => registerMeter(tx, { type: 'register', meterId, ...body }));
    return { meterId };
  }

  @Get(':meterId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A meter: its registers and where it is installed' })
  @Answers(MeterView)
  async get(@Param('meterId') id: string): Promise<Static<typeof MeterView>> {
    const meterId = idParam('meterId', id);
    const [row] = await this.commands.read('select * from m_meter where id = $1', [meterId]);
    if (!row) throw notFound('meter', meterId);
    return camel(row) as Static<typeof MeterView>;
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Find a meter by its serial' })
  @ApiQuery({ name: 'serial' })
  @Answers(MeterView)
  async bySerial(@Query('serial') serial?: string): Promise<Static<typeof MeterView>> {
    if (!serial) throw new ValidationFailed([{ field: 'serial', message: 'is required' }]);
    const [row] = await this.commands.read('select * from m_meter where serial = $1', [serial]);
    if (!row) throw notFound('meter', serial);
    return camel(row) as Static<typeof MeterView>;
  }
}
