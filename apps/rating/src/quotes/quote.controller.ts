import { Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import type { LocalDate } from '@utilia/contracts';
import { Answers, CommandRunner, FileBody, Roles, RuleViolation, ValidationFailed, ValidBody } from '@utilia/platform';
import type { IntervalSeries, MeteringMode, Usage } from '@utilia/rating';
import { READERS } from '../access';
import { publishedTariffs } from '../catalog/tariff.queries';
import { greenButtonUsage } from './green-button';
import { compareTariffs, datesOf, monthlyUsage, type Quote, type QuotedTariff } from './quote';
import { QuoteAnswer, QuoteBody } from './quote.schemas';
import { shapeOf } from './shape';

@ApiTags('quotes')
@Controller('quotes')
export class QuoteController {
  constructor(private readonly commands: CommandRunner) {}

  @Post()
  @HttpCode(200)
  @Roles(...READERS, 'customer')
  @ApiOperation({
    summary:
      "Which tariff suits this usage: each tariff's monthly bills with their lines and the annual total, cheapest first, and the difference to the current tariff. Usage as an interval series or 12 monthly totals on a typical shape.",
  })
  @Answers(QuoteAnswer)
  async quote(@ValidBody(QuoteBody) body: Static<typeof QuoteBody>): Promise<Static<typeof QuoteAnswer>> {
    const tariffs = await this.tariffs([...body.tariffCodes, ...(body.currentTariffCode ? [body.currentTariffCode] : [])]);
    let usage: Usage;
    let datesFor: (t: QuotedTariff) => { from: LocalDate; to: LocalDate };
    if ('intervals' in body.usage) {
      const u = body.usage.intervals;
      if (u.exportWh && u.exportWh.length !== u.importWh.length)
        throw new RuleViolation('usage-lengths', 'usage.intervals.exportWh must have as many intervals as importWh');
      if (1440 % u.intervalMinutes !== 0) throw new RuleViolation('usage-interval', 'usage.intervals.intervalMinutes must divide a day');
      const series = (wh: number[]): IntervalSeries => ({ start: u.start, intervalMinutes: u.intervalMinutes, wh });
      usage = { load: series(u.importWh), ...(u.exportWh ? { generation: series(u.exportWh) } : {}) };
      datesFor = (t) => datesOf(usage.load as IntervalSeries, t.tariff.timeZone);
    } else {
      const m = body.usage.monthly;
      if (!m.from.endsWith('-01')) throw new RuleViolation('usage-from', 'usage.monthly.from must be the first day of a month');
      // The hours are laid out in the zone of the first tariff; tariffs of other zones read them in theirs.
      const { series, to } = monthlyUsage(m.monthlyKwh, shapeOf(m.shape), m.from as LocalDate, tariffs[0].tariff.timeZone);
      usage = { load: series };
      datesFor = () => ({ from: m.from as LocalDate, to });
    }
    const metering = (body.metering ?? 'none') as MeteringMode;
    const quotes = compareTariffs(tariffs, usage, { metering, ...(body.flags ? { flags: body.flags } : {}) }, datesFor, body.currentTariffCode);
    return answer(quotes, body.currentTariffCode);
  }

  @Post('green-button')
  @HttpCode(200)
  @Roles(...READERS, 'customer')
  @ApiOperation({ summary: "Compare tariffs on a Green Button (ESPI) file's interval energy: delivered as load, received (flowDirection 19) as generation" })
  @ApiQuery({ name: 'tariffs', description: 'Tariff codes, comma-separated' })
  @ApiQuery({ name: 'current', required: false, description: "The customer's current tariff code" })
  @ApiQuery({ name: 'metering', required: false, description: 'none, net-billing, buy-all-sell-all or net-metering (default none)' })
  @Answers(QuoteAnswer)
  async greenButton(
    @FileBody(['application/xml', 'application/atom+xml', 'text/xml'], 'A Green Button (ESPI) file') xml: string,
    @Query('tariffs') codesRaw?: string,
    @Query('current') current?: string,
    @Query('metering') meteringRaw?: string,
  ): Promise<Static<typeof QuoteAnswer>> {
    const codes = (codesRaw ?? '').split(',').filter((c) => c !== '');
    if (codes.length === 0 || codes.length > 10) throw new ValidationFailed([{ field: 'tariffs', message: 'must name 1 to 10 tariff codes, comma-separated' }]);
    const metering = meteringRaw ?? 'none';
    if (!METERING.includes(metering as MeteringMode)) throw new ValidationFailed([{ field: 'metering', message: `must be one of ${METERING.join(', ')}` }]);
    const tariffs = await this.tariffs([...codes, ...(current ? [current] : [])]);
    const gb = greenButtonUsage(xml);
    const usage: Usage = { load: gb.load, ...(gb.generation && metering !== 'none' ? { generation: gb.generation } : {}) };
    const quotes = compareTariffs(tariffs, usage, { metering: metering as MeteringMode }, (t) => datesOf(gb.load, t.tariff.timeZone), current);
    return {
      ...answer(quotes, current),
      usage: { intervals: gb.load.wh.length, intervalMinutes: gb.load.intervalMinutes, missing: gb.missing, skipped: gb.skipped },
    };
  }

  /** The catalog's published tariffs of these codes (each once). */
  private async tariffs(codes: readonly string[]): Promise<QuotedTariff[]> {
    return (await publishedTariffs(this.commands, [...new Set(codes)])).map(({ row, tariff }) => ({ code: row.code, name: row.name, tariff }));
  }
}

const METERING: readonly MeteringMode[] = ['none', 'net-billing', 'buy-all-sell-all', 'net-metering'];

function answer(quotes: readonly Quote[], current: string | undefined): Static<typeof QuoteAnswer> {
  return {
    currentTariffCode: current ?? null,
    quotes: quotes.map((q) => ({
      ...q,
      bills: q.bills.map((b) => ({
        periodStart: b.periodStart,
        periodEnd: b.periodEnd,
        total: b.total,
        lines: b.lines.map((l) => ({
          component: l.component,
          description: l.description,
          quantity: l.quantity,
          unit: l.unit,
          rate: l.rate,
          amount: l.amount,
          ...(l.touPeriodName !== undefined ? { touPeriodName: l.touPeriodName } : {}),
          ...(l.tier !== undefined ? { tier: l.tier } : {}),
        })),
      })),
    })),
  };
}
