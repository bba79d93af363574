import type { Commodity, CUSTOMER_CLASSES, LocalDate } from '@utilia/contracts';
import { pricingTimeline, versionInForce as inForce } from '@utilia/rating';

/**
 * The effective dates of a published tariff version, as rating publishes them
 * (`TariffVersionPublished`): in force from `effectiveFrom` until `effectiveTo` when it has one,
 * else until the next version of the tariff starts. `supersedes`: the version this one corrects
 * for the same dates; the corrected one no longer counts. Dates are local `YYYY-MM-DD` (they
 * compare as text). The rules are libs/rating's (`pricingTimeline`), as rating and invoicing use them.
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

/**
 * The version of a tariff in force on `day`, if any: among the versions that count (no published
 * correction replaced them), the latest to start on or before it, unless that one ended.
 */
export function versionInForce<V extends PublishedVersion>(versions: readonly V[], day: LocalDate): V | undefined {
  return inForce(versions, day);
}

/** The periods a tariff is in force, in words ("from 2026-01-01 to before 2026-07-01, from 2026-09-01"), for a refusal's detail. */
export function describeInForce(versions: readonly PublishedVersion[]): string {
  const live = pricingTimeline(versions);
  if (live.length === 0) return 'no version';
  return live.map((v) => (v.endsOn === null ? `from ${v.effectiveFrom}` : `from ${v.effectiveFrom} to before ${v.endsOn}`)).join(', ');
}
