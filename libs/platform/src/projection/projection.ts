import type { EventRegistry } from '@utilia/contracts';
import type { Pool } from 'pg';
import { sqlOf, type Sql, type SqlExecutor } from '../backbone/sql';
import type { ConsumedEvent, HandlerContext } from '../consumer/consumer-runner';
import { EventStore, type StoredEvent } from '../event-store/event-store';

/** What a projection sees of an event, whether it came from Kafka or from the event store. */
export interface ProjectionEvent<T = unknown> {
  id: string;
  type: string;
  /** The stream (aggregate) id. */
  subject: string;
  data: T;
  /** Global position in the producer's event store (CloudEvents `sequence`); undefined if it has none. */
  position: number | undefined;
}

/** The columns the helper manages in every read-model row. */
export interface ProjectionRow {
  last_position: number | string;
  last_event_id: string;
  [column: string]: unknown;
}

/**
 * A read model: one table shaped for one query. The table has a primary key column `key` and the
 * columns `last_position bigint not null` and `last_event_id text not null`; `evolve` is pure.
 * Each row must be fed by the events of one partition key (one account, one aggregate), whose
 * positions arrive in increasing order (see `EventStore.append`).
 */
export interface Projection<Row extends ProjectionRow = ProjectionRow> {
  /** The table, e.g. `account_balance`. */
  table: string;
  /** Its primary key column (default `id`). */
  key?: string;
  /** The row an event changes; undefined when the event does not concern this read model. */
  rowKey(event: ProjectionEvent): string | undefined;
  /**
   * The row after the event, from the row before it (undefined: none yet). Return undefined to
   * leave the row unchanged. `last_position` and `last_event_id` are set by the helper.
   */
  evolve(row: Row | undefined, event: ProjectionEvent): Omit<Row, 'last_position' | 'last_event_id'> | undefined;
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

/**
 * Applies events to a read model in the caller's transaction, idempotently: an event whose position
 * is not above the row's `last_position` is skipped, so replaying the same events (a redelivery, a
 * second rebuild) leaves every row equal. Two round trips per call whatever the number of events:
 * one select of the rows concerned, one multi-row upsert (`jsonb_populate_recordset`), whose
 * `where last_position <= excluded.last_position` also guards against a concurrent writer.
 * Returns how many rows changed.
 */
export async function applyToProjection<Row extends ProjectionRow>(db: SqlExecutor, projection: Projection<Row>, events: readonly ProjectionEvent[]): Promise<number> {
  const sql = sqlOf(db);
  const key = projection.key ?? 'id';
  const keyed = events.map((e) => ({ e, k: projection.rowKey(e) })).filter((x): x is { e: ProjectionEvent; k: string } => x.k !== undefined);
  if (keyed.length === 0) return 0;
  const table = ident(projection.table);
  const { rows } = await sql.query<Row>(`select * from ${table} where ${ident(key)} = any($1)`, [[...new Set(keyed.map((x) => x.k))]], `utilia_projection_read_${projection.table}`);
  const current = new Map<string, Row>(rows.map((r) => [String(r[key]), r]));
  const dirty = new Set<string>();
  for (const { e, k } of keyed) {
    const row = current.get(k);
    const last = row ? Number(row.last_position) : 0;
    if (e.position !== undefined && e.position <= last) continue; // already applied
    const next = projection.evolve(row, e);
    if (next === undefined) continue;
    // Built by assignment: a spread with a computed key takes V8's slow path, per event.
    const updated: Record<string, unknown> = Object.assign({}, next);
    updated[key] ??= k;
    updated.last_position = e.position ?? last;
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
     where ${table}.last_position <= excluded.last_position`,
    [JSON.stringify([...dirty].map((k) => current.get(k)))],
    `utilia_projection_write_${projection.table}`,
  );
  return rowCount;
}

/** The projection event of an event read from Kafka. */
export function fromConsumed(e: ConsumedEvent): ProjectionEvent {
  return { id: e.id, type: e.type, subject: e.subject, data: e.data, position: e.sequence };
}

/** The projection event of a stored event (upcast to the newest version when a registry is given). */
export function fromStored(e: StoredEvent, registry?: EventRegistry): ProjectionEvent {
  const { type, data } = registry && registry.has(e.type) ? registry.upcast(e.type, e.data) : { type: e.type, data: e.data };
  return { id: e.eventId, type, subject: e.streamId, data, position: e.position };
}

/** A `handleBatch` for `ConsumerRunner` that feeds read models from Kafka. */
export function projectionHandler(...projections: Projection<any>[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
  return async (events: ConsumedEvent[], ctx: HandlerContext): Promise<void> => {
    const batch = events.map(fromConsumed);
    for (const p of projections) await applyToProjection(ctx.sql, p, batch);
  };
}

/**
 * Rebuilds read models from this database's event store: in one repeatable-read transaction, lock
 * the tables, truncate them and replay every event in position order. The lock comes before the
 * snapshot (the first query), so every effect a consumer committed before it belongs to an event in
 * the snapshot; a consumer that writes meanwhile waits, then skips what the rebuild already applied
 * (positions). One snapshot for all pages: no late commit can slip between them. Returns the number
 * of events replayed.
 */
export async function rebuildProjections(pool: Pool, projections: ReadonlyArray<Projection<any>>, options: { registry?: EventRegistry; pageSize?: number } = {}): Promise<number> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const client = await pool.connect();
  const store = new EventStore();
  let replayed = 0;
  try {
    await client.query('begin isolation level repeatable read');
    await client.query(`lock table ${projections.map((p) => ident(p.table)).join(', ')} in access exclusive mode`);
    await client.query(`truncate ${projections.map((p) => ident(p.table)).join(', ')}`);
    for (let after = 0; ; ) {
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
