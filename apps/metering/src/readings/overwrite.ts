import type { CommandTx } from '@utilia/platform';
import { noteCorrections } from '../usage/corrections';
import { byDay, dayStart, overwriteDay, SECONDS_PER_DAY, type MergeOutcome, type Reading } from './day';
import { dayKey, loadDays, recordEdits, saveDays, type Edit } from './store';

/**
 * Puts a person's values (or the estimates they asked for) into a meter's channel, whatever was
 * stored (see `overwriteDay`), keeps the audit of each change with who and why, and corrects usage
 * already delivered for the days it touches.
 */
export async function overwriteReadings(
  tx: CommandTx,
  meterId: string,
  channel: string,
  readings: readonly Reading[],
  audit: { by: string; reason: string },
): Promise<{ changed: number; conflicts: MergeOutcome['conflicts'] }> {
  const days = byDay(readings);
  const stored = await loadDays(
    tx,
    [...days.keys()].map((day) => ({ meterId, channel, day })),
  );
  const edits: Edit[] = [];
  const conflicts: MergeOutcome['conflicts'] = [];
  const changedDays: Array<{ meterId: string; channel: string; day: string; readings: Reading[] }> = [];
  for (const [day, incoming] of days) {
    const out = overwriteDay(stored.get(dayKey({ meterId, channel, day })) ?? [], incoming);
    conflicts.push(...out.conflicts);
    if (out.changes.length === 0) continue;
    changedDays.push({ meterId, channel, day, readings: out.readings });
    for (const c of out.changes) {
      edits.push({
        meterId,
        channel,
        start: c.start,
        oldValue: c.old,
        newValue: c.value,
        oldQuality: c.oldQuality,
        newQuality: c.quality,
        by: audit.by,
        reason: audit.reason,
      });
    }
  }
  await saveDays(tx, changedDays);
  await recordEdits(tx, edits, tx.now);
  await noteCorrections(
    tx,
    changedDays.map((d) => ({ meterId, channel, from: dayStart(d.day), to: dayStart(d.day) + SECONDS_PER_DAY })),
  );
  return { changed: edits.length, conflicts };
}
