import { textArray, type CommandTx } from '@utilia/platform';
import { dayStart, type Quality, type Reading } from './day';

/** A stored day of a meter's channel. */
export interface DayKey {
  meterId: string;
  channel: string;
  day: string;
}

/** The map key of a stored day. */
export const dayKey = (k: DayKey): string => `${k.meterId}|${k.channel}|${k.day}`;

/** A stored day as read: its arrays as comma-separated text (see {@link COLUMNS}). */
interface DayRow {
  meter_id: string;
  channel: string;
  day: string;
  starts: string;
  durations: string;
  vals: string;
  qualities: string;
  /** Empty between commas where a reading has no cost. */
  costs: string | null;
  srcs: string;
}

const parts = (list: string): string[] => (list === '' ? [] : list.split(','));
const ints = (list: string): number[] => parts(list).map(Number);

/**
 * Source names by id, kept in memory: a source row is never changed or removed once made (ids only
 * grow), so what was read once stays true; a usage answer then reads no source table at all.
 */
const sourceNames = new Map<number, string>();

/** The names of the sources the rows name, by id. */
async function namesOf(tx: Pick<CommandTx, 'query'>, rows: readonly DayRow[]): Promise<Map<number, string>> {
  const ids = [...new Set(rows.flatMap((r) => ints(r.srcs)))];
  const unknown = ids.filter((id) => !sourceNames.has(id));
  if (unknown.length > 0)
    for (const s of await tx.query<{ id: number; name: string }>(
      'select id, name from reading_source where id = any($1::int[])',
      [unknown],
      'mtr_source_names',
    ))
      sourceNames.set(s.id, s.name);
  return sourceNames;
}

/** The ids of source names, created as needed (without locking the rows of known ones). */
async function sourceIds(tx: Pick<CommandTx, 'query'>, names: readonly string[]): Promise<Map<string, number>> {
  const distinct = [...new Set(names)].sort();
  const known = async () =>
    new Map(
      (await tx.query<{ id: number; name: string }>('select id, name from reading_source where name = any($1::text[])', [textArray(distinct)])).map((r) => [
        r.name,
        r.id,
      ]),
    );
  const ids = await known();
  const missing = distinct.filter((n) => !ids.has(n));
  if (missing.length === 0) return ids;
  await tx.query('insert into reading_source (name) select unnest($1::text[]) on conflict (name) do nothing', [textArray(missing)]);
  return known();
}

function readingsOf(row: DayRow, names: ReadonlyMap<number, string>): Reading[] {
  const base = dayStart(row.day);
  const durations = ints(row.durations);
  const vals = parts(row.vals);
  const costs = row.costs === null ? undefined : parts(row.costs);
  const srcs = ints(row.srcs);
  return ints(row.starts).map((offset, i) => ({
    start: base + offset,
    seconds: durations[i],
    value: BigInt(vals[i]),
    quality: row.qualities[i] as Quality,
    cost: costs && costs[i] !== '' ? BigInt(costs[i]) : null,
    source: names.get(srcs[i]),
  }));
}

// The arrays as comma-separated text: splitting that is several times cheaper than parsing the
// array literals pg hands over, and a day is read back for every day a head-end message touches.
const COLUMNS = `d.meter_id, d.channel, d.day, array_to_string(d.starts, ',') as starts, array_to_string(d.durations, ',') as durations,
  array_to_string(d.vals, ',') as vals, d.qualities, array_to_string(d.costs, ',', '') as costs, array_to_string(d.srcs, ',') as srcs`;

/** The stored days asked for (absent ones are left out), by {@link dayKey}. One query. */
export async function loadDays(tx: Pick<CommandTx, 'query'>, keys: readonly DayKey[]): Promise<Map<string, Reading[]>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.query<DayRow>(
    `select ${COLUMNS} from reading_day d join unnest($1::uuid[], $2::text[], $3::date[]) as k(meter_id, channel, day)
       on d.meter_id = k.meter_id and d.channel = k.channel and d.day = k.day`,
    [keys.map((k) => k.meterId), textArray(keys.map((k) => k.channel)), keys.map((k) => k.day)],
  );
  const names = await namesOf(tx, rows);
  return new Map(rows.map((r) => [dayKey({ meterId: r.meter_id, channel: r.channel, day: r.day }), readingsOf(r, names)]));
}

/** A channel's stored readings over [from, to) (Unix seconds), in start order. */
export async function loadRange(tx: Pick<CommandTx, 'query'>, meterId: string, channel: string, from: number, to: number): Promise<Reading[]> {
  const day = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);
  const rows = await tx.query<DayRow>(
    `select ${COLUMNS} from reading_day d where d.meter_id = $1 and d.channel = $2 and d.day between $3::date and $4::date order by d.day`,
    [meterId, channel, day(from), day(to - 1)],
    'mtr_load_range',
  );
  const names = await namesOf(tx, rows);
  return rows.flatMap((r) => readingsOf(r, names)).filter((r) => r.start >= from && r.start < to);
}

/** The channels a meter has readings on. */
export async function channelsOf(tx: Pick<CommandTx, 'query'>, meterId: string): Promise<string[]> {
  return (await tx.query<{ channel: string }>('select distinct channel from reading_day where meter_id = $1', [meterId])).map((r) => r.channel);
}

const intList = (xs: readonly (number | bigint | null)[]) => `{${xs.map((x) => (x === null ? 'NULL' : String(x))).join(',')}}`;

/** Writes whole days (one multi-row upsert): each row replaces the stored day. */
export async function saveDays(tx: Pick<CommandTx, 'query'>, days: ReadonlyArray<DayKey & { readings: readonly Reading[] }>): Promise<void> {
  if (days.length === 0) return;
  const withCost = days.map((d) => d.readings.some((r) => r.cost !== undefined && r.cost !== null));
  const ids = await sourceIds(
    tx,
    days.flatMap((d) => d.readings.map((r) => r.source ?? 'unknown')),
  );
  await tx.query(
    `insert into reading_day (meter_id, channel, day, starts, durations, vals, qualities, costs, srcs, updated_at)
     select t.meter_id, t.channel, t.day, t.starts::int[], t.durations::int[], t.vals::bigint[], t.qualities, t.costs::bigint[], t.srcs::int[], now()
     from unnest($1::uuid[], $2::text[], $3::date[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       as t(meter_id, channel, day, starts, durations, vals, qualities, costs, srcs)
     on conflict (meter_id, channel, day) do update set starts = excluded.starts, durations = excluded.durations, vals = excluded.vals,
       qualities = excluded.qualities, costs = excluded.costs, srcs = excluded.srcs, updated_at = excluded.updated_at`,
    [
      days.map((d) => d.meterId),
      textArray(days.map((d) => d.channel)),
      days.map((d) => d.day),
      textArray(days.map((d) => intList(d.readings.map((r) => r.start - dayStart(d.day))))),
      textArray(days.map((d) => intList(d.readings.map((r) => r.seconds)))),
      textArray(days.map((d) => intList(d.readings.map((r) => r.value)))),
      textArray(days.map((d) => d.readings.map((r) => r.quality).join(''))),
      textArray(days.map((d, i) => (withCost[i] ? intList(d.readings.map((r) => r.cost ?? null)) : null))),
      textArray(days.map((d) => intList(d.readings.map((r) => ids.get(r.source ?? 'unknown') as number)))),
    ],
  );
}

/** An audit record of a value that changed. */
export interface Edit {
  meterId: string;
  channel: string;
  start: number;
  oldValue: bigint | null;
  newValue: bigint;
  oldQuality: Quality | null;
  newQuality: Quality;
  by: string;
  reason: string;
}

/** Keeps the audit of changed values (who, when, old, new, why). */
export async function recordEdits(tx: Pick<CommandTx, 'query'>, edits: readonly Edit[], at: Date): Promise<void> {
  if (edits.length === 0) return;
  await tx.query(
    `insert into reading_edit (meter_id, channel, start, old_value, new_value, old_quality, new_quality, by, reason, at)
     select t.m, t.c, to_timestamp(t.s), t.o::bigint, t.n::bigint, t.oq, t.nq, t.b, t.r, $10
     from unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) as t(m, c, s, o, n, oq, nq, b, r)`,
    [
      edits.map((e) => e.meterId),
      textArray(edits.map((e) => e.channel)),
      edits.map((e) => e.start),
      textArray(edits.map((e) => (e.oldValue === null ? null : String(e.oldValue)))),
      textArray(edits.map((e) => String(e.newValue))),
      textArray(edits.map((e) => e.oldQuality)),
      textArray(edits.map((e) => e.newQuality)),
      textArray(edits.map((e) => e.by)),
      textArray(edits.map((e) => e.reason)),
      at,
    ],
  );
}
