import { parseWireName, type EventEnvelope, type EventRegistry } from '@utilia/contracts';
import { intArray, sqlOf, textArray, type Sql, type SqlExecutor } from '../backbone/sql';

/**
 * The version a writer expects its stream to be at: a number (0 = the stream has no events yet),
 * `'no-stream'` (same as 0) or `'any'` (append at whatever the end is; still safe against a
 * concurrent append, which then fails).
 */
export type ExpectedVersion = number | 'no-stream' | 'any';

/** Another writer appended to the stream first: reload, decide again, retry (in a new transaction). */
export class StreamVersionConflict extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number | undefined,
  ) {
    super(`stream "${streamId}" is at version ${actualVersion ?? '(changed concurrently)'}, expected ${expectedVersion}`);
    this.name = 'StreamVersionConflict';
  }
}

/** An event as stored. `position` is the global position in this database (a bigint, as a number). */
export interface StoredEvent {
  position: number;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: Date;
}

/** What the `metadata` column keeps: the envelope attributes that are not in other columns. */
export interface EventMetadata {
  source: string;
  time: string;
  correlationId: string;
  causationId?: string;
  traceparent?: string;
  partitionKey: string;
  [extra: string]: unknown;
}

/** The result of an append: the stream's new version and where each event landed. */
export interface AppendResult {
  nextExpectedVersion: number;
  events: Array<{ eventId: string; position: number; streamVersion: number }>;
}

export interface EventStoreOptions {
  /** Schemas are checked on append (the publishing side of "validated on publish and on consume"). */
  registry?: EventRegistry;
  /**
   * The topic of an event; defaults to the topic its registered type declares. Return `undefined`
   * to store an event without publishing it.
   */
  topicOf?: (envelope: EventEnvelope) => string | undefined;
}

// Advisory lock classes (first int4 of the two-key form) of the backbone.
export const PARTITION_KEY_LOCK_CLASS = 1_163_151;

const COLUMNS = 'position, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at';

interface EventRow {
  position: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

function fromRow(r: EventRow): StoredEvent {
  return {
    position: Number(r.position),
    streamId: r.stream_id,
    streamVersion: r.stream_version,
    eventId: r.event_id,
    type: r.type,
    schemaVersion: r.schema_version,
    data: r.data,
    metadata: r.metadata,
    recordedAt: r.recorded_at,
  };
}

/** The events of an append, one array per column, in the caller's order. */
interface EventColumns {
  streamIds: string[];
  /** The event's place in its stream's append (1, 2, ...). */
  ns: number[];
  ids: string[];
  types: string[];
  schemaVersions: number[];
  data: unknown[];
  metadata: EventMetadata[];
  /** Where each event is published; null: stored only. */
  topics: Array<string | null>;
}

/** What the `metadata` column keeps of an envelope (its other attributes have columns of their own). */
export function metadataOf(e: EventEnvelope): EventMetadata {
  const metadata: EventMetadata = { source: e.source, time: e.time, correlationId: e.correlationId, partitionKey: e.partitionKey };
  if (e.causationId !== undefined) metadata.causationId = e.causationId;
  if (e.traceparent !== undefined) metadata.traceparent = e.traceparent;
  return metadata;
}

/** The envelope attributes of a stored event, all but its data (the inverse of {@link metadataOf} and the columns). */
export function attributesOf(e: Pick<StoredEvent, 'eventId' | 'type' | 'streamId' | 'metadata'>): Omit<EventEnvelope, 'data'> {
  const { source, time, correlationId, causationId, traceparent, partitionKey } = e.metadata;
  const attributes: Omit<EventEnvelope, 'data'> = { id: e.eventId, source, type: e.type, time, subject: e.streamId, correlationId, partitionKey };
  if (causationId !== undefined) attributes.causationId = causationId;
  if (traceparent !== undefined) attributes.traceparent = traceparent;
  return attributes;
}

/** The envelope of a stored event, as it was appended. */
export function envelopeOf(e: StoredEvent): EventEnvelope {
  return { ...attributesOf(e), data: e.data };
}

/** An expected version as the append statement checks it: a number, or null for `'any'`. */
function expectedNumber(v: ExpectedVersion): number | null {
  return v === 'any' ? null : v === 'no-stream' ? 0 : v;
}

/** The result for a stream given no events: it stays where the caller expected it. */
function unchanged(expectedVersion: ExpectedVersion): AppendResult {
  return { nextExpectedVersion: typeof expectedVersion === 'number' ? expectedVersion : 0, events: [] };
}

/**
 * The event store of a service database. Every method takes the caller's transaction (a TypeORM
 * `EntityManager` from `dataSource.transaction(...)`, a `QueryRunner`, or a pg client), so the
 * events, their outbox rows and the caller's other writes commit or roll back together.
 */
export class EventStore {
  constructor(private readonly options: EventStoreOptions = {}) {}

  /**
   * Appends events to a stream if it is at `expectedVersion`, and queues them for Kafka in the
   * outbox, in the caller's transaction.
   *
   * Ordering: before taking positions the transaction locks each partition key (transaction-scoped
   * advisory lock). Two transactions writing events of one key therefore take their positions in
   * commit order, so per key: position order = commit order = outbox order = Kafka order. Without
   * it, two streams of one account written concurrently could commit in the opposite order of
   * their positions, and a projection that skips "positions at or below the last applied one"
   * would drop the late one.
   *
   * @throws StreamVersionConflict when the stream is not at the expected version (the caller's
   *   transaction must be rolled back and the command retried).
   */
  async append(db: SqlExecutor, streamId: string, expectedVersion: ExpectedVersion, envelopes: readonly EventEnvelope[]): Promise<AppendResult> {
    if (envelopes.length === 0) {
      return { nextExpectedVersion: typeof expectedVersion === 'number' ? expectedVersion : await this.version(sqlOf(db), streamId), events: [] };
    }
    return (await this.appendMany(db, [{ streamId, expectedVersion, events: envelopes }]))[0];
  }

  /**
   * Appends to several streams in one statement (one round trip), all or nothing: what a batch
   * process (a bill run) does in one transaction. Same checks and ordering as {@link append}.
   *
   * @throws StreamVersionConflict naming the first stream that is not at its expected version
   *   (the caller's transaction must be rolled back and the command retried).
   */
  async appendMany(
    db: SqlExecutor,
    appends: ReadonlyArray<{ streamId: string; expectedVersion: ExpectedVersion; events: readonly EventEnvelope[] }>,
  ): Promise<AppendResult[]> {
    const sql = sqlOf(db);
    const registry = this.options.registry;
    const streams = appends.filter((a) => a.events.length > 0);
    if (new Set(streams.map((a) => a.streamId)).size !== streams.length) throw new Error('appendMany takes each stream once');
    if (streams.length === 0) return appends.map((a) => unchanged(a.expectedVersion));
    // The statement takes one array per column (one element per event, in the caller's order):
    // a JSON array for `data` and one for `metadata`, SQL arrays for the rest. A JSON document of
    // rows would be parsed field by field and then each `json` value in it again (the measured
    // difference is in bench/backbone/README.md).
    const cols: EventColumns = { streamIds: [], ns: [], ids: [], types: [], schemaVersions: [], data: [], metadata: [], topics: [] };
    for (const { streamId, events } of streams) {
      events.forEach((e, i) => {
        if (e.subject !== streamId) throw new Error(`event ${e.id} has subject "${e.subject}", not the stream "${streamId}"`);
        registry?.assertValid(e.type, e.data);
        // JSON has no `undefined`: it would be stored as `null`, which no event means.
        if (e.data === undefined) throw new Error(`event ${e.id} has no data`);
        cols.streamIds.push(streamId);
        cols.ns.push(i + 1);
        cols.ids.push(e.id);
        cols.types.push(e.type);
        cols.schemaVersions.push(parseWireName(e.type)?.version ?? 1);
        cols.data.push(e.data);
        cols.metadata.push(metadataOf(e));
        cols.topics.push((this.options.topicOf ? this.options.topicOf(e) : registry?.find(e.type)?.topic) ?? null);
      });
    }
    const keys = [...new Set(streams.flatMap((a) => a.events.map((e) => e.partitionKey)))].sort();
    const expected = streams.map((a) => expectedNumber(a.expectedVersion));
    let positions: number[];
    let heads: Map<string, number>;
    try {
      // One round trip: lock the keys, check each stream's version, insert the events in order
      // (`ord` keeps the caller's order, so positions follow it), and queue the published ones in
      // the outbox: one row per topic listing their positions in order. The row only points at
      // the events rows: the relay builds the Kafka messages from them, so an event is written once.
      // `locks` is an aggregate that `heads` joins, so every lock is held before the first row
      // (and its position) is produced. The version check reads the statement's snapshot, taken before the
      // locks: a writer that committed meanwhile is caught by the unique (stream_id,
      // stream_version) index instead, also reported as StreamVersionConflict.
      // Since positions follow `ord`, the k-th smallest new position is the caller's k-th event:
      // that is how the outbox finds each event's topic, and how the caller reads the answer.
      // The answer is compact: the positions in order and each stream's version before the
      // append; a row per event cost the caller more than building the statement.
      const {
        rows: [answer],
      } = await sql.query<{ positions: string | null; heads: Array<[string, number]> }>(
        `with locks as (
           select count(pg_advisory_xact_lock(${PARTITION_KEY_LOCK_CLASS}, hashtext(k))) as n from (select k from unnest($1::text[]) k order by k) keys
         ), heads as (
           select s.stream_id, s.expected, locks.n as locked,
             (select coalesce(max(stream_version), 0) from events e where e.stream_id = s.stream_id) as v
           from unnest($2::text[], $3::int[]) as s(stream_id, expected) cross join locks
         ), ev as (
           insert into events (stream_id, stream_version, event_id, type, schema_version, data, metadata)
           select i.stream_id, h.v + i.n, i.event_id, i.type, i.schema_version, i.data, i.metadata
           from rows from (unnest($4::text[]), unnest($5::int[]), unnest($6::uuid[]), unnest($7::text[]), unnest($8::int[]),
               json_array_elements($9::json), json_array_elements($10::json)) with ordinality
             as i(stream_id, n, event_id, type, schema_version, data, metadata, ord)
           join heads h on h.stream_id = i.stream_id
           where not exists (select 1 from heads where expected is not null and v <> expected)
           order by i.ord
           returning position
         ), queued as (
           insert into outbox (topic, positions)
           select topic, array_agg(position order by position)
           from (select position, ($11::text[])[row_number() over (order by position)] as topic from ev) numbered
           where topic is not null
           group by topic
           order by min(position)
         )
         select string_agg(position::text, ',' order by position) as positions,
           (select json_agg(json_build_array(stream_id, v)) from heads) as heads
         from ev`,
        [
          textArray(keys),
          textArray(streams.map((a) => a.streamId)),
          intArray(expected),
          textArray(cols.streamIds),
          intArray(cols.ns),
          textArray(cols.ids),
          textArray(cols.types),
          intArray(cols.schemaVersions),
          JSON.stringify(cols.data),
          JSON.stringify(cols.metadata),
          textArray(cols.topics),
        ],
        'utilia_events_append',
      );
      positions = answer.positions === null ? [] : answer.positions.split(',').map(Number);
      heads = new Map(answer.heads);
    } catch (e) {
      const pg =
        (e as { driverError?: { code?: string; constraint?: string; detail?: string } }).driverError ??
        (e as { code?: string; constraint?: string; detail?: string });
      if (pg.code === '23505' && pg.constraint === 'events_stream_version_unique') {
        const a = streams.find((x) => pg.detail?.includes(`(${x.streamId},`)) ?? streams[0];
        throw new StreamVersionConflict(a.streamId, a.expectedVersion, undefined);
      }
      throw e;
    }
    if (positions.length !== cols.ids.length) {
      for (const a of streams) {
        const actual = await this.version(sql, a.streamId);
        const expected = expectedNumber(a.expectedVersion);
        if (expected !== null && actual !== expected) throw new StreamVersionConflict(a.streamId, a.expectedVersion, actual);
      }
      throw new StreamVersionConflict(streams[0].streamId, streams[0].expectedVersion, undefined);
    }
    const byStream = new Map<string, AppendResult>();
    cols.ids.forEach((eventId, k) => {
      const streamId = cols.streamIds[k];
      let result = byStream.get(streamId);
      if (!result) byStream.set(streamId, (result = { nextExpectedVersion: 0, events: [] }));
      const streamVersion = (heads.get(streamId) as number) + cols.ns[k];
      result.events.push({ eventId, position: positions[k], streamVersion });
      result.nextExpectedVersion = streamVersion;
    });
    return appends.map((a) => byStream.get(a.streamId) ?? unchanged(a.expectedVersion));
  }

  /** The events of a stream after `afterVersion` (default: all), in version order. */
  async readStream(db: SqlExecutor, streamId: string, afterVersion = 0): Promise<StoredEvent[]> {
    const { rows } = await sqlOf(db).query<EventRow>(`select ${COLUMNS} from events where stream_id = $1 and stream_version > $2 order by stream_version`, [
      streamId,
      afterVersion,
    ]);
    return rows.map(fromRow);
  }

  /**
   * Up to `limit` events after global position `afterPosition`, in position order. Positions follow
   * commit order per partition key (see {@link append}), not across keys: a reader that must not miss
   * a late commit of another key reads in one snapshot (as the projection rebuild does) or consumes
   * from Kafka.
   */
  async readAll(db: SqlExecutor, afterPosition = 0, limit = 1000): Promise<StoredEvent[]> {
    const { rows } = await sqlOf(db).query<EventRow>(`select ${COLUMNS} from events where position > $1 order by position limit $2`, [afterPosition, limit]);
    return rows.map(fromRow);
  }

  /** The current version of a stream (0 when it has no events). */
  async streamVersion(db: SqlExecutor, streamId: string): Promise<number> {
    return this.version(sqlOf(db), streamId);
  }

  private async version(sql: Sql, streamId: string): Promise<number> {
    const { rows } = await sql.query<{ v: number }>('select coalesce(max(stream_version), 0)::int as v from events where stream_id = $1', [streamId]);
    return rows[0].v;
  }
}
