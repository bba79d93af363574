/**
 * The effective dates of a tariff's versions. A version is in force from its `effectiveFrom` until its
 * `effectiveTo` when it has one, else until the next version starts: so a new version from July ends an
 * open-ended one in June without changing it. Two versions overlap when they start on the same day, or
 * when one starts inside the other's explicit end. Dates are local `YYYY-MM-DD` (they compare as text).
 */

/** The dates of a version. */
export interface Dated {
  versionId: string;
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** True when `a` and `b` claim a day in common. */
export function overlap(a: Dated, b: Dated): boolean {
  if (a.effectiveFrom === b.effectiveFrom) return true;
  const [first, second] = a.effectiveFrom < b.effectiveFrom ? [a, b] : [b, a];
  if (first.effectiveTo !== null && second.effectiveFrom < first.effectiveTo) return true;
  return false;
}

/** The first version among `others` that `candidate` overlaps, if any. */
export function firstOverlap(candidate: Dated, others: readonly Dated[]): Dated | undefined {
  return others.find((o) => o.versionId !== candidate.versionId && overlap(candidate, o));
}
