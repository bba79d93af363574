import {
  CustomerDetailsChangedV1,
  CustomerRegisteredV1,
  PaymentReceivedV1,
  PaymentReversedV1,
  PremiseRegisteredV1,
  ServicePointAddedV1,
  Topics,
  type ContactPoint,
} from '@utilia/contracts';
import { isEvent as is, projectionConsumer, type Projection, type ProjectionRow, type ProjectionState } from '@utilia/platform';

type Row = ProjectionRow & Record<string, unknown>;
type Next = ProjectionState<Row> | undefined;

/** The address invoices are e-mailed to: the primary e-mail contact point, else the first e-mail one; null when there is none. */
export function invoiceEmailOf(contactPoints: readonly ContactPoint[]): string | null {
  const emails = contactPoints.filter((c) => c.kind === 'email' && c.value);
  return (emails.find((c) => c.primary) ?? emails[0])?.value ?? null;
}

/** The customer service's customers, as documents and delivery need them: the name to print, the e-mail address, paperless or not. */
export const customerCopy: Projection<Row> = {
  table: 'i_customer',
  rowKey: (e) => (is(e, CustomerRegisteredV1) || is(e, CustomerDetailsChangedV1) ? (e.data as { customerId: string }).customerId : undefined),
  evolve(row, e): Next {
    if (is(e, CustomerRegisteredV1))
      return {
        id: e.data.customerId,
        display_name: e.data.displayName,
        email: row?.email ?? null,
        paperless: row?.paperless ?? false,
        language: row?.language ?? null,
      };
    // Details carry the customer's whole state, so they make the row even when the registration is not here yet.
    if (is(e, CustomerDetailsChangedV1))
      return {
        id: e.data.customerId,
        display_name: e.data.displayName,
        email: invoiceEmailOf(e.data.contactPoints),
        paperless: e.data.preferences.paperless,
        language: e.data.preferences.language,
      };
    return undefined;
  },
};

/** Premises and their address: the service address an invoice shows. */
export const premiseCopy: Projection<Row> = {
  table: 'i_premise',
  rowKey: (e) => (is(e, PremiseRegisteredV1) ? e.data.premiseId : undefined),
  evolve(row, e): Next {
    if (!is(e, PremiseRegisteredV1) || row) return undefined;
    return { id: e.data.premiseId, address: e.data.address };
  },
};

/** Service points and the premise each is at (and its market id, printed with the service address). */
export const servicePointCopy: Projection<Row> = {
  table: 'i_service_point',
  rowKey: (e) => (is(e, ServicePointAddedV1) ? e.data.servicePointId : undefined),
  evolve(row, e): Next {
    if (!is(e, ServicePointAddedV1) || row) return undefined;
    return { id: e.data.servicePointId, premise_id: e.data.premiseId, commodity: e.data.commodity, market_id: e.data.marketId };
  },
};

/** Payments received on an account and their reversals: an invoice shows the payments since the last bill and the balance brought forward. */
export const paymentCopy: Projection<Row> = {
  table: 'i_payment',
  rowKey: (e) => (is(e, PaymentReceivedV1) || is(e, PaymentReversedV1) ? (e.data as { paymentId: string }).paymentId : undefined),
  evolve(row, e): Next {
    if (is(e, PaymentReceivedV1)) {
      const d = e.data;
      return {
        id: d.paymentId,
        account_id: d.accountId,
        amount: d.amount.amount,
        currency: d.amount.currency,
        channel: d.channel,
        received_on: d.receivedOn,
        reference: d.reference,
        reversed_amount: row?.reversed_amount ?? null,
        reversed_on: row?.reversed_on ?? null,
        reversal_reason: row?.reversal_reason ?? null,
      };
    }
    // Both are keyed by the account, so a payment's reversal comes after it on the same partition.
    if (is(e, PaymentReversedV1) && row)
      return { ...row, reversed_amount: e.data.amount.amount, reversed_on: e.data.reversedOn, reversal_reason: e.data.reason };
    return undefined;
  },
};

/** Invoicing's copies of customers, premises and service points (from customer.events) for its documents and their delivery. */
export const documentCustomerCopies = projectionConsumer({
  groupId: 'invoicing.document-copies',
  topics: [Topics.customerEvents],
  projections: [customerCopy, premiseCopy, servicePointCopy],
});

/** Invoicing's copy of payments (from payments.events): the payments an invoice shows. */
export const paymentCopies = projectionConsumer({ groupId: 'invoicing.payment-copies', topics: [Topics.paymentsEvents], projections: [paymentCopy] });
