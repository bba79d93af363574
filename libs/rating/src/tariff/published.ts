/**
 * Published tariff versions as a catalog replicates them (rating's `TariffVersionPublished`): which of
 * them price bills, and the libs/rating tariff they make. A version prices from its `effectiveFrom`
 * until its `effectiveTo`, else until the next version starts; one that a published correction
 * supersedes prices nothing any more.
 */
import type { Tariff, TariffVersion } from '../model';

/** The dates of a published version and the version it corrects. */
export interface DatedVersion {
  readonly versionId: string;
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly supersedes: string | null;
}

/** A published version as a copy of the catalog keeps it. */
export interface PublishedVersion extends DatedVersion {
  /** The libs/rating version model without id and dates. */
  readonly definition: object;
}

/** The versions that price bills, in date order, each with the day it stops (null: open). */
export function pricingTimeline<V extends DatedVersion>(versions: readonly V[]): Array<V & { endsOn: string | null }> {
  const replaced = new Set(versions.map((v) => v.supersedes).filter((id): id is string => id !== null));
  const live = versions
    .filter((v) => !replaced.has(v.versionId))
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
  return live.map((v, i) => ({ ...v, endsOn: v.effectiveTo ?? live[i + 1]?.effectiveFrom ?? null }));
}

/** The version that prices `day` (a local date), if any. */
export function versionInForce<V extends DatedVersion>(versions: readonly V[], day: string): (V & { endsOn: string | null }) | undefined {
  return pricingTimeline(versions).find((v) => v.effectiveFrom <= day && (v.endsOn === null || day < v.endsOn));
}

/** The libs/rating tariff of a code's published versions. */
export function tariffFromPublished(head: { code: string; name?: string; currency: string; timeZone: string }, versions: readonly PublishedVersion[]): Tariff {
  return {
    id: head.code,
    ...(head.name ? { name: head.name } : {}),
    currency: head.currency,
    timeZone: head.timeZone,
    versions: pricingTimeline(versions).map(
      (v) => ({ ...v.definition, id: v.versionId, effectiveFrom: v.effectiveFrom, ...(v.endsOn ? { effectiveTo: v.endsOn } : {}) }) as TariffVersion,
    ),
  };
}
