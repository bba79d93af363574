import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Answers, CLOCK, CommandRunner, Roles, type Clock } from '@utilia/platform';
import { READERS } from '../access';
import { calendar, type BillCycle } from './cycle';

const CycleList = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      readDay: Type.Integer(),
      paymentTermsDays: Type.Integer(),
      description: Type.String(),
      nextReadDates: Type.Array(Type.String(), { description: 'The next three read (and bill-run) dates, today included.' }),
    }),
  ),
});

@ApiTags('bill cycles')
@Controller('bill-cycles')
export class CyclesController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'The bill cycles: the day of the month each is read and billed, the payment terms, and the next read dates' })
  @Answers(CycleList)
  async list(): Promise<Static<typeof CycleList>> {
    const rows = await this.commands.read<{ code: string; read_day: number; payment_terms_days: number; description: string }>(
      'select code, read_day, payment_terms_days, description from bill_cycle order by code',
    );
    const today = this.clock.now().toISOString().slice(0, 10);
    return {
      items: rows.map((r) => {
        const cycle: BillCycle = { code: r.code, readDay: r.read_day, paymentTermsDays: r.payment_terms_days };
        return { ...cycle, description: r.description, nextReadDates: calendar(cycle, today, 3) };
      }),
    };
  }
}
