import { TariffVersionPublishedV1, Topics } from '@utilia/contracts';
import { isEvent as is, projectionConsumer, type CommandTx, type Projection, type ProjectionRow, type ProjectionState } from '@utilia/platform';
import type { PublishedTariff } from '../../service-agreement/tariff-in-force';

interface TariffVersionRow extends ProjectionRow {
  id: string;
  tariff_id: string;
  code: string;
  name: string;
  commodity: PublishedTariff['commodity'];
  customer_class: PublishedTariff['customerClass'];
  effective_from: string;
  effective_to: string | null;
  supersedes: string | null;
}

/** The consumer group (and feed) of rating.events that keeps the tariff catalog copy. */
export const TARIFF_CATALOG_GROUP = 'customer.tariff-catalog';

/**
 * Rating's published tariff versions, one row per version. A published version never changes (a
 * correction is another version that supersedes it), so a version seen again changes nothing: the
 * events of a producer without stream versions are deduplicated here too. Drafts, approvals and
 * discards are rating's business: only what is published can be billed.
 */
export const tariffVersionView: Projection<TariffVersionRow> = {
  table: 'rm_tariff_version',
  rowKey: (e) => (is(e, TariffVersionPublishedV1) ? e.data.versionId : undefined),
  evolve(row, e): ProjectionState<TariffVersionRow> | undefined {
    if (!is(e, TariffVersionPublishedV1) || row) return undefined;
    const d = e.data;
    return {
      id: d.versionId,
      tariff_id: d.tariffId,
      code: d.code,
      name: d.name,
      commodity: d.commodity,
      customer_class: d.customerClass,
      effective_from: d.effectiveFrom,
      effective_to: d.effectiveTo,
      supersedes: d.supersedes,
    };
  },
};

/** customer's copy of rating's catalog, fed from rating.events in each tariff's order. */
export const tariffCatalogConsumer = projectionConsumer({ groupId: TARIFF_CATALOG_GROUP, topics: [Topics.ratingEvents], projections: [tariffVersionView] });

/**
 * The published tariffs of `codes` (those the catalog copy has; an unknown code is left out). A
 * tariff's facts (commodity, class) are set when rating creates it and every version repeats them.
 */
export async function publishedTariffs(tx: CommandTx, codes: readonly string[]): Promise<PublishedTariff[]> {
  const rows = await tx.query<Pick<TariffVersionRow, 'id' | 'code' | 'commodity' | 'customer_class' | 'effective_from' | 'effective_to' | 'supersedes'>>(
    `select id, code, commodity, customer_class, effective_from::text as effective_from, effective_to::text as effective_to, supersedes
       from rm_tariff_version where code = any($1::text[]) order by code, effective_from, id`,
    [[...new Set(codes)]],
  );
  const byCode = new Map<string, PublishedTariff>();
  for (const r of rows) {
    const tariff = byCode.get(r.code) ?? { code: r.code, commodity: r.commodity, customerClass: r.customer_class, versions: [] };
    tariff.versions.push({ versionId: r.id, effectiveFrom: r.effective_from, effectiveTo: r.effective_to, supersedes: r.supersedes });
    byCode.set(r.code, tariff);
  }
  return [...byCode.values()];
}
