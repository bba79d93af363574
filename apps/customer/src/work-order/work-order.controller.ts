import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { WORK_ORDER_REASONS, WORK_ORDER_TYPES, type FieldRead } from '@utilia/contracts';
import { CurrentPrincipal, ProblemError, Roles, type Principal } from '@utilia/platform';
import { servicePointAggregate, decideServicePoint } from '../service-agreement/service-point.decider';
import { READERS, WRITERS } from '../shared/access';
import { CommandRunner } from '../shared/command-runner';
import { localDateOf } from '../shared/dates';
import { camel, decodeCursor, encodeCursor, idParam, limitParam, parse } from '../shared/http';
import { notFound } from '../shared/rules';
import { scheduleWorkOrder } from './schedule';
import { decideWorkOrder, workOrderAggregate, type WorkOrderCommand } from './work-order.decider';

const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

@ApiTags('work orders')
@Controller('work-orders')
export class WorkOrderController {
  constructor(private readonly commands: CommandRunner) {}

  @Post()
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Schedule a work order: connect, disconnect, reconnect, meter install/exchange/remove, read check' })
  @ApiBody({ schema: { type: 'object', example: { type: 'meter-exchange', servicePointId: '0190f4a2-0000-7000-8000-000000000001', reason: 'customer-request', appointment: { from: '2025-07-01T08:00:00Z', to: '2025-07-01T12:00:00Z' }, notes: 'dog on premises' } } })
  async schedule(@Body() body: unknown, @CurrentPrincipal() principal: Principal | undefined): Promise<{ workOrderId: string }> {
    const input = parse(body, (i) => ({
      workType: i.oneOf('type', WORK_ORDER_TYPES),
      servicePointId: i.uuid('servicePointId'),
      reason: i.oneOf('reason', WORK_ORDER_REASONS, 'customer-request'),
      appointment: i.has('appointment') ? { from: i.object('appointment').instant('from'), to: i.object('appointment').instant('to') } : null,
      notes: i.optionalText('notes', { max: 2000 }) ?? null,
    }));
    return this.commands.run(async (tx) => {
      const { state } = await tx.load(servicePointAggregate, input.servicePointId);
      if (!state.exists) throw notFound('service-point', input.servicePointId);
      const today = localDateOf(tx.now, this.commands.policy.timeZone);
      const onSupply = state.agreements.find((a) => a.startDate <= today && (a.endDate === null || a.endDate >= today));
      const workOrderId = await scheduleWorkOrder(tx, { ...input, accountId: onSupply?.accountId ?? null, requestedBy: { kind: 'csr', ref: principal?.subject ?? 'unknown' } });
      return { workOrderId };
    });
  }

  private async decide(workOrderId: string, command: WorkOrderCommand): Promise<void> {
    await this.commands.run(async (tx) => {
      const { state, version } = await tx.load(workOrderAggregate, workOrderId);
      const events = decideWorkOrder(state, command, tx.now);
      await tx.append(workOrderId, version, events);
      if (command.type !== 'complete') return;
      // What the crew did changes the point: connection status or meter.
      const sp = await tx.load(servicePointAggregate, state.servicePointId as string);
      const date = localDateOf(new Date(command.completedAt), this.commands.policy.timeZone);
      const changes = decideServicePoint(sp.state, { type: 'record-field-work', workOrderId, workType: state.type as never, date, meterSerial: command.meterSerial }, tx.now, this.commands.policy);
      await tx.append(state.servicePointId as string, sp.version, changes);
    });
  }

  @Post(':workOrderId/dispatch')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Hand a scheduled work order to a field crew' })
  @ApiBody({ schema: { type: 'object', example: { crew: 'north-3' } } })
  async dispatch(@Param('workOrderId') id: string, @Body() body: unknown): Promise<{ workOrderId: string }> {
    const workOrderId = idParam('workOrderId', id);
    const { crew } = parse(body, (i) => ({ crew: i.text('crew', { max: 100 }) }));
    await this.decide(workOrderId, { type: 'dispatch', workOrderId, crew });
    return { workOrderId };
  }

  @Post(':workOrderId/complete')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Complete a dispatched work order with what the crew found: meter serials and reads (decimal strings)' })
  @ApiBody({ schema: { type: 'object', example: { completedAt: '2025-07-01T09:40:00Z', meterSerial: 'LG-0012345', removedMeterSerial: 'EL-998877', reads: [{ register: '1.8.0', value: '10234.5', readAt: '2025-07-01T09:35:00Z' }] } } })
  async complete(@Param('workOrderId') id: string, @Body() body: unknown): Promise<{ workOrderId: string }> {
    const workOrderId = idParam('workOrderId', id);
    const input = parse(body, (i) => ({
      completedAt: i.instant('completedAt'),
      meterSerial: i.optionalText('meterSerial', { max: 40 }) ?? null,
      removedMeterSerial: i.optionalText('removedMeterSerial', { max: 40 }) ?? null,
      reads: i.array('reads', (r): FieldRead => ({ register: r.text('register', { max: 40 }), value: r.text('value', { max: 30, pattern: DECIMAL, hint: 'must be a decimal string such as "10234.5"' }), readAt: r.instant('readAt') }), { optional: true, max: 20 }),
      notes: i.optionalText('notes', { max: 2000 }) ?? null,
    }));
    await this.decide(workOrderId, { type: 'complete', workOrderId, ...input });
    return { workOrderId };
  }

  @Post(':workOrderId/cancel')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Cancel a work order that is not completed' })
  @ApiBody({ schema: { type: 'object', example: { reason: 'customer paid in full' } } })
  async cancel(@Param('workOrderId') id: string, @Body() body: unknown): Promise<{ workOrderId: string }> {
    const workOrderId = idParam('workOrderId', id);
    const { reason } = parse(body, (i) => ({ reason: i.text('reason', { max: 500 }) }));
    await this.decide(workOrderId, { type: 'cancel', workOrderId, reason });
    return { workOrderId };
  }

  @Get(':workOrderId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A work order' })
  async get(@Param('workOrderId') id: string): Promise<unknown> {
    const workOrderId = idParam('workOrderId', id);
    const rows = await this.commands.read('select * from rm_work_order where id = $1', [workOrderId]);
    if (rows.length === 0) throw new ProblemError(404, 'work-order-not-found', `work order ${workOrderId} does not exist`);
    return camel(rows[0]);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Work orders of a service point or an account, newest first, cursor-paginated' })
  @ApiQuery({ name: 'servicePointId', required: false })
  @ApiQuery({ name: 'accountId', required: false })
  @ApiQuery({ name: 'open', required: false, description: 'true: only scheduled or dispatched ones' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async list(
    @Query('servicePointId') servicePointId?: string,
    @Query('accountId') accountId?: string,
    @Query('open') open?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limitText?: string,
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    if (!servicePointId === !accountId) throw new ProblemError(400, 'validation-failed', 'give servicePointId or accountId', [{ field: 'servicePointId', message: 'give exactly one of servicePointId and accountId' }]);
    const column = servicePointId ? 'service_point_id' : 'account_id';
    const ref = idParam(column === 'account_id' ? 'accountId' : 'servicePointId', (servicePointId ?? accountId) as string);
    const limit = limitParam(limitText);
    const after = decodeCursor(cursor, 2);
    const rows = await this.commands.read<{ scheduled_at: Date; id: string }>(
      `select * from rm_work_order where ${column} = $1 ${open === 'true' ? `and status in ('scheduled', 'dispatched')` : ''}
         and ($2::timestamptz is null or (scheduled_at, id) < ($2::timestamptz, $3::uuid))
       order by scheduled_at desc, id desc limit $4`,
      [ref, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(camel), nextCursor: rows.length > limit ? encodeCursor([last.scheduled_at.toISOString(), last.id]) : null };
  }
}
