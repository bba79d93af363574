import type { EventRegistry } from '../../registry';
import {
  AccountBalanceChangedV1,
  BillableChargeCancelledV1,
  BillableChargeRaisedV1,
  PaymentReceivedV1,
  PaymentReversedV1,
  RefundIssuedV1,
} from './account-events';
import {
  AccountWrittenOffV1,
  CollectionsCaseChangedV1,
  CollectionsNoticeSentV1,
  CollectionsStepWithheldV1,
  CreditCheckRecordedV1,
  DepositAppliedV1,
  DepositRefundedV1,
  DepositRequiredV1,
  LateFeeChargedV1,
  PaymentArrangementBrokenV1,
  PaymentArrangementCompletedV1,
  PaymentArrangementMadeV1,
} from './arrears-events';
import { DisconnectionRequestedV1, ReconnectionRequestedV1 } from './collections-events';

export * from './account-events';
export * from './arrears-events';
export * from './collections-events';

/** Registers the payments context's event types. */
export function registerPaymentsEvents(registry: EventRegistry): EventRegistry {
  return registry.register(
    DisconnectionRequestedV1,
    ReconnectionRequestedV1,
    BillableChargeRaisedV1,
    BillableChargeCancelledV1,
    PaymentReceivedV1,
    PaymentReversedV1,
    RefundIssuedV1,
    AccountBalanceChangedV1,
    CollectionsCaseChangedV1,
    LateFeeChargedV1,
    CollectionsNoticeSentV1,
    CollectionsStepWithheldV1,
    CreditCheckRecordedV1,
    DepositRequiredV1,
    DepositAppliedV1,
    DepositRefundedV1,
    PaymentArrangementMadeV1,
    PaymentArrangementBrokenV1,
    PaymentArrangementCompletedV1,
    AccountWrittenOffV1,
  );
}
