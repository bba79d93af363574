import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { InstantSchema } from '@utilia/contracts';
import { Answers, CommandRunner, notFound, Roles, ValidationFailed } from '@utilia/platform';
import { READERS } from '../access';
import { metersBySerial } from '../meter/meter.queries';
import { channelKey, channelOf, IMPORT_WH } from './channel';
import { channelsOf, loadRange } from './store';

/** The longest span one readings query returns (a quarter of 15-minute data is under 9,000 readings). */
const MAX_SPAN_DAYS = 92;

const QUALITY_NAMES = { A: 'actual', E: 'estimated', D: 'edited' } as const;

const ReadingView = Type.Object({
  start: InstantSchema,
  seconds: Type.Integer(),
  value: Type.String({ description: "An integer of the channel's unit × 10^scale, as a string." }),
  quality: Type.Union([Type.Literal('actual'), Type.Literal('estimated'), Type.Literal('edited')]),
  source: Type.Union([Type.String(), Type.Null()]),
  cost: Type.Union([Type.String({ description: 'ESPI cost in 10^-5 of the currency.' }), Type.Null()]),
});
const ReadingsAnswer = Type.Object({
  serial: Type.String(),
  channel: Type.String(),
  unit: Type.String(),
  scale: Type.Integer(),
  readings: Type.Array(ReadingView),
});
const EditView = Type.Object({
  channel: Type.String(),
  start: InstantSchema,
  oldValue: Type.Union([Type.String(), Type.Null()]),
  newValue: Type.String(),
  oldQuality: Type.Union([Type.String(), Type.Null()]),
  newQuality: Type.String(),
  by: Type.String(),
  reason: Type.String(),
  at: InstantSchema,
});

const iso = (s: number) => new Date(s * 1000).toISOString();

/** An instant query parameter as Unix seconds. */
export function instantParam(name: string, value: string | undefined): number {
  const ms = value !== undefined && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?Z$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new ValidationFailed([{ field: name, message: 'must be an ISO-8601 UTC instant ending in Z' }]);
  return ms / 1000;
}

/** A span [from, to) of instants, at most `maxDays` long. */
export function spanParams(from: string | undefined, to: string | undefined, maxDays: number): { from: number; to: number } {
  const a = instantParam('from', from);
  const b = instantParam('to', to);
  if (b <= a) throw new ValidationFailed([{ field: 'to', message: 'must be after from' }]);
  if (b - a > maxDays * 86_400) throw new ValidationFailed([{ field: 'to', message: `must be at most ${maxDays} days after from` }]);
  return { from: a, to: b };
}

@ApiTags('readings')
@Controller('meters/:serial')
export class ReadingsController {
  constructor(private readonly commands: CommandRunner) {}

  private async meterId(serial: string): Promise<string> {
    const meter = (await metersBySerial({ query: (sql, p) => this.commands.read(sql, p) }, [serial])).get(serial);
    if (!meter) throw notFound('meter', serial);
    return meter.id;
  }

  @Get('channels')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The channels a meter has readings on (measure:direction:unit:scale)' })
  @Answers(Type.Array(Type.String()))
  async channels(@Param('serial') serial: string): Promise<string[]> {
    const id = await this.meterId(serial);
    return (await channelsOf({ query: (sql, p) => this.commands.read(sql, p) }, id)).sort();
  }

  @Get('readings')
  @Roles(...READERS)
  @ApiOperation({ summary: `A meter's interval readings over [from, to) (at most ${MAX_SPAN_DAYS} days), each with its quality, source and cost` })
  @ApiQuery({ name: 'from', description: 'ISO-8601 UTC instant' })
  @ApiQuery({ name: 'to', description: 'ISO-8601 UTC instant (exclusive)' })
  @ApiQuery({ name: 'channel', required: false, description: 'e.g. energy:import:Wh:0 (the default)' })
  @Answers(ReadingsAnswer)
  async readings(
    @Param('serial') serial: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('channel') channel?: string,
  ): Promise<Static<typeof ReadingsAnswer>> {
    const span = spanParams(from, to, MAX_SPAN_DAYS);
    const key = channel ?? channelKey(IMPORT_WH);
    if (!/^(energy|demand):(import|export):[A-Za-z0-9]+:-?\d+$/.test(key))
      throw new ValidationFailed([{ field: 'channel', message: 'must be measure:direction:unit:scale, e.g. energy:import:Wh:0' }]);
    const id = await this.meterId(serial);
    const readings = await loadRange({ query: (sql, p) => this.commands.read(sql, p) }, id, key, span.from, span.to);
    const c = channelOf(key);
    return {
      serial,
      channel: key,
      unit: c.unit,
      scale: c.scale,
      readings: readings.map((r) => ({
        start: iso(r.start),
        seconds: r.seconds,
        value: String(r.value),
        quality: QUALITY_NAMES[r.quality],
        source: r.source ?? null,
        cost: r.cost != null ? String(r.cost) : null,
      })),
    };
  }

  @Get('edits')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The audit of changed values of a meter over [from, to): who, when, old, new, why' })
  @Answers(Type.Array(EditView))
  async edits(@Param('serial') serial: string, @Query('from') from?: string, @Query('to') to?: string): Promise<Array<Static<typeof EditView>>> {
    const span = spanParams(from, to, 366);
    const id = await this.meterId(serial);
    const rows = await this.commands.read<{
      channel: string;
      start: Date;
      old_value: string | null;
      new_value: string;
      old_quality: string | null;
      new_quality: string;
      by: string;
      reason: string;
      at: Date;
    }>(
      `select channel, start, old_value::text, new_value::text, old_quality, new_quality, by, reason, at from reading_edit
       where meter_id = $1 and start >= to_timestamp($2) and start < to_timestamp($3) order by start, id`,
      [id, span.from, span.to],
    );
    return rows.map((r) => ({
      channel: r.channel,
      start: r.start.toISOString(),
      oldValue: r.old_value,
      newValue: r.new_value,
      oldQuality: r.old_quality,
      newQuality: r.new_quality,
      by: r.by,
      reason: r.reason,
      at: r.at.toISOString(),
    }));
  }
}
