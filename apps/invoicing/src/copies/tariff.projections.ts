import { TariffVersionPublishedV1, Topics } from '@utilia/contracts';
import {
  isEvent as is,
  projectionConsumer,
  type CommandRunner,
  type CommandTx,
  type Projection,
  type ProjectionRow,
  type ProjectionState,
} from '@utilia/platform';
import { tariffFromPublished, type Tariff } from '@utilia/rating';

type Row = ProjectionRow & Record<string, unknown>;

/** rating's published tariff versions, with their tariff's facts and whole definition: what invoicing rates with. */
export const tariffVersionCopy: Projection<Row> = {
  table: 'i_tariff_version',
  rowKey: (e) => (is(e, TariffVersionPublishedV1) ? e.data.versionId : undefined),
  evolve(row, e): ProjectionState<Row> | undefined {
    if (!is(e, TariffVersionPublishedV1) || row) return undefined;
    const d = e.data;
    return {
      id: d.versionId,
      tariff_id: d.tariffId,
      code: d.code,
      name: d.name,
      commodity: d.commodity,
      customer_class: d.customerClass,
      currency: d.currency,
      time_zone: d.timeZone,
      effective_from: d.effectiveFrom,
      effective_to: d.effectiveTo,
      supersedes: d.supersedes,
      definition: d.definition,
    };
  },
};

/** Invoicing's copy of the tariff catalog, fed from rating.events. */
export const ratingCopies = projectionConsumer({ groupId: 'invoicing.rating-copies', topics: [Topics.ratingEvents], projections: [tariffVersionCopy] });

export interface TariffVersionRow {
  id: string;
  code: string;
  name: string;
  commodity: string;
  customer_class: string;
  currency: string;
  time_zone: string;
  effective_from: string;
  effective_to: string | null;
  supersedes: string | null;
  definition: object;
}

/** The published versions invoicing has of a tariff code, oldest first. */
export async function tariffVersions(db: Pick<CommandRunner, 'read'> | Pick<CommandTx, 'query'>, code: string): Promise<TariffVersionRow[]> {
  const sql = <R>(text: string, params: unknown[]) => ('query' in db ? db.query<R>(text, params) : db.read<R>(text, params));
  return sql<TariffVersionRow>(
    `select id, code, name, commodity, customer_class, currency, time_zone, effective_from::text as effective_from, effective_to::text as effective_to, supersedes, definition
       from i_tariff_version where code = $1 order by effective_from, id`,
    [code],
  );
}

/** A code's tariff as libs/rating rates it, from invoicing's copies (undefined: nothing published). */
export function tariffOf(rows: readonly TariffVersionRow[]): Tariff | undefined {
  if (rows.length === 0) return undefined;
  const head = rows[rows.length - 1];
  return tariffFromPublished(
    { code: head.code, name: head.name, currency: head.currency, timeZone: head.time_zone },
    rows.map((r) => ({ versionId: r.id, effectiveFrom: r.effective_from, effectiveTo: r.effective_to, supersedes: r.supersedes, definition: r.definition })),
  );
}
