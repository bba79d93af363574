/** How sure a value is: A actual (as read), E estimated, D edited by a person. */
export type Quality = 'A' | 'E' | 'D';

/** One interval reading of a channel: its start (Unix seconds), length, value (an integer of the channel's unit), quality and cost. */
export interface Reading {
  start: number;
  seconds: number;
  value: bigint;
  quality: Quality;
  /** ESPI cost, in 10^-5 of the currency, when the source gave one. */
  cost?: bigint | null;
  /** Where the value came from: `headend:north-ami`, `upload:csr-7`, `estimate:linear`, `edit:csr-7`. */
  source?: string;
}

export const SECONDS_PER_DAY = 86_400;

// Days as text, by day number since 1970, and back: ingestion asks for them once per reading, and
// formatting a Date each time was the largest cost of a head-end message (bench/metering-ingest).
const dayNames = new Map<number, string>();
const dayStarts = new Map<string, number>();

/** The UTC day (YYYY-MM-DD) an interval starting at `start` is stored under. */
export function dayOf(start: number): string {
  const n = Math.floor(start / SECONDS_PER_DAY);
  let name = dayNames.get(n);
  if (name === undefined) {
    name = new Date(n * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
    if (dayNames.size > 100_000) dayNames.clear();
    dayNames.set(n, name);
  }
  return name;
}

/** Unix seconds of a UTC day's midnight. */
export function dayStart(day: string): number {
  let start = dayStarts.get(day);
  if (start === undefined) {
    start = Date.parse(`${day}T00:00:00Z`) / 1000;
    if (dayStarts.size > 100_000) dayStarts.clear();
    dayStarts.set(day, start);
  }
  return start;
}

/** Readings grouped by the UTC day they are stored under, each day in start order. */
export function byDay(readings: readonly Reading[]): Map<string, Reading[]> {
  const days = new Map<string, Reading[]>();
  for (const r of readings) {
    const day = dayOf(r.start);
    let list = days.get(day);
    if (!list) days.set(day, (list = []));
    list.push(r);
  }
  for (const list of days.values()) list.sort((a, b) => a.start - b.start);
  return days;
}

/** A value that changed: what it was, what it is now. */
export interface Replaced {
  start: number;
  seconds: number;
  old: bigint;
  oldQuality: Quality;
  value: bigint;
  quality: Quality;
  /** The new value's source. */
  source?: string;
}

/** What merging readings into a stored day did. */
export interface MergeOutcome {
  /** The day after the merge, in start order. */
  readings: Reading[];
  added: number;
  unchanged: number;
  replaced: Replaced[];
  /** Readings refused: they overlap an interval of another length. */
  conflicts: Array<{ reading: Reading; reason: string }>;
}

/**
 * Merges readings into a stored day. The same value again changes nothing (a redelivery, a
 * re-upload); a different value for an interval already stored replaces it and is reported (the
 * caller audits it and, for an actual over an actual, asks a person to look); an actual over an
 * estimate with the same value only makes it actual; a reading that overlaps an interval of another
 * length is refused. Pure.
 */
export function mergeDay(existing: readonly Reading[], incoming: readonly Reading[]): MergeOutcome {
  const byStart = new Map<number, Reading>(existing.map((r) => [r.start, r]));
  const out: MergeOutcome = { readings: [], added: 0, unchanged: 0, replaced: [], conflicts: [] };
  const sorted = [...existing];
  for (const r of [...incoming].sort((a, b) => a.start - b.start)) {
    const same = byStart.get(r.start);
    if (same) {
      if (same.seconds !== r.seconds) {
        out.conflicts.push({ reading: r, reason: `an interval of ${same.seconds} s starts at ${iso(r.start)} already; this one is ${r.seconds} s` });
      } else if (same.value === r.value && (same.quality === r.quality || r.quality === 'E' || same.quality === 'D')) {
        out.unchanged++;
      } else if (same.quality === 'D' && r.quality !== 'D') {
        // A person's edit stands until a person changes it again: a head-end resend does not undo it.
        out.unchanged++;
      } else {
        if (r.quality === 'E' && same.quality !== 'E') {
          out.unchanged++; // an estimate never replaces what was read
          continue;
        }
        out.replaced.push({
          start: r.start,
          seconds: r.seconds,
          old: same.value,
          oldQuality: same.quality,
          value: r.value,
          quality: r.quality,
          source: r.source,
        });
        const next = { ...same, value: r.value, quality: r.quality, cost: r.cost ?? same.cost, source: r.source ?? same.source };
        byStart.set(r.start, next);
        sorted[sorted.indexOf(same)] = next;
      }
      continue;
    }
    const overlap = overlapping(sorted, r, existing.length);
    if (overlap) {
      out.conflicts.push({ reading: r, reason: `it overlaps the ${overlap.seconds} s interval from ${iso(overlap.start)}` });
      continue;
    }
    byStart.set(r.start, r);
    sorted.push(r);
    out.added++;
  }
  out.readings = sorted.sort((a, b) => a.start - b.start);
  return out;
}

/**
 * The reading of `day` that `r` overlaps, if any. The readings after the first `stored` ones were
 * added in start order without overlaps, and `r` starts at or after them: only the last can reach into `r`.
 */
function overlapping(day: readonly Reading[], r: Reading, stored: number): Reading | undefined {
  const hits = (e: Reading) => e.start < r.start + r.seconds && r.start < e.start + e.seconds;
  for (let i = 0; i < stored; i++) if (hits(day[i])) return day[i];
  const last = day.length > stored ? day[day.length - 1] : undefined;
  return last && hits(last) ? last : undefined;
}

function iso(start: number): string {
  return new Date(start * 1000).toISOString().replace('.000Z', 'Z');
}

/** A value a person (or an estimate they asked for) put in: what was there before (null: nothing). */
export interface Overwritten {
  start: number;
  old: bigint | null;
  oldQuality: Quality | null;
  value: bigint;
  quality: Quality;
}

/**
 * Puts readings into a stored day whatever was there (a person's edit, a re-estimate a person
 * asked for): each replaces the reading of the same start and length, or fills a hole; one that
 * overlaps an interval of another length is refused. Values that do not change are left out of
 * `changes`. Pure.
 */
export function overwriteDay(
  existing: readonly Reading[],
  incoming: readonly Reading[],
): { readings: Reading[]; changes: Overwritten[]; conflicts: MergeOutcome['conflicts'] } {
  const byStart = new Map<number, Reading>(existing.map((r) => [r.start, r]));
  const changes: Overwritten[] = [];
  const conflicts: MergeOutcome['conflicts'] = [];
  for (const r of incoming) {
    const same = byStart.get(r.start);
    if (same && same.seconds === r.seconds) {
      if (same.value === r.value && same.quality === r.quality) continue;
      changes.push({ start: r.start, old: same.value, oldQuality: same.quality, value: r.value, quality: r.quality });
      byStart.set(r.start, { ...same, value: r.value, quality: r.quality, source: r.source });
      continue;
    }
    const overlap = [...byStart.values()].find((e) => e.start < r.start + r.seconds && r.start < e.start + e.seconds);
    if (overlap) {
      conflicts.push({ reading: r, reason: `it overlaps the ${overlap.seconds} s interval from ${iso(overlap.start)}` });
      continue;
    }
    changes.push({ start: r.start, old: null, oldQuality: null, value: r.value, quality: r.quality });
    byStart.set(r.start, r);
  }
  return { readings: [...byStart.values()].sort((a, b) => a.start - b.start), changes, conflicts };
}
