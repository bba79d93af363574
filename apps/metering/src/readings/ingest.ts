import { uuidv7, VeeExceptionRaisedV1 } from '@utilia/contracts';
import { event, type CommandTx } from '@utilia/platform';
import type { VeeSettings } from '../config';
import type { MeterFile } from '../meter/meter.queries';
import { installationsOf } from '../meter/meter.queries';
import { noteCorrections } from '../usage/corrections';
import { changedValues } from '../vee/rules/changed-value';
import { iso, type Finding } from '../vee/rules/finding';
import { futureTimestamps } from '../vee/rules/future-timestamp';
import { gaps } from '../vee/rules/gap';
import { intervalLengthMismatches } from '../vee/rules/interval-length';
import { installationAt, outsideInstallation, type InstalledSpan } from '../vee/rules/outside-installation';
import { spikes } from '../vee/rules/spike';
import { zeroStreaks } from '../vee/rules/zero-streak';
import { channelKey, type Channel } from './channel';
import { byDay, dayOf, dayStart, mergeDay, SECONDS_PER_DAY, type Reading, type Replaced } from './day';
import { dayKey, loadDays, recordEdits, saveDays, type DayKey, type Edit } from './store';

/** Readings of one channel of one meter, from one source (a head-end message, an upload). */
export interface ChannelBatch {
  meter: MeterFile;
  channel: Channel;
  /** The reading type's interval, when the source says it (checked against each reading). */
  intervalSeconds?: number;
  readings: Reading[];
}

/** Who or what brings the readings, for the audit of changed values, and the checks' settings. */
export interface IngestContext {
  vee: VeeSettings;
  /** The source (`headend:north-ami`, `upload:csr-7`). */
  by: string;
}

/** What an ingestion did, for the caller to answer with. */
export interface IngestOutcome {
  stored: number;
  unchanged: number;
  replaced: number;
  rejected: Array<{ serial: string; channel: string; start: string; reason: string }>;
  exceptions: number;
}

interface Work {
  batch: ChannelBatch;
  key: string;
  fresh: Reading[];
  /** `fresh` by day. */
  days: Map<string, Reading[]>;
  findings: Finding[];
  replaced: Replaced[];
}

/** Readings before `start` among `readings` (in start order), the last `n`. */
function lastBefore(readings: readonly Reading[], start: number, n: number): Reading[] {
  const before = readings.filter((r) => r.start < start);
  return before.slice(Math.max(0, before.length - n));
}

/**
 * Stores readings and runs the validation checks over them, in the caller's transaction:
 * readings in the future or off their interval are refused; the rest is merged into the stored
 * days (the same value again changes nothing, another value replaces the stored one and is
 * audited); every check's finding becomes an exception a person works through
 * (`VeeExceptionRaised`); usage already delivered for a changed period is corrected
 * (`UsageCorrected`). Nothing valid is dropped, nothing counted twice.
 */
export async function ingest(tx: CommandTx, batches: readonly ChannelBatch[], ctx: IngestContext): Promise<IngestOutcome> {
  const outcome: IngestOutcome = { stored: 0, unchanged: 0, replaced: 0, rejected: [], exceptions: 0 };
  const work: Work[] = batches.map((batch) => {
    const findings = [
      ...futureTimestamps(batch.readings, tx.now),
      ...(batch.intervalSeconds ? intervalLengthMismatches(batch.readings, batch.intervalSeconds) : []),
    ];
    const refused = new Set(findings.flatMap((f) => f.rejected ?? []));
    const fresh = batch.readings.filter((r) => !refused.has(r)).map((r) => (r.source ? r : { ...r, source: ctx.by }));
    return { batch, key: channelKey(batch.channel), fresh, days: byDay(fresh), findings, replaced: [] };
  });

  // Every day the readings fall on, and the day before the first (what the checks compare with).
  const keys = new Map<string, DayKey>();
  for (const w of work) {
    for (const day of w.days.keys()) keys.set(dayKey({ meterId: w.batch.meter.id, channel: w.key, day }), { meterId: w.batch.meter.id, channel: w.key, day });
    if (w.fresh.length > 0) {
      const before = { meterId: w.batch.meter.id, channel: w.key, day: dayOf(Math.min(...w.fresh.map((r) => r.start)) - SECONDS_PER_DAY) };
      keys.set(dayKey(before), before);
    }
  }
  const stored = await loadDays(tx, [...keys.values()]);
  const changedDays = new Map<string, DayKey & { readings: Reading[] }>();
  const edits: Edit[] = [];

  for (const w of work) {
    for (const [day, incoming] of w.days) {
      const k = { meterId: w.batch.meter.id, channel: w.key, day };
      const merged = mergeDay(stored.get(dayKey(k)) ?? [], incoming);
      stored.set(dayKey(k), merged.readings);
      outcome.stored += merged.added;
      outcome.unchanged += merged.unchanged;
      outcome.replaced += merged.replaced.length;
      w.replaced.push(...merged.replaced);
      for (const c of merged.conflicts)
        w.findings.push({ rule: 'interval-length', from: c.reading.start, to: c.reading.start + c.reading.seconds, detail: c.reason, rejected: [c.reading] });
      if (merged.added > 0 || merged.replaced.length > 0) changedDays.set(dayKey(k), { ...k, readings: merged.readings });
      for (const r of merged.replaced) {
        edits.push({
          ...k,
          start: r.start,
          oldValue: r.old,
          newValue: r.value,
          oldQuality: r.oldQuality,
          newQuality: r.quality,
          by: r.source ?? ctx.by,
          reason: r.oldQuality === 'E' ? 'read replaces estimate' : 'read again with another value',
        });
      }
    }
  }

  const installations = await installationsOf(tx, [...new Set(work.map((w) => w.batch.meter.id))]);
  for (const w of work) {
    if (w.fresh.length === 0) continue;
    const days = [...new Set([dayOf(w.fresh[0].start - SECONDS_PER_DAY), ...w.days.keys()])].sort();
    const channel = days.flatMap((day) => stored.get(dayKey({ meterId: w.batch.meter.id, channel: w.key, day })) ?? []);
    const first = w.fresh[0].start;
    const perDay = Math.max(1, Math.round(SECONDS_PER_DAY / (w.batch.intervalSeconds ?? w.fresh[0].seconds)));
    w.findings.push(
      ...changedValues(w.replaced),
      ...spikes(w.fresh, lastBefore(channel, first, perDay), ctx.vee.spikeFactor),
      ...zeroStreaks(w.fresh, lastBefore(channel, first, ctx.vee.zeroStreak), ctx.vee.zeroStreak),
      ...gaps(channel, w.fresh, w.batch.intervalSeconds ?? w.fresh[0].seconds),
      ...outsideInstallation(w.fresh, installations.get(w.batch.meter.id) ?? []),
    );
  }

  await saveDays(tx, [...changedDays.values()]);
  await recordEdits(tx, edits, tx.now);
  for (const w of work) {
    for (const f of w.findings) {
      for (const r of f.rejected ?? [])
        outcome.rejected.push({ serial: w.batch.meter.serial, channel: w.key, start: iso(r.start), reason: `${f.rule}: ${f.detail}` });
      await raiseException(tx, w.batch.meter.id, w.key, f, installations.get(w.batch.meter.id) ?? []);
      outcome.exceptions++;
    }
  }
  await noteCorrections(
    tx,
    [...changedDays.values()].map((d) => ({ meterId: d.meterId, channel: d.channel, from: dayStart(d.day), to: dayStart(d.day) + SECONDS_PER_DAY })),
  );
  return outcome;
}

/** A finding as an exception in the queue (and its event), at the service point the meter was at then. */
async function raiseException(tx: CommandTx, meterId: string, channel: string, f: Finding, installations: readonly InstalledSpan[]): Promise<void> {
  const exceptionId = uuidv7();
  const servicePointId = installationAt(installations, f.from)?.servicePointId ?? null;
  const detail = f.detail.slice(0, 500);
  await tx.query(
    `insert into vee_exception (id, meter_id, service_point_id, channel, rule, from_at, to_at, detail) values ($1, $2, $3, $4, $5, to_timestamp($6), to_timestamp($7), $8)`,
    [exceptionId, meterId, servicePointId, channel, f.rule, f.from, f.to, detail],
  );
  await tx.append(exceptionId, 'no-stream', [
    event(VeeExceptionRaisedV1, { exceptionId, meterId, servicePointId, channel, rule: f.rule, from: iso(f.from), to: iso(f.to), detail }),
  ]);
}
