import { CLOUDEVENTS_SPEC_VERSION, EVENT_CONTENT_TYPE, structuredHeaders } from '@utilia/contracts';
import { CompressionTypes, Partitioners, type ICustomPartitioner, type Kafka, type Message, type Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { backoffDelay } from '../config/retry';
import { silentLog, sleep, type BackboneLog } from '../backbone/log';
import { sqlOf, type SqlExecutor } from '../backbone/sql';
import { PARTITION_KEY_LOCK_CLASS } from '../event-store/event-store';

/** A Kafka message waiting in the outbox, exactly as it will be produced. */
export interface OutboxMessage {
  topic: string;
  key: string | null;
  headers: Record<string, string>;
  /** The message value, as it will be produced; null for a tombstone. */
  value: string | null;
  /** The CloudEvents id, for tracing a message back to its event. */
  eventId?: string;
}

/**
 * Queues messages for the relay in the caller's transaction: for changes to plain tables (reference
 * data) that publish an event without an event stream. Event-sourced writes use `EventStore.append`,
 * which queues its events itself. Takes the same partition-key locks as `append`, so per key the
 * outbox order is the commit order.
 */
export async function enqueue(db: SqlExecutor, messages: readonly OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const sql = sqlOf(db);
  const keys = [...new Set(messages.map((m) => m.key).filter((k): k is string => k !== null))].sort();
  if (keys.length > 0) {
    await sql.query(`select pg_advisory_xact_lock(${PARTITION_KEY_LOCK_CLASS}, hashtext(k)) from unnest($1::text[]) k order by k`, [keys]);
  }
  await sql.query(
    `insert into outbox (topic, key, headers, value, event_id)
     select topic, key, headers, value, event_id::uuid from jsonb_to_recordset($1::jsonb)
       as t(n int, topic text, key text, headers jsonb, value text, event_id text) order by n`,
    [JSON.stringify(messages.map((m, i) => ({ n: i, topic: m.topic, key: m.key, headers: m.headers, value: m.value, event_id: m.eventId ?? null })))],
  );
}

/** The advisory lock (two-key form) that lets only one relay of a database publish at a time. */
export const RELAY_LOCK = [PARTITION_KEY_LOCK_CLASS + 1, 0] as const;

export interface OutboxRelayOptions {
  /** The service database (e.g. `poolOf(dataSource)`). */
  pool: Pool;
  kafka: Kafka;
  log?: BackboneLog;
  /** Rows per Kafka request and per UPDATE (default 2000). */
  batchSize?: number;
  /**
   * How long to wait after a batch smaller than `batchSize`, or after finding the outbox empty,
   * before looking again (default 100 ms): the rows that come meanwhile go out together, in one
   * transaction and one Kafka request, and reach consumers as one batch per partition (their
   * transactions grow with it): less CPU per event for a little latency (bench/backbone/README.md).
   */
  idleDelayMs?: number;
  /**
   * The longest wait when the outbox stays empty (default 250 ms): each empty look doubles the
   * wait up to this, and any row found brings it back to `idleDelayMs`. An idle service then costs
   * a few queries a second instead of ten, at the price of at most this much delay for the first
   * event after a quiet spell.
   */
  maxIdleDelayMs?: number;
  /** kafkajs' compression of each batch (default none; GZIP is built into kafkajs, other codecs need a package). */
  compression?: CompressionTypes;
  /**
   * The most bytes (keys and values) one Kafka request carries (default 768 KiB). A partition's
   * part of a request is one record batch, which the broker refuses above its `max.message.bytes`
   * (1 MiB by default): 2,000 usage profiles of 4 kB would never go out, and the relay would try
   * the same rows forever. A batch cut short by bytes is followed at once by the next.
   */
  maxBatchBytes?: number;
}

/** The first messages of `rows` whose keys and values fit in `maxBytes` (always at least one). */
export function fitBatch<T extends { message: Pick<Message, 'key' | 'value'> }>(rows: readonly T[], maxBytes: number): T[] {
  let bytes = 0;
  let n = 0;
  for (const r of rows) {
    const size = byteLength(r.message.value) + byteLength(r.message.key);
    if (n > 0 && bytes + size > maxBytes) break;
    bytes += size;
    n++;
  }
  return rows.slice(0, n);
}

function byteLength(v: Message['value'] | Message['key']): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'string' ? Buffer.byteLength(v) : v.length;
}

/**
 * Publishes the outbox to Kafka, in outbox id order, with kafkajs' idempotent producer
 * (`idempotent: true, maxInFlightRequests: 1`: per partition, messages land once per producer
 * session and in order, even when the client retries). The outbox row of an append lists the
 * positions of its events; the relay builds each message from the `events` row, in CloudEvents
 * structured content mode: one `content-type: application/cloudevents+json` header and the
 * CloudEvent's JSON as the value (the attributes, `sequence` = the event's position,
 * `streamversion`, and the event's data as it was appended), the partition key as the key.
 *
 * Why a late commit can never be skipped: the relay keeps no "last published id". The outbox holds
 * only unpublished rows; each batch is the first N events of `select ... order by id`, then
 * exactly the rows it covered are deleted (a row longer than the batch keeps the events it has
 * left, in place, and is read first next time). bigserial ids are taken when a row is inserted,
 * not when its transaction commits, so a row with a lower id can become visible after rows with
 * higher ids were published. A relay that read `id > lastSeen` would step over it forever; this
 * scan simply finds it on its next pass, because a row leaves the outbox only by being published
 * (in part: only by having those of its events published). (The other classic fix,
 * filtering by `xid8 < pg_snapshot_xmin(pg_current_snapshot())`, keeps a high-water mark but stalls
 * every row behind the oldest open transaction of the database; ours stalls nothing. Per partition
 * key no reordering is possible at all: appenders lock the key, see `EventStore.append`.)
 *
 * Several relays: each batch runs in a transaction that first takes `pg_try_advisory_xact_lock`;
 * a relay that does not get it waits. One batch at a time keeps per-key order across instances
 * (SKIP LOCKED would let two relays publish neighbouring rows of one key concurrently, out of
 * order). A relay that dies after Kafka acknowledged a batch but before its commit leaves the rows
 * unpublished: they are sent again (at least once) and consumers dedupe on the CloudEvents `id`.
 *
 * Wake-ups: short polling of the outbox's primary key (one cheap index probe per `idleDelayMs`,
 * backing off to `maxIdleDelayMs` while nothing comes; back-to-back batches under load).
 * LISTEN/NOTIFY was not used because NOTIFY serialises every committing writer on a global queue
 * lock.
 */
export class OutboxRelay {
  private readonly log: BackboneLog;
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  private readonly maxIdleDelayMs: number;
  private readonly maxBatchBytes: number;
  private producer?: Producer;
  private loop?: Promise<void>;
  private stopping = new AbortController();
  /** Messages and batches (Kafka requests) published since start (for tests, metrics and the benchmark). */
  published = 0;
  batches = 0;
  /** Whether the last batch was cut short by `maxBatchBytes` (more rows were waiting). */
  private cutShort = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.log = options.log ?? silentLog;
    this.batchSize = options.batchSize ?? 2000;
    this.idleDelayMs = options.idleDelayMs ?? 100;
    this.maxIdleDelayMs = Math.max(this.idleDelayMs, options.maxIdleDelayMs ?? 250);
    this.maxBatchBytes = options.maxBatchBytes ?? 768 * 1024;
  }

  /**
   * Starts publishing in the background. Returns at once: while the broker or the database is
   * away the loop logs and backs off (up to 5 s), and carries on where the outbox says.
   */
  async start(): Promise<void> {
    if (this.loop) return;
    this.stopping = new AbortController();
    this.loop = this.run();
  }

  /** Finishes the batch in flight, then disconnects. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    this.loop = undefined;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  private async connectProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.options.kafka.producer({
      createPartitioner: rememberingPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Fail a send within seconds so the batch transaction is not held open for a long outage;
      // the loop backs off and tries the same rows again.
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    let failures = 0;
    let idle = this.idleDelayMs;
    while (!signal.aborted) {
      try {
        const n = await this.publishBatch();
        if (failures > 0) this.log.write('info', 'outbox relay publishing again', { afterFailures: failures }, 'outbox');
        failures = 0;
        idle = n === 0 ? Math.min(this.maxIdleDelayMs, idle * 2) : this.idleDelayMs;
        if (n < this.batchSize && !this.cutShort) await sleep(n === 0 ? idle : this.idleDelayMs, signal);
      } catch (e) {
        const delayMs = backoffDelay(failures++, 100, 5000);
        this.log.write('warn', `outbox relay failed: ${(e as Error).message}; retrying in ${delayMs} ms`, { attempt: failures, delayMs }, 'outbox');
        // A producer that lost its broker is rebuilt, so its idempotence session starts clean.
        await this.producer?.disconnect().catch(() => undefined);
        this.producer = undefined;
        await sleep(delayMs, signal);
      }
    }
  }

  /**
   * Publishes one batch of outbox rows, oldest first, and deletes them.
   * Returns how many were published (0 when none, or when another relay holds the lock).
   */
  async publishBatch(): Promise<number> {
    const producer = await this.connectProducer();
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      const lock = await client.query<{ ok: boolean }>({
        name: 'utilia_relay_lock',
        text: 'select pg_try_advisory_xact_lock($1, $2) as ok',
        values: [...RELAY_LOCK],
      });
      if (!lock.rows[0].ok) {
        await client.query('rollback');
        return 0;
      }
      // No `id > lastSeen` here, on purpose: see the class comment.
      const pending = await pendingMessages(client, this.batchSize);
      const rows = fitBatch(pending, this.maxBatchBytes);
      this.cutShort = rows.length < pending.length;
      if (rows.length === 0) {
        await client.query('commit');
        return 0;
      }
      await producer.sendBatch({ topicMessages: groupByTopic(rows), acks: -1, compression: this.options.compression ?? CompressionTypes.None });
      const { done, partly } = progressOf(rows);
      await client.query({ name: 'utilia_relay_delete', text: 'delete from outbox where id = any($1::bigint[])', values: [done] });
      if (partly) {
        // A row longer than the batch keeps the events still to publish (slices start at 1 again).
        await client.query({
          name: 'utilia_relay_rest',
          text: 'update outbox set positions = positions[$2::int + 1:] where id = $1',
          values: [partly.id, partly.published],
        });
      }
      await client.query('commit');
      this.published += rows.length;
      this.batches++;
      return rows.length;
    } catch (e) {
      broken = e as Error;
      await rollback(client);
      throw e;
    } finally {
      client.release(isConnectionError(broken) ? broken : undefined);
    }
  }
}

/**
 * kafkajs' default (Java-compatible murmur2) partitioner, remembering the partition of each key
 * (a custom partitioner is kafkajs' documented `createPartitioner` option): the relay sends the
 * same keys (accounts) over and over, and the default hashes every message again (see
 * bench/backbone/README.md for what that costs). Same partitions as the default, so producers in
 * other languages agree on where a key goes.
 */
export const rememberingPartitioner: ICustomPartitioner = () => {
  const partitionOf = Partitioners.DefaultPartitioner();
  const remembered = new Map<string, number>();
  return (args) => {
    const { topic, partitionMetadata, message } = args;
    if (typeof message.key !== 'string' || (message.partition !== undefined && message.partition !== null)) return partitionOf(args);
    const id = `${topic}\u0000${partitionMetadata.length}\u0000${message.key}`;
    let partition = remembered.get(id);
    if (partition === undefined) {
      if (remembered.size >= 100_000) remembered.clear();
      partition = partitionOf(args);
      remembered.set(id, partition);
    }
    return partition;
  };
};

/** An event of an outbox row (or a plain message), joined with its events row. */
interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  headers: Record<string, string> | null;
  value: string | null;
  /** How many events the outbox row lists (null for a plain message). */
  listed: number | null;
  position: string | null;
  /** The event's partition key, and its message value as the query built it (null when the event row is missing). */
  event_key: string | null;
  event_value: string | null;
}

/**
 * The structured-mode CloudEvent of an events row, as JSON text, built by the query: the same text
 * `structuredValue` (libs/contracts, envelope.ts) makes from the same event, attribute by
 * attribute (a test compares them), with the event's data spliced in as it was appended
 * (`data::text`: the JSON text of a `json` column, never parsed on the way). Built in SQL because
 * that costs a little less in all (node's share halves; bench/backbone/README.md) than sending each
 * event's metadata to the relay as JSON, parsing it there and writing it out again. `m` is the
 * metadata, parsed once per row; `to_json` quotes strings.
 */
const EVENT_VALUE = `'{"specversion":"${CLOUDEVENTS_SPEC_VERSION}","id":"' || e.event_id::text || '","source":' || to_json(m.source)::text
    || ',"type":' || to_json(e.type)::text || ',"time":' || to_json(m.time)::text || ',"subject":' || to_json(e.stream_id::text)::text
    || ',"datacontenttype":"${EVENT_CONTENT_TYPE}","correlationid":' || to_json(m."correlationId")::text
    || coalesce(',"causationid":' || to_json(m."causationId")::text, '') || coalesce(',"traceparent":' || to_json(m.traceparent)::text, '')
    || ',"sequence":"' || e.position::text || '","streamversion":' || e.stream_version::text || ',"data":' || e.data::text || '}'`;

// The first `limit` messages: the events of the first outbox rows, in row order and in each row's
// order, and plain messages (no positions: the lateral join gives them one row of nulls).
const SELECT_BATCH = `
  select o.id, o.topic, o.key, o.headers, o.value, cardinality(o.positions) as listed, p.position,
    m."partitionKey" as event_key, ${EVENT_VALUE} as event_value
  from (select * from outbox order by id limit $1) o
    left join lateral unnest(o.positions) with ordinality as p(position, n) on true
    left join events e on e.position = p.position
    left join lateral json_to_record(e.metadata)
      as m(source text, time text, "correlationId" text, "causationId" text, traceparent text, "partitionKey" text) on true
  order by o.id, p.n limit $1`;

/** A message ready to go: its outbox row, its topic and the Kafka message. */
export interface PendingMessage {
  id: string;
  topic: string;
  message: Message;
  /** How many events the outbox row lists (1 for a plain message). */
  listed: number;
}

/** The first `limit` messages of the outbox, in order (what the relay publishes next). */
export async function pendingMessages(db: Pick<Pool, 'query'> | PoolClient, limit: number): Promise<PendingMessage[]> {
  const { rows } = await db.query<OutboxRow>({ name: 'utilia_relay_select', text: SELECT_BATCH, values: [limit] });
  return rows.map((r) => ({ id: r.id, topic: r.topic, message: messageOf(r), listed: r.listed ?? 1 }));
}

/**
 * What publishing `messages` did to the outbox: the rows all of whose events went out (to delete),
 * and the one row that only began to (the last, when it lists more events than fitted the batch).
 */
export function progressOf(messages: readonly PendingMessage[]): { done: string[]; partly?: { id: string; published: number } } {
  const sent = new Map<string, { listed: number; published: number }>();
  for (const m of messages) {
    const row = sent.get(m.id);
    if (row) row.published++;
    else sent.set(m.id, { listed: m.listed, published: 1 });
  }
  const done: string[] = [];
  let partly: { id: string; published: number } | undefined;
  for (const [id, { listed, published }] of sent) {
    if (published >= listed) done.push(id);
    else partly = { id, published };
  }
  return { done, partly };
}

/**
 * The Kafka message of an outbox row: its event in structured mode (one `content-type` header, the
 * CloudEvent the query built as the value, the partition key as the key), or as `enqueue` queued it.
 */
function messageOf(row: OutboxRow): Message {
  if (row.listed === null) return { key: row.key, value: row.value, headers: row.headers ?? {} };
  if (row.position === null || row.event_value === null) {
    throw new Error(
      `outbox row ${row.id} lists ${row.position === null ? 'no events' : `event position ${row.position}, which does not exist (or has no source, time or correlationId in its metadata)`}`,
    );
  }
  return { key: row.event_key, value: row.event_value, headers: structuredHeaders() };
}

/** kafkajs takes one message list per topic; the order inside each list is the outbox order. */
function groupByTopic(rows: readonly PendingMessage[]) {
  const byTopic = new Map<string, Message[]>();
  for (const r of rows) {
    let list = byTopic.get(r.topic);
    if (!list) byTopic.set(r.topic, (list = []));
    list.push(r.message);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

async function rollback(client: PoolClient): Promise<void> {
  await client.query('rollback').catch(() => undefined);
}

function isConnectionError(e: Error | undefined): boolean {
  if (!e) return false;
  const code = (e as { code?: string }).code;
  return code === undefined ? /connection|terminat|ECONN/i.test(e.message) : /^(08|57P)/.test(code) || /^E[A-Z]+$/.test(code);
}
