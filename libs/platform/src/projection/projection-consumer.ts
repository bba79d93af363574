import { sqlOf, type Sql, type SqlExecutor } from '../backbone/sql';
import type { BackboneLog } from '../backbone/log';
import type { ConsumedEvent, ConsumerRunnerOptions, HandlerContext } from '../consumer/consumer-runner';
import { PARTITION_KEY_LOCK_CLASS } from '../event-store/event-store';
import { applyToProjection, fromConsumed, type AnyProjection, type ProjectionEvent } from './projection';
import { planStreamOrder } from './stream-order';

/** The advisory lock class (first int4 of the two-key form) of a feed's stream: one writer per stream and feed. */
export const FEED_STREAM_LOCK_CLASS = PARTITION_KEY_LOCK_CLASS + 2;

type Sequenced = ProjectionEvent & { streamVersion: number };

const isSequenced = (e: ProjectionEvent): e is Sequenced => e.streamVersion !== undefined;

/**
 * Applies events from Kafka to read models, each stream's events in version order and each once,
 * in the caller's transaction (the consumer's, with its inbox rows). `feed` names the progress
 * kept in `projection_feed_progress` (the last version applied per stream); an event that arrives
 * before an earlier version of its stream waits in `projection_feed_parked` until that version
 * comes, then both are applied in order. Messages without a stream version (not from an event
 * store) are applied as they come. Each stream of the batch is locked for the transaction, so two
 * partitions or instances holding events of one stream take turns instead of both deciding from
 * the same progress.
 *
 * A stream whose next version never comes (its message was dead-lettered: unknown type, bad schema)
 * keeps the later ones parked, logged as waiting, until a replay of the dead letter fills the gap:
 * nothing is lost and nothing applied out of order.
 */
export async function feedProjections(
  db: SqlExecutor,
  feed: string,
  projections: ReadonlyArray<AnyProjection>,
  events: readonly ProjectionEvent[],
  log?: BackboneLog,
): Promise<void> {
  const sql = sqlOf(db);
  const sequenced = events.filter(isSequenced);
  const plain = events.filter((e) => !isSequenced(e));
  let ready: ProjectionEvent[] = plain;
  if (sequenced.length > 0) {
    const streams = [...new Set(sequenced.map((e) => e.subject))].sort();
    await sql.query(
      `select count(pg_advisory_xact_lock(${FEED_STREAM_LOCK_CLASS}, hashtext($1 || ':' || s))) from (select s from unnest($2::text[]) s order by s) streams`,
      [feed, streams],
      'utilia_feed_lock',
    );
    const applied = await progressOf(sql, feed, streams);
    const parked = await parkedOf(sql, feed, streams);
    const plan = planStreamOrder(applied, parked, sequenced);
    ready = [...plan.ready, ...plain];
    await saveProgress(sql, feed, plan.progress);
    await unpark(sql, feed, plan.unparked);
    await park(sql, feed, plan.park);
    for (const [stream, version] of plan.waitingFor) {
      log?.write(
        'warn',
        `read models of ${feed} wait for version ${version} of stream ${stream}; later events of it are parked until it arrives`,
        { feed, stream, waitingFor: version },
        'projection',
      );
    }
  }
  for (const p of projections) await applyToProjection(sql, p, ready);
}

async function progressOf(sql: Sql, feed: string, streams: string[]): Promise<Map<string, number>> {
  const { rows } = await sql.query<{ stream_id: string; version: number }>(
    'select stream_id, version from projection_feed_progress where feed = $1 and stream_id = any($2::text[])',
    [feed, streams],
    'utilia_feed_progress',
  );
  return new Map(rows.map((r) => [r.stream_id, r.version]));
}

async function parkedOf(sql: Sql, feed: string, streams: string[]): Promise<Sequenced[]> {
  const { rows } = await sql.query<{ event: Sequenced }>(
    'select event from projection_feed_parked where feed = $1 and stream_id = any($2::text[]) order by stream_id, stream_version',
    [feed, streams],
    'utilia_feed_parked',
  );
  return rows.map((r) => r.event);
}

async function saveProgress(sql: Sql, feed: string, progress: Map<string, number>): Promise<void> {
  if (progress.size === 0) return;
  await sql.query(
    `insert into projection_feed_progress (feed, stream_id, version) select $1, s, v from unnest($2::text[], $3::int[]) as t(s, v)
     on conflict (feed, stream_id) do update set version = excluded.version`,
    [feed, [...progress.keys()], [...progress.values()]],
    'utilia_feed_save_progress',
  );
}

async function unpark(sql: Sql, feed: string, events: readonly Sequenced[]): Promise<void> {
  if (events.length === 0) return;
  await sql.query(
    'delete from projection_feed_parked p using unnest($2::text[], $3::int[]) as t(s, v) where p.feed = $1 and p.stream_id = t.s and p.stream_version = t.v',
    [feed, events.map((e) => e.subject), events.map((e) => e.streamVersion)],
  );
}

async function park(sql: Sql, feed: string, events: readonly Sequenced[]): Promise<void> {
  if (events.length === 0) return;
  await sql.query(
    `insert into projection_feed_parked (feed, stream_id, stream_version, event)
     select $1, e->>'subject', (e->>'streamVersion')::int, e from jsonb_array_elements($2::jsonb) e
     on conflict do nothing`,
    [feed, JSON.stringify(events)],
  );
}

/** What {@link projectionConsumer} needs: the group (also the feed's name), its topics and read models. */
export interface ProjectionConsumerOptions {
  groupId: string;
  topics: string[];
  projections: ReadonlyArray<AnyProjection>;
  log?: BackboneLog;
}

/**
 * A consumer that keeps read models from another context's events: give it to
 * `BackboneModule.forService({ consumers: [...] })`. See {@link feedProjections}.
 */
export function projectionConsumer(options: ProjectionConsumerOptions): Pick<ConsumerRunnerOptions, 'groupId' | 'topics' | 'handleBatch'> {
  const { groupId, topics, projections, log } = options;
  return {
    groupId,
    topics,
    handleBatch: (events: ConsumedEvent[], ctx: HandlerContext) => feedProjections(ctx.sql, groupId, projections, events.map(fromConsumed), log),
  };
}
