import {
  AccountClosedV1,
  AccountDetailsChangedV1,
  AccountOpenedV1,
  ServiceAgreementStartedV2,
  ServiceAgreementStopAmendedV1,
  ServiceAgreementStopCancelledV1,
  ServiceAgreementStoppedV1,
  ServiceAgreementTariffChangeCancelledV1,
  ServiceAgreementTariffChangedV1,
  Topics,
} from '@utilia/contracts';
import { isEvent as is, projectionConsumer, type Projection, type ProjectionRow, type ProjectionState } from '@utilia/platform';
import { withoutTariffChange, withTariffChange, type TariffPeriod } from './tariff-schedule';

type Row = ProjectionRow & Record<string, unknown>;
type Next = ProjectionState<Row> | undefined;

/** The customer service's accounts, as billing needs them: number, currency, bill cycle, class, address, open or closed. */
export const accountCopy: Projection<Row> = {
  table: 'i_account',
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
        billing_address: row?.billing_address ?? null,
        closed_on: null,
      };
    }
    if (!row) return undefined;
    if (is(e, AccountDetailsChangedV1))
      return { ...row, bill_cycle: e.data.billCycle, customer_class: e.data.customerClass ?? null, billing_address: e.data.billingAddress };
    if (is(e, AccountClosedV1)) return { ...row, closed_on: e.data.closedOn };
    return undefined;
  },
};

const agreementEvents = new Set<string>([
  ServiceAgreementStartedV2.type,
  ServiceAgreementStoppedV1.type,
  ServiceAgreementStopAmendedV1.type,
  ServiceAgreementStopCancelledV1.type,
  ServiceAgreementTariffChangedV1.type,
  ServiceAgreementTariffChangeCancelledV1.type,
]);

/** The customer service's service agreements: account, point, commodity, service dates and the tariff of each period. */
export const agreementCopy: Projection<Row> = {
  table: 'i_agreement',
  rowKey: (e) => (agreementEvents.has(e.type) ? (e.data as { agreementId: string }).agreementId : undefined),
  evolve(row, e): Next {
    if (is(e, ServiceAgreementStartedV2)) {
      const d = e.data;
      const tariffs: TariffPeriod[] = [{ tariffCode: d.tariffCode, from: d.startDate }];
      return {
        id: d.agreementId,
        account_id: d.accountId,
        service_point_id: d.servicePointId,
        commodity: d.commodity,
        start_date: d.startDate,
        end_date: null,
        tariffs,
        tariff_version_id: d.tariffVersionId,
        metering: d.meteringArrangement ?? 'none',
      };
    }
    if (!row) return undefined;
    if (is(e, ServiceAgreementStoppedV1) || is(e, ServiceAgreementStopAmendedV1)) return { ...row, end_date: e.data.endDate };
    if (is(e, ServiceAgreementStopCancelledV1)) return { ...row, end_date: null };
    if (is(e, ServiceAgreementTariffChangedV1))
      return { ...row, tariffs: withTariffChange(row.tariffs as TariffPeriod[], e.data.tariffCode, e.data.effectiveFrom) };
    if (is(e, ServiceAgreementTariffChangeCancelledV1)) return { ...row, tariffs: withoutTariffChange(row.tariffs as TariffPeriod[], e.data.effectiveFrom) };
    return undefined;
  },
};

/** Invoicing's copies of the customer service's accounts and agreements, fed from customer.events in each stream's order. */
export const customerCopies = projectionConsumer({
  groupId: 'invoicing.customer-copies',
  topics: [Topics.customerEvents],
  projections: [accountCopy, agreementCopy],
});
