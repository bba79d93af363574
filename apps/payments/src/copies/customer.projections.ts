import { AccountClosedV1, AccountDetailsChangedV1, AccountOpenedV1, CustomerProtectionAddedV1, CustomerProtectionEndedV1, Topics } from '@utilia/contracts';
import { isEvent as is, projectionConsumer, type Projection, type ProjectionRow, type ProjectionState } from '@utilia/platform';

type Row = ProjectionRow & Record<string, unknown>;
type Next = ProjectionState<Row> | undefined;

/** customer's accounts as payments needs them: currency, main customer, class (deposit rules), open or closed. */
export const accountCopy: Projection<Row> = {
  table: 'p_account',
  rowKey: (e) => (is(e, AccountOpenedV1) || is(e, AccountDetailsChangedV1) || is(e, AccountClosedV1) ? (e.data as { accountId: string }).accountId : undefined),
  evolve(row, e): Next {
    if (is(e, AccountOpenedV1)) {
      const d = e.data;
      return {
        id: d.accountId,
        account_number: d.accountNumber,
        customer_id: d.customerId,
        currency: d.currency,
        bill_cycle: d.billCycle,
        opened_on: d.openedOn,
        customer_class: row?.customer_class ?? null,
        closed_on: null,
      };
    }
    if (!row) return undefined;
    if (is(e, AccountDetailsChangedV1)) return { ...row, bill_cycle: e.data.billCycle, customer_class: e.data.customerClass ?? row.customer_class ?? null };
    if (is(e, AccountClosedV1)) return { ...row, closed_on: e.data.closedOn };
    return undefined;
  },
};

/** customer's protections (life support, medical, vulnerable): collections never disconnects a protected customer. */
export const protectionCopy: Projection<Row> = {
  table: 'p_protection',
  rowKey: (e) => (is(e, CustomerProtectionAddedV1) || is(e, CustomerProtectionEndedV1) ? (e.data as { protectionId: string }).protectionId : undefined),
  evolve(row, e): Next {
    if (is(e, CustomerProtectionAddedV1))
      return { id: e.data.protectionId, customer_id: e.data.customerId, kind: e.data.kind, from_date: e.data.from, to_date: e.data.to };
    if (row && is(e, CustomerProtectionEndedV1)) return { ...row, to_date: e.data.endedOn };
    return undefined;
  },
};

/** Payments' copies of customer's accounts and protections, fed from customer.events in each stream's order. */
export const customerCopies = projectionConsumer({
  groupId: 'payments.customer-copies',
  topics: [Topics.customerEvents],
  projections: [accountCopy, protectionCopy],
});
