import {
  TariffCreatedV1,
  TariffVersionApprovedV1,
  TariffVersionDiscardedV1,
  TariffVersionDraftedV1,
  TariffVersionPublishedV1,
  uuidv7Time,
  type Uuid,
} from '@utilia/contracts';
import { isEvent as is, type Projection, type ProjectionEvent, type ProjectionRow, type ProjectionState } from '@utilia/platform';

type Row = ProjectionRow & Record<string, unknown>;
type Next = ProjectionState<Row> | undefined;

/** When an event happened: its id is a UUIDv7, which carries the time it was made. */
const at = (e: ProjectionEvent) => new Date(uuidv7Time(e.id as Uuid)).toISOString();

/** Tariffs: code, name, commodity, customer class, currency, time zone, utility. */
export const tariffView: Projection<Row> = {
  table: 'r_tariff',
  rowKey: (e) => (is(e, TariffCreatedV1) ? e.data.tariffId : undefined),
  evolve(_row, e): Next {
    if (!is(e, TariffCreatedV1)) return undefined;
    const d = e.data;
    return {
      id: d.tariffId,
      code: d.code,
      name: d.name,
      commodity: d.commodity,
      customer_class: d.customerClass,
      currency: d.currency,
      time_zone: d.timeZone,
      utility: d.utility,
      description: d.description,
      created_by: d.createdBy,
      created_at: at(e),
    };
  },
};

const versionEvent = (e: ProjectionEvent) =>
  is(e, TariffVersionDraftedV1) || is(e, TariffVersionDiscardedV1) || is(e, TariffVersionApprovedV1) || is(e, TariffVersionPublishedV1);

/** Tariff versions: dates, definition, status and who did what when (four eyes are visible). */
export const tariffVersionView: Projection<Row> = {
  table: 'r_tariff_version',
  rowKey: (e) => (versionEvent(e) ? (e.data as { versionId: string }).versionId : undefined),
  evolve(row, e): Next {
    if (is(e, TariffVersionDraftedV1)) {
      const d = e.data;
      return {
        id: d.versionId,
        tariff_id: d.tariffId,
        status: 'draft',
        effective_from: d.effectiveFrom,
        effective_to: d.effectiveTo,
        definition: d.definition,
        supersedes: d.supersedes,
        origin: d.origin,
        authored_by: d.authoredBy,
        drafted_at: at(e),
        approved_by: null,
        approval_note: null,
        approved_at: null,
        published_by: null,
        published_at: null,
        discarded_by: null,
        discard_reason: null,
      };
    }
    if (!row) return undefined;
    if (is(e, TariffVersionApprovedV1)) return { ...row, status: 'approved', approved_by: e.data.approvedBy, approval_note: e.data.note, approved_at: at(e) };
    if (is(e, TariffVersionPublishedV1)) return { ...row, status: 'published', published_by: e.data.publishedBy, published_at: at(e) };
    if (is(e, TariffVersionDiscardedV1)) return { ...row, status: 'discarded', discarded_by: e.data.discardedBy, discard_reason: e.data.reason };
    return undefined;
  },
};
