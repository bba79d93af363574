import type { EventRegistry } from '../../registry';
import {
  AccountBalanceChangedV1,
  BillableChargeCancelledV1,
  BillableChargeRaisedV1,
  PaymentReceivedV1,
  PaymentReversedV1,
  RefundIssuedV1,
} from './account-events';
import { DisconnectionRequestedV1, ReconnectionRequestedV1 } from './collections-events';

export * from './account-events';
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
  );
}
