import {
  AccountClosedV1,
  AccountDetailsChangedV1,
  AccountOpenedV1,
  CustomerDetailsChangedV1,
  CustomerProtectionAddedV1,
  CustomerProtectionEndedV1,
  CustomerRegisteredV1,
  InteractionRecordedV1,
  PremiseLandlordChangedV1,
  PremiseRegisteredV1,
  ServiceAgreementStartedV2,
  ServiceAgreementStopAmendedV1,
  ServiceAgreementStopCancelledV1,
  ServiceAgreementStoppedV1,
  ServiceAgreementTariffChangeCancelledV1,
  ServiceAgreementTariffChangedV1,
  ServicePointAddedV1,
  ServicePointConnectionChangedV1,
  ServicePointMeterChangedV1,
  WorkOrderCancelledV1,
  WorkOrderCompletedV1,
  WorkOrderDispatchedV1,
  WorkOrderScheduledV1,
  uuidv7Time,
} from '@utilia/contracts';
import { addressKey } from '../../premise/address-key';
import { withTariffChange, type TariffEntry } from '../../service-agreement/service-point.decider';
import { isEvent as is, type AnyEventType, type Projection, type ProjectionEvent, type ProjectionRow, type ProjectionState } from '@utilia/platform';

type Row = ProjectionRow & Record<string, unknown>;
type Next = ProjectionState<Row> | undefined;

/** A read model keyed by one id of the event data, fed only by the events in `types`. */
function keyedBy(types: AnyEventType[], field: string): (e: ProjectionEvent) => string | undefined {
  const names = new Set(types.map((t) => t.type));
  return (e) => (names.has(e.type) ? ((e.data as Record<string, string>)[field] ?? undefined) : undefined);
}

/** Customers: names, details and protections. */
export const customerView: Projection<Row> = {
  table: 'rm_customer',
  rowKey: keyedBy([CustomerRegisteredV1, CustomerDetailsChangedV1, CustomerProtectionAddedV1, CustomerProtectionEndedV1], 'customerId'),
  evolve(row, e): Next {
    if (is(e, CustomerRegisteredV1)) {
      const d = e.data;
      return { id: d.customerId, kind: d.kind, display_name: d.displayName, details: {}, protections: [], registered_at: d.registeredAt };
    }
    if (!row) return undefined;
    if (is(e, CustomerDetailsChangedV1)) {
      const { customerId: _c, kind: _k, displayName, ...details } = e.data;
      return { ...row, display_name: displayName, details };
    }
    const protections = row.protections as Array<Record<string, unknown>>;
    if (is(e, CustomerProtectionAddedV1)) {
      const { customerId: _c, ...p } = e.data;
      return { ...row, protections: [...protections, { ...p, endedOn: null, endReason: null }] };
    }
    if (is(e, CustomerProtectionEndedV1)) {
      return {
        ...row,
        protections: protections.map((p) => (p.protectionId === e.data.protectionId ? { ...p, endedOn: e.data.endedOn, endReason: e.data.reason } : p)),
      };
    }
    return undefined;
  },
};

/** Accounts: number, status, billing details, roles. */
export const accountView: Projection<Row> = {
  table: 'rm_account',
  rowKey: keyedBy([AccountOpenedV1, AccountDetailsChangedV1, AccountClosedV1], 'accountId'),
  evolve(row, e): Next {
    if (is(e, AccountOpenedV1)) {
      const d = e.data;
      return {
        id: d.accountId,
        account_number: d.accountNumber,
        customer_id: d.customerId,
        status: 'open',
        currency: d.currency,
        bill_cycle: d.billCycle,
        billing_address: null,
        roles: [],
        opened_on: d.openedOn,
        closed_on: null,
      };
    }
    if (!row) return undefined;
    if (is(e, AccountDetailsChangedV1)) return { ...row, billing_address: e.data.billingAddress, bill_cycle: e.data.billCycle, roles: e.data.roles };
    if (is(e, AccountClosedV1)) return { ...row, status: 'closed', closed_on: e.data.closedOn };
    return undefined;
  },
};

/** Premises: service address, type, landlord. */
export const premiseView: Projection<Row> = {
  table: 'rm_premise',
  rowKey: keyedBy([PremiseRegisteredV1, PremiseLandlordChangedV1], 'premiseId'),
  evolve(row, e): Next {
    if (is(e, PremiseRegisteredV1))
      return {
        id: e.data.premiseId,
        address: e.data.address,
        address_key: addressKey(e.data.address),
        premise_type: e.data.premiseType,
        landlord_account_id: e.data.landlordAccountId,
      };
    if (row && is(e, PremiseLandlordChangedV1)) return { ...row, landlord_account_id: e.data.landlordAccountId };
    return undefined;
  },
};

/** Service points: commodity, market id, connection status, meter. */
export const servicePointView: Projection<Row> = {
  table: 'rm_service_point',
  rowKey: keyedBy([ServicePointAddedV1, ServicePointConnectionChangedV1, ServicePointMeterChangedV1], 'servicePointId'),
  evolve(row, e): Next {
    if (is(e, ServicePointAddedV1)) {
      const d = e.data;
      return {
        id: d.servicePointId,
        premise_id: d.premiseId,
        commodity: d.commodity,
        market_id: d.marketId,
        connection_status: d.connectionStatus,
        meter_serial: null,
      };
    }
    if (!row) return undefined;
    if (is(e, ServicePointConnectionChangedV1)) return { ...row, connection_status: e.data.connectionStatus };
    if (is(e, ServicePointMeterChangedV1)) return { ...row, meter_serial: e.data.meterSerial };
    return undefined;
  },
};

/** Service agreements (their premise is their service point's: the query joins it). */
export const agreementView: Projection<Row> = {
  table: 'rm_agreement',
  rowKey: keyedBy(
    [
      ServiceAgreementStartedV2,
      ServiceAgreementStoppedV1,
      ServiceAgreementStopAmendedV1,
      ServiceAgreementStopCancelledV1,
      ServiceAgreementTariffChangedV1,
      ServiceAgreementTariffChangeCancelledV1,
    ],
    'agreementId',
  ),
  evolve(row, e): Next {
    if (is(e, ServiceAgreementStartedV2)) {
      const d = e.data;
      return {
        id: d.agreementId,
        account_id: d.accountId,
        service_point_id: d.servicePointId,
        commodity: d.commodity,
        tariffs: [{ tariffCode: d.tariffCode, from: d.startDate }],
        start_date: d.startDate,
        end_date: null,
        stop_reason: null,
        metering_arrangement: d.meteringArrangement ?? 'none',
      };
    }
    if (!row) return undefined;
    const tariffs = row.tariffs as TariffEntry[];
    if (is(e, ServiceAgreementStoppedV1)) return { ...row, end_date: e.data.endDate, stop_reason: e.data.reason };
    if (is(e, ServiceAgreementStopAmendedV1)) return { ...row, end_date: e.data.endDate };
    if (is(e, ServiceAgreementStopCancelledV1)) return { ...row, end_date: null, stop_reason: null };
    if (is(e, ServiceAgreementTariffChangedV1)) return { ...row, tariffs: withTariffChange(tariffs, e.data.tariffCode, e.data.effectiveFrom) };
    if (is(e, ServiceAgreementTariffChangeCancelledV1)) return { ...row, tariffs: tariffs.filter((t) => t.from !== e.data.effectiveFrom) };
    return undefined;
  },
};

/** Work orders and where they are in their life. */
export const workOrderView: Projection<Row> = {
  table: 'rm_work_order',
  rowKey: keyedBy([WorkOrderScheduledV1, WorkOrderDispatchedV1, WorkOrderCompletedV1, WorkOrderCancelledV1], 'workOrderId'),
  evolve(row, e): Next {
    if (is(e, WorkOrderScheduledV1)) {
      const d = e.data;
      return {
        id: d.workOrderId,
        account_id: d.accountId,
        service_point_id: d.servicePointId,
        type: d.type,
        reason: d.reason,
        status: 'scheduled',
        appointment: d.appointment,
        requested_by: d.requestedBy,
        crew: null,
        notes: d.notes,
        completion: null,
        cancel_reason: null,
        // Orders scheduled before the event carried it: the event id is a UUIDv7, whose time is when it was scheduled.
        scheduled_at: d.scheduledAt ?? new Date(uuidv7Time(e.id)).toISOString(),
      };
    }
    if (!row) return undefined;
    if (is(e, WorkOrderDispatchedV1)) return { ...row, status: 'dispatched', crew: e.data.crew };
    if (is(e, WorkOrderCompletedV1)) {
      const { completedAt, meterSerial, removedMeterSerial, reads, notes } = e.data;
      return { ...row, status: 'completed', completion: { completedAt, meterSerial, removedMeterSerial, reads, notes } };
    }
    if (is(e, WorkOrderCancelledV1)) return { ...row, status: 'cancelled', cancel_reason: e.data.reason };
    return undefined;
  },
};

/** Interactions, newest first per account and per customer. */
export const interactionView: Projection<Row> = {
  table: 'rm_interaction',
  rowKey: keyedBy([InteractionRecordedV1], 'interactionId'),
  evolve(row, e): Next {
    if (!is(e, InteractionRecordedV1) || row) return undefined;
    const d = e.data;
    return {
      id: d.interactionId,
      customer_id: d.customerId,
      account_id: d.accountId,
      channel: d.channel,
      reason: d.reason,
      notes: d.notes,
      csr: d.csr,
      links: d.links,
      occurred_at: d.occurredAt,
    };
  },
};
