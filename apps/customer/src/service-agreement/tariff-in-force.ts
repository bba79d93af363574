import type { Commodity, CUSTOMER_CLASSES, LocalDate } from '@utilia/contracts';

/**
 * The effective dates of a published tariff version, as rating publishes them
 * (`TariffVersionPublished`): in force from `effectiveFrom` until `effectiveTo` when it has one,
 * else until the next version of the tariff starts. `supersedes`: the version this one corrects
 * for the same dates; the corrected one no longer counts. Dates are local `YYYY-MM-DD` (they
 * compare as text). The rules are rating's (apps/rating/src/catalog/timeline.ts), copied: an app
 * never imports another.
 */
export interface PublishedVersion {
  versionId: string;
  effectiveFrom: LocalDate;
  effectiveTo: LocalDate | null;
  supersedes: string | null;
}

/** A tariff code as customer's copy of rating's catalog knows it: its facts and its published versions. */
export interface PublishedTariff {
  code: string;
  commodity: Commodity;
  customerClass: (typeof CUSTOMER_CLASSES)[number];
  versions: PublishedVersion[];
}

/** The versions that count: those no published correction replaced (a correction of a correction replaces both). */
export function liveVersions<V extends PublishedVersion>(versions: readonly V[]): V[] {
  const replaced = new Set(versions.map((v) => v.supersedes).filter((id): id is string => id !== null));
  return versions.filter((v) => !replaced.has(v.versionId));
}

/**
 * The version of a tariff in force on `day`, if any: among the versions that count, the latest to
 * start on or before it, unless that one ended (its `effectiveTo` is on or before `day`). Rating
 * never publishes overlapping versions, so there is at most one.
 */
export function versionInForce<V extends PublishedVersion>(versions: readonly V[], day: LocalDate): V | undefined {
  let best: V | undefined;
  for (const v of liveVersions(versions)) if (v.effectiveFrom <= day && (!best || v.effectiveFrom > best.effectiveFrom)) best = v;
  if (best && best.effectiveTo !== null && day >= best.effectiveTo) return undefined;
  return best;
}

/** The periods a tariff is in force, in words ("from 2026-01-01 to before 2026-07-01, from 2026-09-01"), for a refusal's detail. */
export function describeInForce(versions: readonly PublishedVersion[]): string {
  const live = liveVersions(versions).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  if (live.length === 0) return 'no version';
  return live
    .map((v, i) => {
      const end = v.effectiveTo ?? live[i + 1]?.effectiveFrom ?? null;
      return end === null ? `from ${v.effectiveFrom}` : `from ${v.effectiveFrom} to before ${end}`;
    })
    .join(', ');
}
