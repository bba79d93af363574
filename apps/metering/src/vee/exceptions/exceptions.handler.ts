import { VeeExceptionResolvedV1, type VEE_RESOLUTIONS } from '@utilia/contracts';
import { event, notFound, RuleViolation, type CommandTx } from '@utilia/platform';
import type { VeeSettings } from '../../config';
import { SECONDS_PER_DAY, type Reading } from '../../readings/day';
import { overwriteReadings } from '../../readings/overwrite';
import { loadRange } from '../../readings/store';
import { nativeInterval } from '../../usage/series';
import { estimateGap } from '../estimation';

/** An exception as the use cases need it. */
export interface ExceptionFile {
  id: string;
  meterId: string;
  servicePointId: string | null;
  channel: string;
  rule: string;
  from: number;
  to: number;
  status: string;
}

/** Who settles an exception, and their note. */
export interface Settlement {
  by: string;
  note: string | null;
}

const FOUR_WEEKS = 28 * SECONDS_PER_DAY;

/** The open exception (locked for this transaction); 404 when unknown, 409 when already settled. */
async function openException(tx: CommandTx, id: string): Promise<ExceptionFile> {
  const [row] = await tx.query<{
    id: string;
    meter_id: string;
    service_point_id: string | null;
    channel: string;
    rule: string;
    from_at: Date;
    to_at: Date;
    status: string;
  }>('select id, meter_id, service_point_id, channel, rule, from_at, to_at, status from vee_exception where id = $1 for update', [id]);
  if (!row) throw notFound('VEE exception', id);
  if (row.status !== 'open') throw new RuleViolation('exception-settled', `the exception was already settled (${row.status})`, 'conflict');
  return {
    id: row.id,
    meterId: row.meter_id,
    servicePointId: row.service_point_id,
    channel: row.channel,
    rule: row.rule,
    from: row.from_at.getTime() / 1000,
    to: row.to_at.getTime() / 1000,
    status: row.status,
  };
}

async function settle(tx: CommandTx, x: ExceptionFile, resolution: (typeof VEE_RESOLUTIONS)[number], s: Settlement): Promise<void> {
  await tx.query('update vee_exception set status = $2, resolved_by = $3, resolved_at = $4, note = $5 where id = $1', [x.id, resolution, s.by, tx.now, s.note]);
  await tx.append(x.id, 'any', [
    event(VeeExceptionResolvedV1, { exceptionId: x.id, meterId: x.meterId, servicePointId: x.servicePointId, resolution, by: s.by, note: s.note }),
  ]);
}

/** A person looked and the readings stand as they are. */
export async function acceptException(tx: CommandTx, id: string, s: Settlement): Promise<void> {
  await settle(tx, await openException(tx, id), 'accepted', s);
}

/**
 * A person puts in the right values for the exception's span (quality edited, audited with their
 * name and note); usage already delivered for those days is corrected. A value outside the span,
 * or not on the channel's intervals, is refused.
 */
export async function editException(
  tx: CommandTx,
  id: string,
  values: ReadonlyArray<{ start: number; value: bigint }>,
  s: Settlement & { note: string },
): Promise<{ changed: number }> {
  const x = await openException(tx, id);
  if (x.channel.startsWith('register:'))
    throw new RuleViolation('not-interval-data', 'a register exception is settled by accepting it or by a new register read', 'unprocessable');
  const around = await loadRange(tx, x.meterId, x.channel, x.from - SECONDS_PER_DAY, x.to + SECONDS_PER_DAY);
  const seconds = nativeInterval(around, 900);
  const outside = values.find((v) => v.start < x.from || v.start >= x.to || (v.start - x.from) % seconds !== 0);
  if (outside) {
    throw new RuleViolation(
      'value-outside-exception',
      `each value must start on a ${seconds} s interval from ${new Date(x.from * 1000).toISOString()} to ${new Date(x.to * 1000).toISOString()}`,
      'unprocessable',
    );
  }
  const readings: Reading[] = values.map((v) => ({ start: v.start, seconds, value: v.value, quality: 'D', source: `edit:${s.by}` }));
  const out = await overwriteReadings(tx, x.meterId, x.channel, readings, { by: s.by, reason: s.note });
  if (out.conflicts.length > 0) throw new RuleViolation('value-overlaps', out.conflicts[0].reason, 'unprocessable');
  await settle(tx, x, 'edited', s);
  return { changed: out.changed };
}

/**
 * A person asks for the exception's span to be estimated afresh (the readings there are wrong, or
 * missing): the span is treated as a gap and filled as estimation does (interpolation for a short
 * one, the same weekday's profile for a long one), whatever was read there, audited with their name.
 */
export async function reEstimateException(tx: CommandTx, id: string, vee: VeeSettings, s: Settlement & { note: string }): Promise<{ changed: number }> {
  const x = await openException(tx, id);
  if (x.channel.startsWith('register:'))
    throw new RuleViolation('not-interval-data', 'a register exception is settled by accepting it or by a new register read', 'unprocessable');
  const history = await loadRange(tx, x.meterId, x.channel, x.from - FOUR_WEEKS, x.from);
  const after = await loadRange(tx, x.meterId, x.channel, x.to, x.to + SECONDS_PER_DAY);
  const span = await loadRange(tx, x.meterId, x.channel, x.from, x.to);
  const seconds = nativeInterval([...span, ...history.slice(-96), ...after], 900);
  const last = history[history.length - 1];
  const before = last && last.start + last.seconds === x.from ? last : undefined;
  const next = after[0]?.start === x.to ? after[0] : undefined;
  const estimates = estimateGap({ from: x.from, to: x.to }, seconds, { before, after: next }, history, vee.shortGap);
  const out = await overwriteReadings(tx, x.meterId, x.channel, estimates, { by: s.by, reason: s.note });
  await settle(tx, x, 'estimated', s);
  return { changed: out.changed };
}
