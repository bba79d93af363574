import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import {
  Answers,
  camel,
  CommandRunner,
  Created,
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
import type { CustomerConfig } from '../config';
import { READERS, WRITERS } from '../shared/access';
import { CUSTOMER_CONFIG } from '../shared/tokens';
import { progressWorkOrder, scheduleForCsr } from './work-order.handler';
import { PageOf, WorkOrderView } from '../read-models/views';
import { CancelBody, CompleteBody, DispatchBody, ScheduleWorkOrderBody, WorkOrderRef } from './work-order.schemas';

@ApiTags('work orders')
@Controller('work-orders')
export class WorkOrderController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(CUSTOMER_CONFIG) private readonly config: CustomerConfig,
  ) {}

  @Post()
  @Roles(...WRITERS)
  @Created((r: { workOrderId: string }) => `work-orders/${r.workOrderId}`)
  @ApiOperation({ summary: 'Schedule a work order: connect, disconnect, reconnect, meter install/exchange/remove, read check' })
  @Answers(WorkOrderRef, { status: 201 })
  async schedule(
    @ValidBody(ScheduleWorkOrderBody) body: Static<typeof ScheduleWorkOrderBody>,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<Static<typeof WorkOrderRef>> {
    const order = {
      workType: body.type,
      servicePointId: body.servicePointId,
      reason: body.reason ?? 'customer-request',
      appointment: body.appointment ?? null,
      notes: body.notes ?? null,
      requestedBy: { kind: 'csr' as const, ref: principal?.subject ?? 'unknown' },
    };
    return { workOrderId: await this.commands.run((tx) => scheduleForCsr(tx, order, this.config)) };
  }

  @Post(':workOrderId/dispatch')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Hand a scheduled work order to a field crew' })
  @Answers(WorkOrderRef)
  async dispatch(@Param('workOrderId') id: string, @ValidBody(DispatchBody) body: Static<typeof DispatchBody>): Promise<Static<typeof WorkOrderRef>> {
    const workOrderId = idParam('workOrderId', id);
    await this.commands.run((tx) => progressWorkOrder(tx, { type: 'dispatch', workOrderId, crew: body.crew }, this.config));
    return { workOrderId };
  }

  @Post(':workOrderId/complete')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Complete a dispatched work order with what the crew found: meter serials and reads (decimal strings)' })
  @Answers(WorkOrderRef)
  async complete(@Param('workOrderId') id: string, @ValidBody(CompleteBody) body: Static<typeof CompleteBody>): Promise<Static<typeof WorkOrderRef>> {
    const workOrderId = idParam('workOrderId', id);
    const command = {
      type: 'complete' as const,
      workOrderId,
      completedAt: body.completedAt,
      meterSerial: body.meterSerial ?? null,
      removedMeterSerial: body.removedMeterSerial ?? null,
      reads: body.reads ?? [],
      notes: body.notes ?? null,
    };
    await this.commands.run((tx) => progressWorkOrder(tx, command, this.config));
    return { workOrderId };
  }

  @Post(':workOrderId/cancel')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Cancel a work order that is not completed' })
  @Answers(WorkOrderRef)
  async cancel(@Param('workOrderId') id: string, @ValidBody(CancelBody) body: Static<typeof CancelBody>): Promise<Static<typeof WorkOrderRef>> {
    const workOrderId = idParam('workOrderId', id);
    await this.commands.run((tx) => progressWorkOrder(tx, { type: 'cancel', workOrderId, reason: body.reason }, this.config));
    return { workOrderId };
  }

  @Get(':workOrderId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A work order' })
  @Answers(WorkOrderView)
  async get(@Param('workOrderId') id: string): Promise<Static<typeof WorkOrderView>> {
    const workOrderId = idParam('workOrderId', id);
    const [row] = await this.commands.read('select * from rm_work_order where id = $1', [workOrderId]);
    if (!row) throw notFound('work-order', workOrderId);
    return camel(row) as Static<typeof WorkOrderView>;
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Work orders of a service point or an account, newest first, cursor-paginated' })
  @ApiQuery({ name: 'servicePointId', required: false })
  @ApiQuery({ name: 'accountId', required: false })
  @ApiQuery({ name: 'open', required: false, description: 'true: only scheduled or dispatched ones' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @Answers(PageOf(WorkOrderView))
  async list(
    @Query('servicePointId') servicePointId?: string,
    @Query('accountId') accountId?: string,
    @Query('open') open?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limitText?: string,
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    if (!servicePointId === !accountId) throw new ValidationFailed([{ field: 'servicePointId', message: 'give exactly one of servicePointId and accountId' }]);
    const column = servicePointId ? 'service_point_id' : 'account_id';
    const ref = idParam(column === 'account_id' ? 'accountId' : 'servicePointId', servicePointId ?? accountId);
    const limit = limitParam(limitText);
    const after = decodeCursor(cursor, 2);
    const rows = await this.commands.read<{ scheduled_at: Date; id: string }>(
      `select * from rm_work_order where ${column} = $1 ${open === 'true' ? `and status in ('scheduled', 'dispatched')` : ''}
         and ($2::timestamptz is null or (scheduled_at, id) < ($2::timestamptz, $3::uuid))
       order by scheduled_at desc, id desc limit $4`,
      [ref, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return page(rows, limit, camel, (last) => [last.scheduled_at.toISOString(), last.id]);
  }
}
