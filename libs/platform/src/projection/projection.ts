import type { EventRegistry, EventType } from '@utilia/contracts';
import type { Pool } from 'pg';
import { sqlOf, type Sql, type SqlExecutor } from '../backbone/sql';
import type { ConsumedEvent } from '../consumer/consumer-runner';
import { EventStore, type StoredEvent } from '../event-store/event-store';

/** What a projection sees of an event, whether it came from Kafka or from the event store. */
export interface ProjectionEvent<T = unknown> {
  id: string;
  type: string;
  /** The stream (aggregate) id. */
  subject: string;
  data: T;
  /**
   * The event's version in its stream (CloudEvents extension `streamversion`); undefined for a
   * message that did not come from an event store, which the row then cannot deduplicate (the
   * consumer's inbox still does).
   */
  streamVersion: number | undefined;
}

/** True when the event is of `type`, narrowing its data (for a projection's `evolve`). */
export function isEvent<T>(e: ProjectionEvent, type: EventType<T>): e is ProjectionEvent<T> {
  return e.type === type.type;
}

/** The bookkeeping columns the helper keeps in every read-model row (and the queries leave out). */
export const PROJECTION_COLUMNS = ['stream_versions', 'revision', 'last_event_id'] as const;

/** The columns the helper manages in every read-model row. */
export interface ProjectionRow {
  /** For each stream that fed the row, the last version applied: what makes a replay a no-op. */
  stream_versions: Record<string, number>;
  /** Bumped by every write: a writer that read an older row is caught and retried. */
  revision: number;
  /** The last event applied, for people tracing a row back to its cause. */
  last_event_id: string;
  [column: string]: unknown;
}

/** A row as `evolve` returns it: everything but the bookkeeping. */
export type ProjectionState<Row extends ProjectionRow> = Omit<Row, (typeof PROJECTION_COLUMNS)[number]>;

/**
 * A read model: one table shaped for one query. The table has a primary key column (`id` unless
 * `key` says otherwise) and the bookkeeping columns `stream_versions jsonb not null default '{}'`,
 * `revision integer not null default 0` and `last_event_id text not null`; `evolve` is pure.
 *
 * A row may be fed by several streams, and one stream's events may reach it through several Kafka
 * partitions (they are keyed by account, not by stream): the row remembers, per stream, the last
 * version it applied, so a redelivered or replayed event is skipped whatever the order of arrival.
 * Putting a stream's events in order is the feed's job: the event store's own order in a service's
 * transaction or rebuild, and {@link projectionConsumer} for a feed from Kafka.
 */
export interface Projection<Row extends ProjectionRow = ProjectionRow> {
  /** The table, e.g. `account_balance`. */
  table: string;
  /** Its primary key column (default `id`). */
  key?: string;
  /** The row an event changes; undefined when the event does not concern this read model. */
  rowKey(event: ProjectionEvent): string | undefined;
  /** The row after the event, from the row before it (undefined: none yet). Return undefined to leave the row unchanged. */
  evolve(row: Row | undefined, event: ProjectionEvent): ProjectionState<Row> | undefined;
}

/** A projection of any row type, for lists of read models. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProjection = Projection<any>;

/**
 * Another writer changed a row between this writer's read and its write (two transactions
 * creating the same row at once). Transient: the caller's transaction is rolled back and retried
 * (the consumer runner and the command runner both do), and the retry reads the new row.
 */
export class ProjectionWriteConflict extends Error {
  constructor(readonly table: string) {
    super(`a row of read model ${table} was changed concurrently; retry`);
    this.name = 'ProjectionWriteConflict';
  }
}

const columnCache = new Map<string, string[]>();

async function columnsOf(sql: Sql, table: string): Promise<string[]> {
  const cached = columnCache.get(table);
  if (cached) return cached;
  const { rows } = await sql.query<{ name: string }>(
    `select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`,
    [table],
  );
  const columns = rows.map((r) => r.name);
  columnCache.set(table, columns);
  return columns;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** True when the row has already applied this event (same stream, same or later version). */
export function hasApplied(row: Pick<ProjectionRow, 'stream_versions'> | undefined, event: Pick<ProjectionEvent, 'subject' | 'streamVersion'>): boolean {
  if (!row || event.streamVersion === undefined) return false;
  const applied = row.stream_versions[event.subject];
  return applied !== undefined && event.streamVersion <= applied;
}

/**
 * Applies events to a read model in the caller's transaction, idempotently: an event the row has
 * applied already (see {@link hasApplied}) is skipped, so replaying the same events (a
 * redelivery, a second rebuild) leaves every row equal. Two round trips per call whatever the
 * number of events: one select of the rows concerned, one multi-row upsert
 * (`jsonb_populate_recordset`) guarded by each row's `revision`: a row another transaction wrote
 * since the select is not overwritten, and {@link ProjectionWriteConflict} makes the caller retry.
 * Returns how many rows changed.
 */
export async function applyToProjection<Row extends ProjectionRow>(
  db: SqlExecutor,
  projection: Projection<Row>,
  events: readonly ProjectionEvent[],
): Promise<number> {
  const sql = sqlOf(db);
  const key = projection.key ?? 'id';
  const keyed = events.map((e) => ({ e, k: projection.rowKey(e) })).filter((x): x is { e: ProjectionEvent; k: string } => x.k !== undefined);
  if (keyed.length === 0) return 0;
  const table = ident(projection.table);
  const { rows } = await sql.query<Row>(
    `select * from ${table} where ${ident(key)} = any($1)`,
    [[...new Set(keyed.map((x) => x.k))]],
    `utilia_projection_read_${projection.table}`,
  );
  const current = new Map<string, Row>(rows.map((r) => [String(r[key]), r]));
  const readRevision = new Map<string, number>(rows.map((r) => [String(r[key]), Number(r.revision)]));
  const dirty = new Set<string>();
  for (const { e, k } of keyed) {
    const row = current.get(k);
    if (hasApplied(row, e)) continue;
    const next = projection.evolve(row, e);
    if (next === undefined) continue;
    // Built by assignment: a spread with a computed key takes V8's slow path, per event.
    const updated: Record<string, unknown> = Object.assign({}, next);
    updated[key] ??= k;
    const versions = { ...(row?.stream_versions ?? {}) };
    if (e.streamVersion !== undefined) versions[e.subject] = e.streamVersion;
    updated.stream_versions = versions;
    // The revision this write makes; the upsert takes it only over the revision it read.
    updated.revision = (readRevision.get(k) ?? 0) + 1;
    updated.last_event_id = e.id;
    current.set(k, updated as Row);
    dirty.add(k);
  }
  if (dirty.size === 0) return 0;
  const columns = await columnsOf(sql, projection.table);
  const updates = columns.filter((c) => c !== key).map((c) => `${ident(c)} = excluded.${ident(c)}`);
  const { rowCount } = await sql.query(
    `insert into ${table} select * from jsonb_populate_recordset(null::${table}, $1::jsonb)
     on conflict (${ident(key)}) do update set ${updates.join(', ')}
     where ${table}.revision = excluded.revision - 1`,
    [JSON.stringify([...dirty].map((k) => current.get(k)))],
    `utilia_projection_write_${projection.table}`,
  );
  if (rowCount !== dirty.size) throw new ProjectionWriteConflict(projection.table);
  return rowCount;
}

/** The projection event of an event read from Kafka. */
export function fromConsumed(e: ConsumedEvent): ProjectionEvent {
  return { id: e.id, type: e.type, subject: e.subject, data: e.data, streamVersion: e.streamVersion };
}

/** The projection event of a stored event (upcast to the newest version when a registry is given). */
export function fromStored(e: StoredEvent, registry?: EventRegistry): ProjectionEvent {
  const { type, data } = registry && registry.has(e.type) ? registry.upcast(e.type, e.data) : { type: e.type, data: e.data };
  return { id: e.eventId, type, subject: e.streamId, data, streamVersion: e.streamVersion };
}

/**
 * Rebuilds read models from this database's event store: in one repeatable-read transaction, lock
 * the tables, truncate them and replay every event in position order. The lock comes before the
 * snapshot (the first query), so every effect a writer committed before it belongs to an event in
 * the snapshot; a writer that writes meanwhile waits, then skips what the rebuild already applied
 * (stream versions). One snapshot for all pages: no late commit can slip between them. Returns the
 * number of events replayed.
 */
export async function rebuildProjections(
  pool: Pool,
  projections: ReadonlyArray<AnyProjection>,
  options: { registry?: EventRegistry; pageSize?: number } = {},
): Promise<number> {
  const client = await pool.connect();
  const store = new EventStore();
  let replayed = 0;
  try {
    await client.query('begin isolation level repeatable read');
    await client.query(`lock table ${projections.map((p) => ident(p.table)).join(', ')} in access exclusive mode`);
    await client.query(`truncate ${projections.map((p) => ident(p.table)).join(', ')}`);
    for (let after = 0; ;) {
      const page = await store.readAll(client, after, options.pageSize ?? 5000);
      if (page.length === 0) break;
      const events = page.map((e) => fromStored(e, options.registry));
      for (const p of projections) await applyToProjection(client, p, events);
      after = page[page.length - 1].position;
      replayed += page.length;
    }
    await client.query('commit');
    return replayed;
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
