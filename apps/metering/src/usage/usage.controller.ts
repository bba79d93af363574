import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { InstantSchema, LocalDateSchema, UsageQualityCountsSchema } from '@utilia/contracts';
import { writeEspi } from '@utilia/greenbutton';
import { addDays, Answers, CommandRunner, dateParam, daysBetween, idParam, notFound, Roles, startOfLocalDate, ValidationFailed } from '@utilia/platform';
import { READERS } from '../access';
import type { MeteringConfig } from '../config';
import { channelKey, IMPORT_WH } from '../readings/channel';
import type { Quality } from '../readings/day';
import { METERING_CONFIG } from '../tokens';
import { periodUsage, pointReadings } from './profile';
import { buckets, type Bucket } from './buckets';
import { periodBounds, pointRegisterTotals } from './usage-requests.handler';

/** The longest span one usage query covers. */
const MAX_DAYS = 400;
const QUALITY: Record<Quality, 'actual' | 'estimated' | 'edited'> = { A: 'actual', E: 'estimated', D: 'edited' };

const UsageInterval = Type.Object({
  start: InstantSchema,
  importWh: Type.Union([Type.Integer(), Type.Null()], { description: 'Energy delivered, integer Wh; null when nothing was measured.' }),
  exportWh: Type.Union([Type.Integer(), Type.Null()]),
  quality: Type.Union([Type.Literal('actual'), Type.Literal('estimated'), Type.Literal('edited'), Type.Null()], { description: 'The least sure value in it.' }),
});
const UsageAnswer = Type.Object({
  servicePointId: Type.String(),
  from: LocalDateSchema,
  to: LocalDateSchema,
  timeZone: Type.String(),
  granularity: Type.Union([Type.Literal('hour'), Type.Literal('day')]),
  intervals: Type.Array(UsageInterval),
  totals: Type.Object({ importWh: Type.Integer(), exportWh: Type.Union([Type.Integer(), Type.Null()]) }),
  counts: UsageQualityCountsSchema,
  maxDemandW: Type.Union([Type.Integer(), Type.Null()]),
  agreements: Type.Array(
    Type.Object({ agreementId: Type.String(), accountId: Type.String(), startDate: LocalDateSchema, endDate: Type.Union([LocalDateSchema, Type.Null()]) }),
    { description: 'The service agreements billing the point over the span (from the customer service).' },
  ),
});
const RegistersAnswer = Type.Array(
  Type.Object({
    register: Type.String(),
    startRead: Type.Union([Type.String(), Type.Null()]),
    endRead: Type.Union([Type.String(), Type.Null()]),
    consumption: Type.Union([Type.String(), Type.Null()]),
    estimated: Type.Boolean(),
  }),
);

/** Dates `from`..`to` (inclusive) as query parameters, at most `MAX_DAYS`. */
function dates(from: string | undefined, to: string | undefined): { from: string; to: string } {
  const a = dateParam('from', from);
  const b = dateParam('to', to);
  if (b < a) throw new ValidationFailed([{ field: 'to', message: 'must not be before from' }]);
  if (daysBetween(a, b) >= MAX_DAYS) throw new ValidationFailed([{ field: 'to', message: `must be less than ${MAX_DAYS} days after from` }]);
  return { from: a, to: b };
}

const iso = (s: number) => new Date(s * 1000).toISOString();
const n = (v: bigint | null) => (v === null ? null : Number(v));

@ApiTags('usage')
@Controller('service-points/:servicePointId')
export class UsageController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(METERING_CONFIG) private readonly config: MeteringConfig,
  ) {}

  private readonly db = { query: <R>(sql: string, p?: unknown[]) => this.commands.read<R>(sql, p) };

  @Get('usage')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      "A service point's hourly or daily usage over local dates from..to (the utility's time zone), with its quality; missing values are not estimated here",
  })
  @ApiQuery({ name: 'from', description: 'YYYY-MM-DD' })
  @ApiQuery({ name: 'to', description: 'YYYY-MM-DD, inclusive' })
  @ApiQuery({ name: 'granularity', required: false, enum: ['hour', 'day'] })
  @Answers(UsageAnswer)
  async usage(
    @Param('servicePointId') id: string,
    @Query('from') fromRaw?: string,
    @Query('to') toRaw?: string,
    @Query('granularity') granularity = 'day',
  ): Promise<Static<typeof UsageAnswer>> {
    const servicePointId = idParam('servicePointId', id);
    if (granularity !== 'hour' && granularity !== 'day') throw new ValidationFailed([{ field: 'granularity', message: 'must be hour or day' }]);
    const span = dates(fromRaw, toRaw);
    const { from, to } = periodBounds(span.from, span.to, this.config.timeZone);
    const usage = await periodUsage(this.db, servicePointId, from, to, null);
    const edges =
      granularity === 'hour'
        ? Array.from({ length: Math.ceil((to - from) / 3600) + 1 }, (_, i) => Math.min(to, from + i * 3600))
        : Array.from({ length: daysBetween(span.from, span.to) + 2 }, (_, i) => startOfLocalDate(addDays(span.from, i), this.config.timeZone) / 1000);
    const imports = buckets(usage.importSlots, from, usage.intervalSeconds, edges);
    const exported = usage.exportSlots ? buckets(usage.exportSlots, from, usage.intervalSeconds, edges) : null;
    const agreements = await this.commands.read<{ id: string; account_id: string; start_date: string; end_date: string | null }>(
      'select id, account_id, start_date, end_date from m_agreement where service_point_id = $1 and start_date <= $3 and (end_date is null or end_date >= $2) order by start_date',
      [servicePointId, span.from, span.to],
    );
    const sum = (bs: Bucket[]) => bs.reduce((s, b) => s + (b.value ?? 0n), 0n);
    return {
      servicePointId,
      from: span.from,
      to: span.to,
      timeZone: this.config.timeZone,
      granularity,
      intervals: imports.map((b, i) => ({
        start: iso(b.start),
        importWh: n(b.value),
        exportWh: exported ? n(exported[i].value) : null,
        quality: b.quality ? QUALITY[b.quality] : null,
      })),
      totals: { importWh: Number(sum(imports)), exportWh: exported ? Number(sum(exported)) : null },
      counts: usage.counts,
      maxDemandW: usage.maxDemandW,
      agreements: agreements.map((a) => ({ agreementId: a.id, accountId: a.account_id, startDate: a.start_date, endDate: a.end_date })),
    };
  }

  @Get('registers')
  @Roles(...READERS)
  @ApiOperation({ summary: "A service point's register totals over local dates from..to: start and end reads and what each register counted (× multiplier)" })
  @ApiQuery({ name: 'from', description: 'YYYY-MM-DD' })
  @ApiQuery({ name: 'to', description: 'YYYY-MM-DD, inclusive' })
  @Answers(RegistersAnswer)
  async registers(@Param('servicePointId') id: string, @Query('from') fromRaw?: string, @Query('to') toRaw?: string): Promise<Static<typeof RegistersAnswer>> {
    const servicePointId = idParam('servicePointId', id);
    const span = dates(fromRaw, toRaw);
    const { from, to } = periodBounds(span.from, span.to, this.config.timeZone);
    return pointRegisterTotals(this.db, servicePointId, from, to);
  }

  @Get('green-button')
  @Roles(...READERS)
  @Header('content-type', 'application/atom+xml; charset=utf-8')
  @ApiProduces('application/atom+xml')
  @ApiOperation({ summary: "A service point's interval energy over local dates from..to as a Green Button (NAESB ESPI) Atom feed, one block per local day" })
  @ApiQuery({ name: 'from', description: 'YYYY-MM-DD' })
  @ApiQuery({ name: 'to', description: 'YYYY-MM-DD, inclusive' })
  @ApiQuery({ name: 'flowDirection', required: false, enum: ['import', 'export'] })
  async greenButton(
    @Param('servicePointId') id: string,
    @Query('from') fromRaw?: string,
    @Query('to') toRaw?: string,
    @Query('flowDirection') direction = 'import',
  ): Promise<string> {
    const servicePointId = idParam('servicePointId', id);
    if (direction !== 'import' && direction !== 'export') throw new ValidationFailed([{ field: 'flowDirection', message: 'must be import or export' }]);
    const span = dates(fromRaw, toRaw);
    const { from, to } = periodBounds(span.from, span.to, this.config.timeZone);
    const [point] = await this.commands.read<{ market_id: string; commodity: string }>('select market_id, commodity from m_service_point where id = $1', [
      servicePointId,
    ]);
    const [installed] = await this.commands.read('select 1 from m_installation where service_point_id = $1 limit 1', [servicePointId]);
    if (!point && !installed) throw notFound('service point', servicePointId);
    const channel = direction === 'import' ? channelKey(IMPORT_WH) : channelKey({ ...IMPORT_WH, direction: 'export' });
    const readings = (await pointReadings(this.db, servicePointId, channel, from, to)).flatMap((m) => m.readings).sort((a, b) => a.start - b.start);
    const interval = readings[0]?.seconds ?? 900;
    return writeEspi({
      updated: new Date(this.commands.now().getTime()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      usagePoint: {
        id: servicePointId,
        title: point ? `Service point ${point.market_id}` : `Service point ${servicePointId}`,
        commodity: point?.commodity === 'gas' ? 'naturalGas' : 'electricity',
      },
      flowDirection: direction,
      intervalLength: interval,
      readings: readings.map((r) => ({
        start: r.start,
        seconds: r.seconds,
        wh: r.value,
        qualities: r.quality === 'E' ? ['8'] : r.quality === 'D' ? ['7'] : ['0'],
      })),
      blockStarts: Array.from({ length: daysBetween(span.from, span.to) + 1 }, (_, i) => startOfLocalDate(addDays(span.from, i), this.config.timeZone) / 1000),
    });
  }
}
