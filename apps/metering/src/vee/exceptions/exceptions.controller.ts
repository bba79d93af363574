import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { InstantSchema, Strict, TextSchema, VEE_RULES } from '@utilia/contracts';
import {
  Answers,
  camel,
  CommandRunner,
  CurrentPrincipal,
  decodeCursor,
  idParam,
  limitParam,
  notFound,
  page,
  Roles,
  ValidationFailed,
  ValidBody,
  type Principal,
} from '@utilia/platform';
import { METER_WRITERS, READERS } from '../../access';
import type { MeteringConfig } from '../../config';
import { loadRange } from '../../readings/store';
import { METERING_CONFIG } from '../../tokens';
import { acceptException, editException, reEstimateException } from './exceptions.handler';

const STATUSES = ['open', 'accepted', 'edited', 'estimated'] as const;

const ExceptionView = Type.Object({
  id: Type.String(),
  meterId: Type.String(),
  serial: Type.String(),
  servicePointId: Type.Union([Type.String(), Type.Null()]),
  channel: Type.String(),
  rule: Type.String(),
  fromAt: InstantSchema,
  toAt: InstantSchema,
  detail: Type.String(),
  status: Type.String(),
  resolvedBy: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: Type.Union([InstantSchema, Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: InstantSchema,
});
const ExceptionPage = Type.Object({ items: Type.Array(ExceptionView), nextCursor: Type.Union([Type.String(), Type.Null()]) });
const ExceptionDetail = Type.Object({
  exception: ExceptionView,
  readings: Type.Array(
    Type.Object({
      start: InstantSchema,
      seconds: Type.Integer(),
      value: Type.String(),
      quality: Type.String(),
      source: Type.Union([Type.String(), Type.Null()]),
    }),
    {
      description: 'The readings of the channel from a day before the span to a day after it.',
    },
  ),
});

const AcceptBody = Strict({ note: Type.Optional(TextSchema(2000)) });
const EditBody = Strict({
  values: Type.Array(Strict({ start: InstantSchema, value: Type.String({ pattern: '^\\d{1,15}$', description: "An integer of the channel's unit (Wh)." }) }), {
    minItems: 1,
    maxItems: 3000,
  }),
  note: TextSchema(2000, { description: 'Why: kept in the audit of every value changed.' }),
});
const ReEstimateBody = Strict({ note: TextSchema(2000, { description: 'Why the readings of the span are replaced with estimates.' }) });
const Changed = Type.Object({ changed: Type.Integer({ description: 'Values changed (each audited).' }) });

const SELECT = `select x.*, m.serial from vee_exception x join m_meter m on m.id = x.meter_id`;
const show = (r: Record<string, unknown>) => camel(r) as Static<typeof ExceptionView>;
const subject = (p: Principal | undefined) => p?.subject ?? 'unknown';

@ApiTags('vee-exceptions')
@Controller('vee-exceptions')
export class ExceptionsController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(METERING_CONFIG) private readonly config: MeteringConfig,
  ) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'The VEE exceptions queue, oldest first: open ones by default; filter by rule, service point or meter serial' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'rule', required: false, enum: VEE_RULES })
  @ApiQuery({ name: 'servicePointId', required: false })
  @ApiQuery({ name: 'serial', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @Answers(ExceptionPage)
  async list(
    @Query('status') status = 'open',
    @Query('rule') rule?: string,
    @Query('servicePointId') servicePointId?: string,
    @Query('serial') serial?: string,
    @Query('limit') limitRaw?: string,
    @Query('cursor') cursor?: string,
  ): Promise<Static<typeof ExceptionPage>> {
    if (!(STATUSES as readonly string[]).includes(status)) throw new ValidationFailed([{ field: 'status', message: `must be one of ${STATUSES.join(', ')}` }]);
    if (rule !== undefined && !(VEE_RULES as readonly string[]).includes(rule))
      throw new ValidationFailed([{ field: 'rule', message: `must be one of ${VEE_RULES.join(', ')}` }]);
    const point = servicePointId === undefined ? null : idParam('servicePointId', servicePointId);
    const limit = limitParam(limitRaw);
    const after = decodeCursor(cursor, 2) as [string, string] | undefined;
    const rows = await this.commands.read(
      `${SELECT} where x.status = $1 and ($2::text is null or x.rule = $2) and ($3::uuid is null or x.service_point_id = $3) and ($4::text is null or m.serial = $4)
         and ($5::timestamptz is null or (x.created_at, x.id) > ($5, $6::uuid))
       order by x.created_at, x.id limit $7`,
      [status, rule ?? null, point, serial ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return page(rows, limit, show, (r) => [(r.created_at as Date).toISOString(), r.id]);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Inspect an exception: what the check found and the readings around it' })
  @Answers(ExceptionDetail)
  async inspect(@Param('id') raw: string): Promise<Static<typeof ExceptionDetail>> {
    const id = idParam('id', raw);
    const [row] = await this.commands.read(`${SELECT} where x.id = $1`, [id]);
    if (!row) throw notFound('VEE exception', id);
    const x = show(row);
    const from = (row.from_at as Date).getTime() / 1000;
    const to = (row.to_at as Date).getTime() / 1000;
    const readings = x.channel.startsWith('register:')
      ? []
      : await loadRange({ query: (sql, p) => this.commands.read(sql, p) }, x.meterId, x.channel, from - 86_400, to + 86_400);
    return {
      exception: x,
      readings: readings.map((r) => ({
        start: new Date(r.start * 1000).toISOString(),
        seconds: r.seconds,
        value: String(r.value),
        quality: r.quality,
        source: r.source ?? null,
      })),
    };
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles(...METER_WRITERS)
  @ApiOperation({ summary: 'Accept the readings as they are' })
  @Answers(Type.Object({ id: Type.String(), status: Type.Literal('accepted') }))
  async accept(
    @Param('id') raw: string,
    @ValidBody(AcceptBody) body: Static<typeof AcceptBody>,
    @CurrentPrincipal() who: Principal | undefined,
  ): Promise<{ id: string; status: 'accepted' }> {
    const id = idParam('id', raw);
    await this.commands.run((tx) => acceptException(tx, id, { by: subject(who), note: body.note ?? null }));
    return { id, status: 'accepted' };
  }

  @Post(':id/edit')
  @HttpCode(200)
  @Roles(...METER_WRITERS)
  @ApiOperation({ summary: "Put in the right values for the exception's span (quality edited, audited)" })
  @Answers(Changed)
  async edit(
    @Param('id') raw: string,
    @ValidBody(EditBody) body: Static<typeof EditBody>,
    @CurrentPrincipal() who: Principal | undefined,
  ): Promise<Static<typeof Changed>> {
    const id = idParam('id', raw);
    const values = body.values.map((v) => ({ start: Date.parse(v.start) / 1000, value: BigInt(v.value) }));
    return this.commands.run((tx) => editException(tx, id, values, { by: subject(who), note: body.note }));
  }

  @Post(':id/re-estimate')
  @HttpCode(200)
  @Roles(...METER_WRITERS)
  @ApiOperation({ summary: "Replace the span's readings with estimates (interpolation or the weekday profile), audited" })
  @Answers(Changed)
  async reEstimate(
    @Param('id') raw: string,
    @ValidBody(ReEstimateBody) body: Static<typeof ReEstimateBody>,
    @CurrentPrincipal() who: Principal | undefined,
  ): Promise<Static<typeof Changed>> {
    const id = idParam('id', raw);
    return this.commands.run((tx) => reEstimateException(tx, id, this.config.vee, { by: subject(who), note: body.note }));
  }
}
