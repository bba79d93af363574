import { toKafkaMessage, type EventEnvelope } from '@utilia/contracts';
import type { DataSource } from 'typeorm';
import { createTopic, freshBackboneDatabase, increment, testKafka, testRegistry, unique, type CounterIncremented } from '../backbone/test-kit';
import { ConsumerRunner } from '../consumer/consumer-runner';
import { eventually } from '../testing';
import { applyToProjection, type Projection, type ProjectionRow } from './projection';
import { projectionConsumer } from './projection-consumer';

interface HistoryRow extends ProjectionRow {
  id: string;
  seen: number[];
  last_n: number;
}

/** An order-sensitive read model: every increment's number, in the order applied. */
const historyOf = (table: string): Projection<HistoryRow> => ({
  table,
  rowKey: (e) => e.subject,
  evolve: (row, e) => {
    const { n } = e.data as CounterIncremented;
    return { id: e.subject, seen: [...(row?.seen ?? []), n], last_n: n };
  },
});

const tableSql = (table: string) =>
  `create table ${table} (id text primary key, seen jsonb not null, last_n integer not null, stream_versions jsonb not null default '{}', revision integer not null default 0, last_event_id text not null)`;

/** Deterministic shuffle (a seeded LCG), so a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('a read model fed from Kafka', () => {
  let ds: DataSource;
  const kafka = testKafka();
  const registry = testRegistry();

  beforeAll(async () => {
    ds = await freshBackboneDatabase('utilia_test_backbone_feed', 10);
  });
  afterAll(() => ds?.destroy());

  it('events of one stream delivered through several partitions, reordered and duplicated, give the same row as a replay', async () => {
    const topic = unique('feed-reordered');
    const group = unique('feed');
    await createTopic(kafka, topic, 3);
    await ds.query(tableSql('feed_rows'));
    await ds.query(tableSql('replay_rows'));
    const streams = ['sp-a', 'sp-b'].map((s) => `${group}-${s}`);
    const events: Array<{ envelope: EventEnvelope; streamVersion: number }> = streams.flatMap((s) =>
      Array.from({ length: 15 }, (_, i) => ({ envelope: increment(s, i + 1), streamVersion: i + 1 })),
    );

    // The way an event's partition key can change within a stream (a point's events keyed by the
    // account on supply): each event goes to some partition, in an order of its own, some twice.
    const deliveries = shuffled([...events, ...events.filter((_, i) => i % 4 === 0)], 7).map((e, i) => ({ ...e, partition: (i * 7 + e.streamVersion) % 3 }));
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const waits: string[] = [];
    const log = { write: (_level: string, msg: string) => void waits.push(msg) };
    const consumer = new ConsumerRunner({
      kafka,
      db: ds,
      registry,
      ...projectionConsumer({ groupId: group, topics: [topic], projections: [historyOf('feed_rows')], log }),
      chunkSize: 4,
    });
    try {
      // In a few sends, so the consumer sees the stream's events over several batches.
      for (let at = 0; at < deliveries.length; at += 9) {
        const slice = deliveries.slice(at, at + 9);
        await producer.send({
          topic,
          acks: -1,
          messages: slice.map((d) => ({ ...toKafkaMessage(d.envelope, { streamVersion: d.streamVersion }), partition: d.partition })),
        });
      }
      await consumer.start();
      const full = async () => (await ds.query(`select count(*)::int as n from feed_rows where jsonb_array_length(seen) = 15`))[0].n === 2;
      expect(await eventually(full, 30_000)).toBe(true);
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }

    // The replay: every event once, in stream order, straight into the other table.
    await ds.transaction((m) =>
      applyToProjection(
        m,
        historyOf('replay_rows'),
        events.map((e) => ({ id: e.envelope.id, type: e.envelope.type, subject: e.envelope.subject, data: e.envelope.data, streamVersion: e.streamVersion })),
      ),
    );
    const rows = (table: string) => ds.query(`select id, seen, last_n, stream_versions, last_event_id from ${table} order by id`);
    const fed = await rows('feed_rows');
    expect(fed).toEqual(await rows('replay_rows'));
    // It was not in order by luck: events did arrive ahead of their turn and waited.
    expect(waits.some((m) => /wait for version \d+ of stream/.test(m))).toBe(true);
    expect(fed.map((r: HistoryRow) => r.seen)).toEqual([Array.from({ length: 15 }, (_, i) => i + 1), Array.from({ length: 15 }, (_, i) => i + 1)]);
    expect(await ds.query('select count(*)::int as n from projection_feed_parked where feed = $1', [group])).toEqual([{ n: 0 }]);
    expect(await ds.query('select stream_id, version from projection_feed_progress where feed = $1 order by stream_id', [group])).toEqual(
      streams.map((s) => ({ stream_id: s, version: 15 })),
    );
  });
});
