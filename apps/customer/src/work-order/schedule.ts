import { uuidv7, type WorkOrderScheduledV1, type WorkOrderType } from '@utilia/contracts';
import type { CommandTx } from '../shared/command-runner';
import { decideWorkOrder, workOrderAggregate } from './work-order.decider';

/** Schedules a work order in the caller's transaction (a move-in, move-out or payments request). Returns its id. */
export async function scheduleWorkOrder(
  tx: CommandTx,
  order: { workType: WorkOrderType } & Omit<WorkOrderScheduledV1, 'workOrderId' | 'type' | 'appointment' | 'notes'> & Partial<Pick<WorkOrderScheduledV1, 'appointment' | 'notes'>>,
): Promise<string> {
  const workOrderId = uuidv7();
  const events = decideWorkOrder(workOrderAggregate.initial, { type: 'schedule', workOrderId, appointment: null, notes: null, ...order }, tx.now);
  await tx.append(workOrderId, 'no-stream', events);
  return workOrderId;
}
