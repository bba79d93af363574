import { ContractError, deadLetterTopic, readKafkaMessage, type EventEnvelope, type EventRegistry } from '@utilia/contracts';
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { backoffDelay, retryUntilReady } from '../config/retry';
import { ensureTopics } from '../kafka/kafka';
import { silentLog, sleep, type BackboneLog } from '../backbone/log';
import { sqlOf, type Sql } from '../backbone/sql';
import { deadLetter, type DlqReason, type FailedMessage } from '../dlq/dlq';
import { runWithTrace } from '../tracing/trace-context';

/**
 * Thrown by a handler for a message that can never succeed as it is (the domain rejects it, it
 * refers to something that does not exist): the message goes to the dead-letter topic and the
 * partition moves on. Any other error is taken as transient and retried with backoff.
 */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

/** An event as a handler gets it: the decoded, validated, upcast envelope and where it came from. */
export interface ConsumedEvent<T = unknown> extends EventEnvelope<T> {
  topic: string;
  partition: number;
  offset: string;
  /** The producer's global position (CloudEvents `sequence` extension), when it came from an event store. */
  sequence?: number;
  /** The version of the event in its stream, when it came from an event store. */
  streamVersion?: number;
}

/** The handler's transaction: raw SQL always, and a TypeORM manager when the runner was given a DataSource. */
export interface HandlerContext {
  sql: Sql;
  manager?: EntityManager;
}

export interface ConsumerRunnerOptions {
  kafka: Kafka;
  /** The service database: a TypeORM DataSource (handlers get `ctx.manager`) or a pg pool. */
  db: DataSource | Pool;
  /** Consumer group; also the inbox's consumer name and the DLQ topic `<group>.dlq`. */
  groupId: string;
  topics: string[];
  registry: EventRegistry;
  /** Applies one event, inside the transaction that also records it in the inbox. */
  handle?: (event: ConsumedEvent, ctx: HandlerContext) => Promise<void>;
  /**
   * Applies the new (not yet seen) events of a chunk at once, in order, e.g. with multi-row SQL.
   * Used instead of `handle` when given; when it throws a PermanentError the chunk is redone one
   * event at a time (`handleBatch` of a single event), so only the rejected event is dead-lettered.
   */
  handleBatch?: (events: ConsumedEvent[], ctx: HandlerContext) => Promise<void>;
  log?: BackboneLog;
  /** Messages per database transaction (default 500). */
  chunkSize?: number;
  /** Partitions processed in parallel, each on its own connection (default 1). */
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
  /** Put before `groupId` for the Kafka consumer group only (the inbox name and DLQ topic keep `groupId`). */
  groupPrefix?: string;
  /**
   * Where the Kafka group starts when it has no committed offset on a partition: the first message
   * at or after this instant (ms) instead of the beginning. Committed offsets always win, so a
   * restarted service continues where it stopped.
   */
  newGroupFrom?: number;
  /** Passed to kafkajs (defaults: session 30 s, heartbeat 3 s). */
  sessionTimeout?: number;
  heartbeatInterval?: number;
  /**
   * kafkajs' fetch settings: the broker answers a fetch once it has `minBytes` for this consumer or
   * `maxWaitTimeInMs` passed (defaults 1 byte and 5 s: every fetch returns as soon as anything came).
   */
  minBytes?: number;
  maxWaitTimeInMs?: number;
}

type Decoded = { ok: true; event: ConsumedEvent; raw: KafkaMessage } | { ok: false; raw: KafkaMessage; reason: DlqReason; error: string };

interface Tx {
  ctx: HandlerContext;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

function isDataSource(db: DataSource | Pool): db is DataSource {
  return typeof (db as DataSource).createQueryRunner === 'function';
}

function reasonOf(e: unknown): DlqReason | undefined {
  if (e instanceof PermanentError) return 'rejected';
  if (e instanceof ContractError) return e.code === 'unknown-event-type' ? 'unknown-type' : e.code === 'invalid-data' ? 'schema-invalid' : 'unparsable';
  return undefined;
}

/**
 * Runs `attempt` again while it fails with an error Kafka calls retriable (a group coordinator still
 * loading, e.g. on a fresh broker), up to ten times.
 */
async function retryRetriable<T>(attempt: () => Promise<T>, signal: AbortSignal): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (n >= 9 || !(e as { retriable?: boolean }).retriable) throw e;
      await sleep(backoffDelay(n, 200, 3000), signal);
    }
  }
}

/**
 * Runs a kafkajs consumer group whose effects happen exactly once:
 *
 * For each chunk of a fetched batch: decode each message (CloudEvents envelope, schema check,
 * upcast), then in ONE database transaction insert the inbox rows `(group, CloudEvents id)` with
 * `on conflict do nothing`, run the handler for the events whose row was new, commit. Duplicates
 * (redelivery, replays, a relay that re-sent after a crash) find their inbox row and are skipped.
 *
 * Offsets: `eachBatch` with `eachBatchAutoResolve: false`; an offset is resolved only after the
 * transaction holding its effects committed (and its dead letters were acknowledged by Kafka), and
 * kafkajs commits only resolved offsets (after each chunk here, at the end of each batch, and before
 * leaving the group on rebalance or shutdown). So a committed offset never covers an uncommitted
 * effect (nothing lost), and an effect committed without its offset (crash, rebalance in between)
 * is redelivered and skipped by the inbox (nothing doubled). Between chunks the runner checks
 * `isRunning()`/`isStale()`, so shutdown and rebalance wait at most one chunk.
 *
 * Failures: a ContractError while decoding (unparsable, unknown type, schema-invalid) or a
 * PermanentError from the handler sends the message to `<group>.dlq` with `dlq_*` headers and the
 * partition moves on. Anything else (connection lost, deadlock, broker away) rolls the chunk back
 * and retries it with backoff, for as long as it takes (a partition waits rather than skip). The fast path runs a chunk without savepoints; only when a handler
 * throws a PermanentError is the chunk redone with one savepoint per message, so one bad message
 * does not cost the others their work.
 */
export class ConsumerRunner {
  private readonly log: BackboneLog;
  private readonly chunkSize: number;
  private consumer?: Consumer;
  private dlqProducer?: Producer;
  private readonly stopping = new AbortController();
  /** The start in progress, which `stop()` waits for so nothing connects after the runner stopped. */
  private starting?: Promise<void>;
  /** Events applied (new inbox rows) and dead-lettered since start. */
  readonly stats = { applied: 0, duplicates: 0, deadLettered: 0 };

  constructor(private readonly options: ConsumerRunnerOptions) {
    if (!options.handle && !options.handleBatch) throw new Error('a consumer needs handle or handleBatch');
    this.log = options.log ?? silentLog;
    this.chunkSize = options.chunkSize ?? 500;
  }

  get dlqTopic(): string {
    return deadLetterTopic(this.options.groupId);
  }

  /** The Kafka consumer group: the declared group id behind the configured prefix. */
  get kafkaGroupId(): string {
    return `${this.options.groupPrefix ?? ''}${this.options.groupId}`;
  }

  /**
   * Commits, for the partitions where the group has no offset yet, the first offset at or after
   * `ms` (the end when nothing is that recent), so a new group does not read the topics' history.
   */
  private async startNewGroupAt(admin: Admin, ms: number): Promise<void> {
    const groupId = this.kafkaGroupId;
    const committed = await retryRetriable(() => admin.fetchOffsets({ groupId, topics: this.options.topics }), this.stopping.signal);
    for (const { topic, partitions } of committed) {
      const missing = new Set(partitions.filter((p) => Number(p.offset) < 0).map((p) => p.partition));
      if (missing.size === 0) continue;
      const at = (await admin.fetchTopicOffsetsByTimestamp(topic, ms)).filter((p) => missing.has(p.partition));
      await admin.setOffsets({ groupId, topic, partitions: at.map((p) => ({ partition: p.partition, offset: p.offset })) });
      this.log.write('info', `consumer group ${groupId} starts ${topic} at ${new Date(ms).toISOString()}`, { offsets: at }, 'consumer');
    }
  }

  /** Creates the DLQ topic if needed, joins the group and starts consuming. */
  async start(): Promise<void> {
    const { kafka, groupId } = this.options;
    // Each step waits on the broker; a stop() meanwhile must not be followed by a late connect.
    const stillWanted = () => {
      if (this.stopping.signal.aborted) throw new Error(`consumer group ${groupId} was stopped while starting`);
    };
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [{ topic: this.dlqTopic, partitions: 1 }]);
      if (this.options.newGroupFrom !== undefined) await this.startNewGroupAt(admin, this.options.newGroupFrom);
    } finally {
      await admin.disconnect();
    }
    stillWanted();
    this.dlqProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.dlqProducer.connect();
    stillWanted();
    const consumer = kafka.consumer({
      groupId: this.kafkaGroupId,
      sessionTimeout: this.options.sessionTimeout ?? 30_000,
      heartbeatInterval: this.options.heartbeatInterval ?? 3000,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 4 * 1024 * 1024,
      minBytes: this.options.minBytes,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs,
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 5000 },
    });
    this.consumer = consumer;
    // kafkajs gives up on a group for good when an error it calls non-retriable ends its retries
    // (the group coordinator not found while the broker restarts): start the group again ourselves.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stopping.signal.aborted) return;
      this.log.write('warn', `consumer group ${groupId} stopped on ${payload.error.name}: ${payload.error.message}; starting it again`, {}, 'consumer');
      void this.restartAfterCrash(consumer);
    });
    await consumer.connect();
    stillWanted();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    stillWanted();
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      // Any resolved offset may be committed at any time: it is resolved only after its DB commit.
      autoCommitThreshold: 1,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /**
   * Starts, and when the broker cannot be reached yet, retries with backoff and logs why each time,
   * until it joins or `stop()` is called. Services start their consumers this way, so a broker that
   * is down at boot delays consuming instead of leaving the consumer silently dead.
   */
  async startWhenReady(): Promise<void> {
    const group = this.options.groupId;
    const log = {
      warn: (msg: string, f?: Record<string, unknown>) => this.log.write('warn', msg, { consumerGroup: group, ...f }, 'consumer'),
      info: (msg: string, f?: Record<string, unknown>) => this.log.write('info', msg, { consumerGroup: group, ...f }, 'consumer'),
    };
    this.starting = retryUntilReady(
      `consumer group ${group}`,
      async () => {
        try {
          await this.start();
        } catch (e) {
          // Leave nothing half-connected before the next attempt.
          await this.consumer?.disconnect().catch(() => undefined);
          await this.dlqProducer?.disconnect().catch(() => undefined);
          this.consumer = undefined;
          this.dlqProducer = undefined;
          throw e;
        }
      },
      log,
      { maxMs: 30_000, signal: this.stopping.signal },
    ).catch(() => undefined);
    await this.starting;
  }

  /** After kafkajs stopped `crashed` for good: everything of it closed, then started as at boot (with backoff until the broker answers). */
  private async restartAfterCrash(crashed: Consumer): Promise<void> {
    if (this.consumer !== crashed) return;
    await crashed.disconnect().catch(() => undefined);
    await this.dlqProducer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
    this.dlqProducer = undefined;
    if (!this.stopping.signal.aborted) await this.startWhenReady();
  }

  /** Finishes the chunk in flight, commits its offsets and leaves the group. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.starting;
    await this.consumer?.disconnect().catch(() => undefined);
    await this.dlqProducer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
    this.dlqProducer = undefined;
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    for (let i = 0; i < batch.messages.length; i += this.chunkSize) {
      if (!isRunning() || isStale() || this.stopping.signal.aborted) return;
      const chunk = batch.messages.slice(i, i + this.chunkSize);
      const decoded = chunk.map((m) => this.decode(topic, partition, m));
      const applied = await this.withRetry(() => this.apply(decoded.filter((d): d is Extract<Decoded, { ok: true }> => d.ok)), heartbeat, isRunning);
      if (!applied) return; // stopping: nothing of this chunk is resolved, it will be redelivered
      const failures: Array<{ failed: FailedMessage; reason: DlqReason; error: string }> = [
        ...decoded
          .filter((d): d is Extract<Decoded, { ok: false }> => !d.ok)
          .map((d) => ({ failed: { topic, partition, message: d.raw }, reason: d.reason, error: d.error })),
        ...applied.value,
      ];
      if (failures.length > 0 && !(await this.withRetry(() => this.sendToDlq(failures), heartbeat, isRunning))) return;
      resolveOffset(chunk[chunk.length - 1].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private decode(topic: string, partition: number, raw: KafkaMessage): Decoded {
    try {
      // Structured mode (what Utilia publishes) or binary mode (earlier versions, other producers).
      const read = readKafkaMessage(raw);
      const envelope = this.options.registry.decode(read.envelope);
      // The envelope was made for this message: extend it rather than copy it (a spread of it cost
      // more than decoding the whole message).
      const event: ConsumedEvent = Object.assign(envelope, { topic, partition, offset: raw.offset });
      if (read.sequence !== undefined) event.sequence = Number(read.sequence);
      if (read.streamVersion !== undefined) event.streamVersion = read.streamVersion;
      return { ok: true, event, raw };
    } catch (e) {
      const reason = reasonOf(e);
      if (!reason) throw e;
      return { ok: false, raw, reason, error: (e as Error).message };
    }
  }

  /**
   * Runs `attempt` until it succeeds; transient errors back off (heartbeating, so the group keeps
   * us). Returns undefined when the consumer is stopping.
   */
  private async withRetry<T>(attempt: () => Promise<T>, heartbeat: () => Promise<void>, isRunning: () => boolean): Promise<{ value: T } | undefined> {
    for (let n = 0; ; n++) {
      try {
        return { value: await attempt() };
      } catch (e) {
        const delayMs = backoffDelay(n, 100, 5000);
        this.log.write(
          'warn',
          `consumer ${this.options.groupId} failed: ${(e as Error).message}; retrying in ${delayMs} ms`,
          { attempt: n + 1, delayMs },
          'consumer',
        );
        await sleep(delayMs, this.stopping.signal);
        if (!isRunning() || this.stopping.signal.aborted) return undefined;
        await heartbeat();
      }
    }
  }

  private async begin(): Promise<Tx & { release(e?: Error): Promise<void> }> {
    const db = this.options.db;
    if (isDataSource(db)) {
      const runner: QueryRunner = db.createQueryRunner();
      await runner.startTransaction();
      return {
        ctx: { sql: sqlOf(runner), manager: runner.manager },
        commit: () => runner.commitTransaction(),
        rollback: () => runner.rollbackTransaction().catch(() => undefined),
        release: () => runner.release(),
      };
    }
    const client: PoolClient = await db.connect();
    try {
      await client.query('begin');
    } catch (e) {
      client.release(e as Error);
      throw e;
    }
    return {
      ctx: { sql: sqlOf(client) },
      commit: async () => void (await client.query('commit')),
      rollback: async () => void (await client.query('rollback').catch(() => undefined)),
      release: async (e?: Error) => client.release(e),
    };
  }

  /** Applies a chunk in one transaction; returns the messages to dead-letter. */
  private async apply(events: Array<Extract<Decoded, { ok: true }>>): Promise<Array<{ failed: FailedMessage; reason: DlqReason; error: string }>> {
    if (events.length === 0) return [];
    // A chunk may carry the same event twice (a relay re-send): keep the first.
    const seen = new Set<string>();
    const unique = events.filter((d) => (seen.has(d.event.id) ? false : (seen.add(d.event.id), true)));
    const first = await this.inTx(async (tx) => {
      // Returns the ids that were in the inbox already (usually none), not the new ones.
      const { rows } = await tx.ctx.sql.query<{ event_id: string }>(
        `with fresh as (insert into inbox (consumer, event_id) select $1, unnest($2::text[]) on conflict do nothing returning event_id)
         select unnest($2::text[]) as event_id except all select event_id from fresh`,
        [this.options.groupId, unique.map((d) => d.event.id)],
        'utilia_inbox_insert_seen',
      );
      const seenBefore = new Set(rows.map((r) => r.event_id));
      const unseen = seenBefore.size === 0 ? unique : unique.filter((d) => !seenBefore.has(d.event.id));
      await this.run(
        unseen.map((d) => d.event),
        tx.ctx,
      );
      return unseen.length;
    }).catch((e) => {
      // A rejected event: roll the whole chunk back (inTx did) and redo it message by message.
      if (reasonOf(e)) return undefined;
      throw e;
    });
    if (first !== undefined) {
      this.stats.duplicates += events.length - first;
      this.stats.applied += first;
      return [];
    }
    // Slow path: one savepoint per message, so only the rejected ones are left out.
    return this.inTx(async (tx) => {
      const dead: Array<{ failed: FailedMessage; reason: DlqReason; error: string }> = [];
      let applied = 0;
      for (const d of unique) {
        await tx.ctx.sql.query('savepoint one_message');
        const { rows } = await tx.ctx.sql.query('insert into inbox (consumer, event_id) values ($1, $2) on conflict do nothing returning event_id', [
          this.options.groupId,
          d.event.id,
        ]);
        if (rows.length === 0) {
          await tx.ctx.sql.query('release savepoint one_message');
          continue;
        }
        try {
          await this.run([d.event], tx.ctx);
          await tx.ctx.sql.query('release savepoint one_message');
          applied++;
        } catch (e) {
          const reason = reasonOf(e);
          if (!reason) throw e;
          await tx.ctx.sql.query('rollback to savepoint one_message');
          dead.push({ failed: { topic: d.event.topic, partition: d.event.partition, message: d.raw }, reason, error: (e as Error).message });
        }
      }
      this.stats.applied += applied;
      this.stats.duplicates += events.length - applied - dead.length;
      return dead;
    });
  }

  private async run(events: ConsumedEvent[], ctx: HandlerContext): Promise<void> {
    if (events.length === 0) return;
    const { handle, handleBatch } = this.options;
    if (handleBatch) {
      // The batch continues the trace of its first event; single events get their own.
      await runWithTrace(events[0], () => handleBatch(events, ctx));
    } else if (handle) {
      for (const e of events) await runWithTrace(e, () => handle(e, ctx));
    }
  }

  private async inTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const tx = await this.begin();
    let broken: Error | undefined;
    try {
      const result = await fn(tx);
      await tx.commit();
      return result;
    } catch (e) {
      broken = e as Error;
      await tx.rollback();
      throw e;
    } finally {
      await tx.release(broken && /connection|terminat|ECONN/i.test(broken.message) ? broken : undefined);
    }
  }

  private async sendToDlq(failures: Array<{ failed: FailedMessage; reason: DlqReason; error: string }>): Promise<void> {
    const now = new Date();
    for (const f of failures) {
      this.log.write(
        'warn',
        `dead-lettered a message: ${f.reason}: ${f.error}`,
        { topic: f.failed.topic, partition: f.failed.partition, offset: f.failed.message.offset, dlq: this.dlqTopic },
        'consumer',
      );
    }
    const producer = this.dlqProducer;
    if (!producer) throw new Error(`consumer ${this.options.groupId} is not started`);
    await producer.send({
      topic: this.dlqTopic,
      acks: -1,
      messages: failures.map((f) => deadLetter(this.options.groupId, f.failed, f.reason, f.error, now)),
    });
    this.stats.deadLettered += failures.length;
  }
}
