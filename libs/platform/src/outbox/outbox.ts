import type { Kafka, Producer } from 'kafkajs';
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
  /** The message value (the JSON text of the event data); null for a tombstone. */
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
  /** How long to wait after finding the outbox empty before looking again (default 25 ms). */
  idleDelayMs?: number;
  /**
   * The longest wait when the outbox stays empty (default 250 ms): each empty look doubles the
   * wait up to this, and any row found brings it back to `idleDelayMs`. An idle service then costs
   * a few queries a second instead of forty, at the price of at most this much delay for the first
   * event after a quiet spell.
   */
  maxIdleDelayMs?: number;
  /** Published rows older than this are deleted, checked once a minute (default 1 hour; 0 keeps them). */
  retentionMs?: number;
}

/**
 * Publishes the outbox to Kafka, in outbox id order, with kafkajs' idempotent producer
 * (`idempotent: true, maxInFlightRequests: 1`: per partition, messages land once per producer
 * session and in order, even when the client retries).
 *
 * Why a late commit can never be skipped: the relay keeps no "last published id". Each batch is
 * `select ... where published_at is null order by id limit N`, then exactly those ids are marked.
 * bigserial ids are taken when a row is inserted, not when its transaction commits, so a row with a
 * lower id can become visible after rows with higher ids were published. A relay that read
 * `id > lastSeen` would step over it forever; this scan simply finds it, unpublished, on its next
 * pass, because a row leaves the scan only by being marked published. (The other classic fix,
 * filtering by `xid8 < pg_snapshot_xmin(pg_current_snapshot())`, keeps a high-water mark but stalls
 * every row behind the oldest open transaction of the database; ours stalls nothing. Per partition
 * key no reordering is possible at all: appenders lock the key, see `EventStore.append`.)
 *
 * Several relays: each batch runs in a transaction that first takes `pg_try_advisory_xact_lock`;
 * a relay that does not get it waits. One batch at a time keeps per-key order across instances
 * (SKIP LOCKED would let two relays publish neighbouring rows of one key concurrently, out of
 * order). A relay that dies after Kafka acknowledged a batch but before its commit leaves the rows
 * unpublished: they are sent again (at least once) and consumers dedupe on `ce_id`.
 *
 * Wake-ups: short polling of the partial index `outbox_unpublished` (one cheap index probe per
 * `idleDelayMs`, backing off to `maxIdleDelayMs` while nothing comes; back-to-back batches under load). LISTEN/NOTIFY was not used because
 * NOTIFY serialises every committing writer on a global queue lock.
 */
export class OutboxRelay {
  private readonly log: BackboneLog;
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  private readonly maxIdleDelayMs: number;
  private readonly retentionMs: number;
  private producer?: Producer;
  private loop?: Promise<void>;
  private stopping = new AbortController();
  private lastPrune = 0;
  /** Messages published since start (for tests, metrics and the benchmark). */
  published = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.log = options.log ?? silentLog;
    this.batchSize = options.batchSize ?? 2000;
    this.idleDelayMs = options.idleDelayMs ?? 25;
    this.maxIdleDelayMs = Math.max(this.idleDelayMs, options.maxIdleDelayMs ?? 250);
    this.retentionMs = options.retentionMs ?? 3_600_000;
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
        if (n < this.batchSize) await sleep(n === 0 ? idle : this.idleDelayMs, signal);
        await this.pruneIfDue();
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
   * Publishes one batch of unpublished rows, oldest first, and marks them published.
   * Returns how many were published (0 when none, or when another relay holds the lock).
   */
  async publishBatch(): Promise<number> {
    const producer = await this.connectProducer();
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      const lock = await client.query<{ ok: boolean }>({ name: 'utilia_relay_lock', text: 'select pg_try_advisory_xact_lock($1, $2) as ok', values: [...RELAY_LOCK] });
      if (!lock.rows[0].ok) {
        await client.query('rollback');
        return 0;
      }
      // No `id > lastSeen` here, on purpose: see the class comment.
      const { rows } = await client.query<{ id: string; topic: string; key: string | null; headers: Record<string, string>; value: string | null }>({
        name: 'utilia_relay_select',
        text: 'select id, topic, key, headers, value from outbox where published_at is null order by id limit $1',
        values: [this.batchSize],
      });
      if (rows.length === 0) {
        await client.query('commit');
        return 0;
      }
      await producer.sendBatch({ topicMessages: groupByTopic(rows), acks: -1 });
      await client.query({ name: 'utilia_relay_mark', text: 'update outbox set published_at = now() where id = any($1::bigint[])', values: [rows.map((r) => r.id)] });
      await client.query('commit');
      this.published += rows.length;
      return rows.length;
    } catch (e) {
      broken = e as Error;
      await rollback(client);
      throw e;
    } finally {
      client.release(isConnectionError(broken) ? broken : undefined);
    }
  }

  private async pruneIfDue(): Promise<void> {
    if (this.retentionMs <= 0 || Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    await this.options.pool.query(`delete from outbox where published_at < now() - make_interval(secs => $1)`, [this.retentionMs / 1000]);
  }
}

/** kafkajs takes one message list per topic; the order inside each list is the outbox order. */
function groupByTopic(rows: ReadonlyArray<{ topic: string; key: string | null; headers: Record<string, string>; value: string | null }>) {
  const byTopic = new Map<string, Array<{ key: string | null; value: string | null; headers: Record<string, string> }>>();
  for (const r of rows) {
    let list = byTopic.get(r.topic);
    if (!list) byTopic.set(r.topic, (list = []));
    list.push({ key: r.key, value: r.value, headers: r.headers });
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
