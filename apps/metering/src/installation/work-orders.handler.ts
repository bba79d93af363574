import { Injectable } from '@nestjs/common';
import { WorkOrderCompletedV1, Topics } from '@utilia/contracts';
import {
  CommandRunner,
  PermanentError,
  RuleViolation,
  type ConsumedEvent,
  type HandlerContext,
  type MessageHandler,
  type ServiceConsumer,
} from '@utilia/platform';
import { exchangeMeter, installMeter, removeMeter } from './installation.handler';

/** The consumer group (and inbox name) of completed meter work orders. */
export const WORK_ORDERS_GROUP = 'metering.work-orders';

/**
 * The customer service's completed meter work orders become installations: an install puts the
 * fitted meter in, an exchange takes the old one out and the new one in, a removal takes it out, a
 * connection that names a meter found no meter there puts it in. The crew's reads go with them. A
 * work order that names a meter metering does not know, or contradicts what metering knows of the
 * point, can never pass as it is: it is dead-lettered with the reason, to replay once the
 * inventory is put right.
 */
@Injectable()
export class WorkOrdersHandler implements MessageHandler {
  constructor(private readonly commands: CommandRunner) {}

  async handle(e: ConsumedEvent, ctx: HandlerContext): Promise<void> {
    if (e.type !== WorkOrderCompletedV1.type) return;
    const wo = e.data as WorkOrderCompletedV1;
    const common = { servicePointId: wo.servicePointId, workOrderId: wo.workOrderId };
    try {
      await this.commands.runIn(ctx.manager as NonNullable<HandlerContext['manager']>, async (tx) => {
        if (wo.type === 'meter-install' && wo.meterSerial) {
          await installMeter(tx, { ...common, serial: wo.meterSerial, installedAt: wo.completedAt, reads: wo.reads });
        } else if (wo.type === 'meter-exchange' && wo.meterSerial && wo.removedMeterSerial) {
          await exchangeMeter(tx, {
            ...common,
            removedSerial: wo.removedMeterSerial,
            serial: wo.meterSerial,
            at: wo.completedAt,
            removedReads: [],
            reads: wo.reads,
          });
        } else if (wo.type === 'meter-remove' && wo.removedMeterSerial) {
          await removeMeter(tx, { ...common, serial: wo.removedMeterSerial, removedAt: wo.completedAt, reads: wo.reads });
        } else if ((wo.type === 'connect' || wo.type === 'reconnect') && wo.meterSerial) {
          const [open] = await tx.query('select 1 from m_installation where service_point_id = $1 and removed_at is null', [wo.servicePointId]);
          if (!open) await installMeter(tx, { ...common, serial: wo.meterSerial, installedAt: wo.completedAt, reads: wo.reads });
        }
      });
    } catch (err) {
      if (err instanceof RuleViolation) throw new PermanentError(`work order ${wo.workOrderId}: ${err.code}: ${err.message}`);
      throw err;
    }
  }
}

/** Metering's consumer of the customer service's work orders. */
export const workOrdersConsumer: ServiceConsumer = { groupId: WORK_ORDERS_GROUP, topics: [Topics.customerEvents], handler: WorkOrdersHandler };
