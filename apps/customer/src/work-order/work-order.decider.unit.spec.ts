import { uuidv7, WorkOrderDispatchedV1, WorkOrderScheduledV1 } from '@utilia/contracts';
import { event } from '@utilia/platform';
import { given, named, violatedRule } from '@utilia/platform/testing';
import { decideWorkOrder, workOrderAggregate, type WorkOrderCommand } from './work-order.decider';

const now = new Date('2025-06-15T10:00:00Z');
const workOrderId = uuidv7();
const servicePointId = uuidv7();
const accountId = uuidv7();
const scheduled = (type: WorkOrderScheduledV1['type'], scheduledAt?: string) =>
  event(WorkOrderScheduledV1, {
    workOrderId,
    type,
    servicePointId,
    accountId,
    reason: 'customer-request',
    appointment: null,
    requestedBy: { kind: 'csr', ref: 'csr-1' },
    notes: null,
    ...(scheduledAt ? { scheduledAt } : {}),
  });
const dispatched = event(WorkOrderDispatchedV1, { workOrderId, servicePointId, accountId, crew: 'crew-7', dispatchedAt: now.toISOString() });
const complete = (over: Partial<Extract<WorkOrderCommand, { type: 'complete' }>> = {}): WorkOrderCommand => ({
  type: 'complete',
  workOrderId,
  completedAt: '2025-06-15T09:30:00Z',
  meterSerial: null,
  removedMeterSerial: null,
  reads: [],
  notes: null,
  ...over,
});

describe('work orders', () => {
  it('a work order is scheduled with its appointment window and when it was scheduled', () => {
    const appointment = { from: '2025-06-16T08:00:00Z', to: '2025-06-16T12:00:00Z' };
    const events = decideWorkOrder(
      given(workOrderAggregate),
      {
        type: 'schedule',
        workType: 'connect',
        workOrderId,
        servicePointId,
        accountId,
        reason: 'move-in',
        appointment,
        requestedBy: { kind: 'csr', ref: 'csr-1' },
        notes: null,
      },
      now,
    );
    expect(named(events)).toEqual([
      [
        'work-order-scheduled',
        {
          workOrderId,
          type: 'connect',
          servicePointId,
          accountId,
          reason: 'move-in',
          appointment,
          requestedBy: { kind: 'csr', ref: 'csr-1' },
          notes: null,
          scheduledAt: now.toISOString(),
        },
      ],
    ]);
  });

  it('an appointment window that ends before it starts is refused', () => {
    const appointment = { from: '2025-06-16T12:00:00Z', to: '2025-06-16T08:00:00Z' };
    expect(
      violatedRule(() =>
        decideWorkOrder(
          given(workOrderAggregate),
          {
            type: 'schedule',
            workType: 'connect',
            workOrderId,
            servicePointId,
            accountId,
            reason: 'move-in',
            appointment,
            requestedBy: { kind: 'csr', ref: 'c' },
            notes: null,
          },
          now,
        ),
      ),
    ).toBe('appointment-window-empty');
  });

  it('a work order is completed only once dispatched', () => {
    expect(violatedRule(() => decideWorkOrder(given(workOrderAggregate, scheduled('connect')), complete(), now))).toBe('work-order-not-dispatched');
  });

  it('a dispatched meter exchange completes with the serials of both meters and the reads', () => {
    const reads = [{ register: '1.8.0', value: '12345.6', readAt: '2025-06-15T09:25:00Z' }];
    const events = decideWorkOrder(
      given(workOrderAggregate, scheduled('meter-exchange'), dispatched),
      complete({ meterSerial: 'NEW-1', removedMeterSerial: 'OLD-1', reads }),
      now,
    );
    expect(events[0].data).toMatchObject({ type: 'meter-exchange', meterSerial: 'NEW-1', removedMeterSerial: 'OLD-1', reads });
  });

  it('a meter install without the serial of the meter fitted is refused', () => {
    expect(violatedRule(() => decideWorkOrder(given(workOrderAggregate, scheduled('meter-install'), dispatched), complete(), now))).toBe(
      'meter-serial-required',
    );
  });

  it('a completed work order cannot be cancelled', () => {
    const done = decideWorkOrder(given(workOrderAggregate, scheduled('connect'), dispatched), complete(), now);
    expect(
      violatedRule(() =>
        decideWorkOrder(given(workOrderAggregate, scheduled('connect'), dispatched, ...done), { type: 'cancel', workOrderId, reason: 'oops' }, now),
      ),
    ).toBe('work-order-closed');
  });

  it('a scheduled work order can be cancelled', () => {
    expect(named(decideWorkOrder(given(workOrderAggregate, scheduled('disconnect')), { type: 'cancel', workOrderId, reason: 'paid in full' }, now))).toEqual([
      ['work-order-cancelled', { workOrderId, servicePointId, accountId, reason: 'paid in full' }],
    ]);
  });

  it('a work order cannot have been done before it was scheduled (a minute of clock slack aside)', () => {
    const scheduledNow = scheduled('connect', '2025-06-15T09:00:00.000Z');
    expect(
      violatedRule(() => decideWorkOrder(given(workOrderAggregate, scheduledNow, dispatched), complete({ completedAt: '2025-06-15T08:30:00Z' }), now)),
    ).toBe('completed-before-scheduled');
    expect(decideWorkOrder(given(workOrderAggregate, scheduledNow, dispatched), complete({ completedAt: '2025-06-15T08:59:30Z' }), now)).toHaveLength(1);
    expect(decideWorkOrder(given(workOrderAggregate, scheduledNow, dispatched), complete({ completedAt: '2025-06-15T09:30:00Z' }), now)).toHaveLength(1);
  });
});
