import {
  WorkOrderCancelledV1,
  WorkOrderCompletedV1,
  WorkOrderDispatchedV1,
  WorkOrderScheduledV1,
  type AppointmentWindow,
  type EventUnion,
  type FieldRead,
  type Uuid,
  type WorkOrderType,
} from '@utilia/contracts';
import { event, notFound, RuleViolation, unexpectedEvent, type Aggregate } from '@utilia/platform';

export type WorkOrderStatus = 'scheduled' | 'dispatched' | 'completed' | 'cancelled';

export interface WorkOrderState {
  status: WorkOrderStatus | 'none';
  workOrderId?: Uuid;
  type?: WorkOrderType;
  servicePointId?: Uuid;
  accountId?: Uuid | null;
  /** When it was scheduled (unknown for orders scheduled before that was recorded). */
  scheduledAt?: string;
}

export type WorkOrderCommand =
  | ({ type: 'schedule' } & Omit<WorkOrderScheduledV1, 'type' | 'scheduledAt'> & { workType: WorkOrderType })
  | { type: 'dispatch'; workOrderId: Uuid; crew: string }
  | {
      type: 'complete';
      workOrderId: Uuid;
      completedAt: string;
      meterSerial: string | null;
      removedMeterSerial: string | null;
      reads: FieldRead[];
      notes: string | null;
    }
  | { type: 'cancel'; workOrderId: Uuid; reason: string };

export const workOrderEvents = [WorkOrderScheduledV1, WorkOrderDispatchedV1, WorkOrderCompletedV1, WorkOrderCancelledV1] as const;
export type WorkOrderEvent = EventUnion<typeof workOrderEvents>;

export const workOrderAggregate: Aggregate<WorkOrderState, WorkOrderEvent> = {
  events: workOrderEvents,
  initial: { status: 'none' },
  evolve(state, e) {
    switch (e.type) {
      case WorkOrderScheduledV1.type: {
        const { workOrderId, type, servicePointId, accountId, scheduledAt } = e.data;
        return { status: 'scheduled', workOrderId, type, servicePointId, accountId, scheduledAt };
      }
      case WorkOrderDispatchedV1.type:
        return { ...state, status: 'dispatched' };
      case WorkOrderCompletedV1.type:
        return { ...state, status: 'completed' };
      case WorkOrderCancelledV1.type:
        return { ...state, status: 'cancelled' };
      default:
        return unexpectedEvent(e);
    }
  },
};

/** How far a completion time may seem to come before the scheduling without being refused. */
const CLOCK_SLACK_MS = 60_000;

/** Rule: an appointment window ends after it starts and lasts at most a day. */
function assertWindow(w: AppointmentWindow | null): void {
  if (w === null) return;
  const ms = Date.parse(w.to) - Date.parse(w.from);
  if (!(ms > 0)) throw new RuleViolation('appointment-window-empty', `the appointment window must end after it starts (${w.from} .. ${w.to})`);
  if (ms > 86_400_000) throw new RuleViolation('appointment-window-too-long', 'an appointment window lasts at most 24 hours');
}

/** What each kind of job must report on completion. */
function assertCompletionData(type: WorkOrderType, c: Extract<WorkOrderCommand, { type: 'complete' }>): void {
  if ((type === 'meter-install' || type === 'meter-exchange') && !c.meterSerial) {
    throw new RuleViolation('meter-serial-required', `a ${type} is completed with the serial of the meter fitted`);
  }
  if ((type === 'meter-exchange' || type === 'meter-remove') && !c.removedMeterSerial) {
    throw new RuleViolation('removed-meter-serial-required', `a ${type} is completed with the serial of the meter taken away`);
  }
  if (type === 'read-check' && c.reads.length === 0) throw new RuleViolation('reads-required', 'a read check is completed with at least one read');
}

/** Work orders go scheduled -> dispatched -> completed, or are cancelled before completion. */
export function decideWorkOrder(state: WorkOrderState, command: WorkOrderCommand, now: Date): WorkOrderEvent[] {
  if (command.type === 'schedule') {
    if (state.status !== 'none') throw new RuleViolation('work-order-exists', `work order ${command.workOrderId} already exists`, 'conflict');
    assertWindow(command.appointment);
    if (command.appointment && Date.parse(command.appointment.to) <= now.getTime()) {
      throw new RuleViolation('appointment-in-past', 'an appointment window cannot be over already');
    }
    const { type: _t, workType, ...rest } = command;
    return [event(WorkOrderScheduledV1, { ...rest, type: workType, scheduledAt: now.toISOString() })];
  }
  if (state.status === 'none') throw notFound('work-order', command.workOrderId);
  const ids = { workOrderId: command.workOrderId, servicePointId: state.servicePointId as Uuid, accountId: state.accountId ?? null };
  switch (command.type) {
    case 'dispatch':
      if (state.status !== 'scheduled')
        throw new RuleViolation('work-order-not-scheduled', `work order ${command.workOrderId} is ${state.status}, not scheduled`, 'conflict');
      return [event(WorkOrderDispatchedV1, { ...ids, crew: command.crew, dispatchedAt: now.toISOString() })];
    case 'complete':
      if (state.status !== 'dispatched')
        throw new RuleViolation('work-order-not-dispatched', `work order ${command.workOrderId} is ${state.status}, not dispatched`, 'conflict');
      if (Date.parse(command.completedAt) > now.getTime()) throw new RuleViolation('completed-in-future', 'a work order cannot be completed in the future');
      // A minute of slack: the crew's device and the server do not share a clock (and reads come to the second).
      if (state.scheduledAt !== undefined && Date.parse(command.completedAt) + CLOCK_SLACK_MS < Date.parse(state.scheduledAt)) {
        throw new RuleViolation(
          'completed-before-scheduled',
          `work order ${command.workOrderId} was scheduled at ${state.scheduledAt}; it cannot have been done at ${command.completedAt}`,
        );
      }
      assertCompletionData(state.type as WorkOrderType, command);
      return [
        event(WorkOrderCompletedV1, {
          ...ids,
          type: state.type as WorkOrderType,
          completedAt: command.completedAt,
          meterSerial: command.meterSerial,
          removedMeterSerial: command.removedMeterSerial,
          reads: command.reads,
          notes: command.notes,
        }),
      ];
    case 'cancel':
      if (state.status === 'completed' || state.status === 'cancelled') {
        throw new RuleViolation('work-order-closed', `work order ${command.workOrderId} is already ${state.status}`, 'conflict');
      }
      return [event(WorkOrderCancelledV1, { ...ids, reason: command.reason })];
  }
}
