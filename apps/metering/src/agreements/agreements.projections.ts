import {
  ServiceAgreementStartedV2,
  ServiceAgreementStopAmendedV1,
  ServiceAgreementStopCancelledV1,
  ServiceAgreementStoppedV1,
  ServicePointAddedV1,
  Topics,
} from '@utilia/contracts';
import { isEvent as is, projectionConsumer, type Projection, type ProjectionRow, type ProjectionState } from '@utilia/platform';

type Row = ProjectionRow & Record<string, unknown>;
type Next = ProjectionState<Row> | undefined;

const agreementEvents = new Set<string>([
  ServiceAgreementStartedV2.type,
  ServiceAgreementStoppedV1.type,
  ServiceAgreementStopAmendedV1.type,
  ServiceAgreementStopCancelledV1.type,
]);

/** The customer service's service agreements, as metering needs them: which points are billable, from when to when. */
export const agreementView: Projection<Row> = {
  table: 'm_agreement',
  rowKey: (e) => (agreementEvents.has(e.type) ? (e.data as { agreementId: string }).agreementId : undefined),
  evolve(row, e): Next {
    if (is(e, ServiceAgreementStartedV2)) {
      const d = e.data;
      return {
        id: d.agreementId,
        account_id: d.accountId,
        service_point_id: d.servicePointId,
        commodity: d.commodity,
        start_date: d.startDate,
        end_date: null,
      };
    }
    if (!row) return undefined;
    if (is(e, ServiceAgreementStoppedV1) || is(e, ServiceAgreementStopAmendedV1)) return { ...row, end_date: e.data.endDate };
    if (is(e, ServiceAgreementStopCancelledV1)) return { ...row, end_date: null };
    return undefined;
  },
};

/** The customer service's service points: what a meter installed there has to measure. */
export const servicePointView: Projection<Row> = {
  table: 'm_service_point',
  rowKey: (e) => (is(e, ServicePointAddedV1) ? e.data.servicePointId : undefined),
  evolve(row, e): Next {
    if (!is(e, ServicePointAddedV1) || row) return undefined;
    return { id: e.data.servicePointId, premise_id: e.data.premiseId, commodity: e.data.commodity, market_id: e.data.marketId };
  },
};

/** Metering's read models of the customer service, fed from customer.events in each stream's order. */
export const customerReadModels = projectionConsumer({
  groupId: 'metering.customer-read-models',
  topics: [Topics.customerEvents],
  projections: [agreementView, servicePointView],
});
