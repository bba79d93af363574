import type { EventRegistry } from '../../registry';
import {
  AccountClosedV1,
  AccountDetailsChangedV1,
  FinalBillRequestedV1,
  FinalBillWithdrawnV1,
  ServiceAgreementStopAmendedV1,
  ServiceAgreementStopCancelledV1,
  ServiceAgreementTariffChangeCancelledV1,
  ServiceAgreementTariffChangedV1,
} from './account-events';
import { DisconnectionRefusedV1 } from './collections-events';
import { InteractionRecordedV1 } from './interaction-events';
import { CustomerDetailsChangedV1, CustomerProtectionAddedV1, CustomerProtectionEndedV1 } from './party-events';
import {
  PremiseLandlordChangedV1,
  PremiseRegisteredV1,
  ServicePointAddedV1,
  ServicePointConnectionChangedV1,
  ServicePointMeterChangedV1,
} from './premise-events';
import { WorkOrderCancelledV1, WorkOrderCompletedV1, WorkOrderDispatchedV1, WorkOrderScheduledV1 } from './work-order-events';

/** The customer context's CIS event types beyond the first set: details, premises, work orders, interactions, answers to collections. */
export const customerCisEventTypes = [
  CustomerDetailsChangedV1,
  CustomerProtectionAddedV1,
  CustomerProtectionEndedV1,
  PremiseRegisteredV1,
  PremiseLandlordChangedV1,
  ServicePointAddedV1,
  ServicePointConnectionChangedV1,
  ServicePointMeterChangedV1,
  AccountDetailsChangedV1,
  AccountClosedV1,
  FinalBillRequestedV1,
  ServiceAgreementTariffChangedV1,
  WorkOrderScheduledV1,
  WorkOrderDispatchedV1,
  WorkOrderCompletedV1,
  WorkOrderCancelledV1,
  InteractionRecordedV1,
  DisconnectionRefusedV1,
  FinalBillWithdrawnV1,
  ServiceAgreementTariffChangeCancelledV1,
  ServiceAgreementStopAmendedV1,
  ServiceAgreementStopCancelledV1,
] as const;

/** Registers {@link customerCisEventTypes}. */
export function registerCustomerCisEvents(registry: EventRegistry): EventRegistry {
  return registry.register(...customerCisEventTypes);
}
