import { uuidv7, type WorkOrderScheduledV1, type WorkOrderType } from '@utilia/contracts';
import { localDateOf, notFound, type CommandTx } from '@utilia/platform';
import { agreementOn, decideServicePoint, servicePointAggregate } from '../service-agreement/service-point.decider';
import type { DatePolicy } from '../shared/policy';
import { decideWorkOrder, workOrderAggregate, type WorkOrderCommand } from './work-order.decider';

type ScheduleOrder = { workType: WorkOrderType } & Omit<WorkOrderScheduledV1, 'workOrderId' | 'type' | 'appointment' | 'notes'> &
  Partial<Pick<WorkOrderScheduledV1, 'appointment' | 'notes'>>;

/** Schedules a work order in the caller's transaction (a move-in, move-out or payments request). Returns its id. */
export async function scheduleWorkOrder(tx: CommandTx, order: ScheduleOrder): Promise<string> {
  const workOrderId = uuidv7();
  const events = decideWorkOrder(workOrderAggregate.initial, { type: 'schedule', workOrderId, appointment: null, notes: null, ...order }, tx.now);
  await tx.append(workOrderId, 'no-stream', events);
  return workOrderId;
}

/** A work order a CSR asks for: for the account on supply at the point today, if any. */
export async function scheduleForCsr(tx: CommandTx, order: Omit<ScheduleOrder, 'accountId'>, policy: DatePolicy): Promise<string> {
  const { state } = await tx.load(servicePointAggregate, order.servicePointId);
  if (!state.exists) throw notFound('service-point', order.servicePointId);
  const onSupply = agreementOn(state, localDateOf(tx.now, policy.timeZone));
  return scheduleWorkOrder(tx, { ...order, accountId: onSupply?.accountId ?? null });
}

/** Dispatch, completion or cancellation of a work order; what a completed job did changes its service point (connection, meter). */
export async function progressWorkOrder(tx: CommandTx, command: Exclude<WorkOrderCommand, { type: 'schedule' }>, policy: DatePolicy): Promise<void> {
  const { state, version } = await tx.load(workOrderAggregate, command.workOrderId);
  await tx.append(command.workOrderId, version, decideWorkOrder(state, command, tx.now));
  if (command.type !== 'complete') return;
  const servicePointId = state.servicePointId as string;
  const sp = await tx.load(servicePointAggregate, servicePointId);
  const date = localDateOf(new Date(command.completedAt), policy.timeZone);
  const fieldWork = {
    type: 'record-field-work' as const,
    workOrderId: command.workOrderId,
    workType: state.type as WorkOrderType,
    date,
    meterSerial: command.meterSerial,
  };
  await tx.append(servicePointId, sp.version, decideServicePoint(sp.state, fieldWork, tx.now, policy));
}
