import { toKafkaMessage } from '@utilia/contracts';
import type { DataSource } from 'typeorm';
import { eventually } from '../testing';
import { poolOf, sleep, type BackboneLog } from '../backbone/log';
import { countInto, createCounterTable, createTopic, freshBackboneDatabase, increment, testKafka, testRegistry, unique } from '../backbone/test-kit';
import { listDeadLetters, replayDeadLetters } from '../dlq/dlq';
import { EventStore, StreamVersionConflict } from '../event-store/event-store';
import { OutboxRelay } from '../outbox/outbox';
import { ConsumerRunner } from './consumer-runner';

describe('the outbox relay and the consumer runner', () => {
  let ds: DataSource;
  const kafka = testKafka();
  const registry = testRegistry();

  beforeAll(async () => {
    ds = await freshBackboneDatabase('utilia_test_backbone_flow', 30);
  });
  afterAll(() => ds?.destroy());

  /** A fresh topic, consumer group and effects table (`counters_<name>`) for one test. */
  async function scenario(name: string, partitions: number): Promise<{ topic: string; group: string; table: string }> {
    const made = { topic: unique(`backbone-${name}`), group: unique(name), table: `counters_${name}` };
    await createTopic(kafka, made.topic, partitions);
    await createCounterTable(ds, made.table);
    return made;
  }

  it('10,000 events appended by concurrent writers on 100 streams all reach Kafka in stream order per key, and take effect exactly once', async () => {
    const { topic, group, table } = await scenario('flow', 6);
    const store = new EventStore({ registry, topicOf: () => topic });
    const relay = new OutboxRelay({ pool: poolOf(ds), kafka, batchSize: 1000 });
    const consumer = new ConsumerRunner({
      kafka,
      db: ds,
      groupId: group,
      topics: [topic],
      registry,
      handle: countInto(table),
      partitionsConsumedConcurrently: 3,
    });
    await relay.start();
    await consumer.start();
    try {
      const streams = Array.from({ length: 100 }, (_, i) => `${group}-s${i}`);
      const left = new Map(streams.map((s) => [s, 100]));
      let conflicts = 0;
      const writer = async () => {
        for (;;) {
          const open = [...left].filter(([, n]) => n > 0);
          if (open.length === 0) return;
          const [s, n] = open[Math.floor(Math.random() * open.length)];
          const k = Math.min(n, 1 + Math.floor(Math.random() * 10));
          left.set(s, n - k);
          for (;;) {
            try {
              await ds.transaction(async (m) => {
                const v = await store.streamVersion(m, s);
                await store.append(
                  m,
                  s,
                  v,
                  Array.from({ length: k }, (_, i) => increment(s, v + i + 1)),
                );
              });
              break;
            } catch (e) {
              if (!(e instanceof StreamVersionConflict)) throw e;
              conflicts++;
            }
          }
        }
      };
      await Promise.all(Array.from({ length: 20 }, writer));
      const [{ count }] = await ds.query('select count(*)::int as count from events where stream_id like $1', [`${group}-%`]);
      expect(count).toBe(10_000);

      const done = await eventually(async () => {
        const [r] = await ds.query(`select coalesce(sum(applied), 0)::int as n from ${table}`);
        return r.n >= 10_000;
      }, 90_000);
      expect(done).toBe(true);
      const rows = await ds.query(
        `select count(*)::int as streams, sum(applied)::int as applied, min(applied) as min, max(applied) as max, sum(out_of_order)::int as out_of_order from ${table}`,
      );
      expect(rows[0]).toEqual({ streams: 100, applied: 10_000, min: 100, max: 100, out_of_order: 0 });
      const [inbox] = await ds.query('select count(*)::int as n from inbox where consumer = $1', [group]);
      expect(inbox.n).toBe(10_000);
      expect(consumer.stats.deadLettered).toBe(0);
      // Writers did race on streams (the conflict-and-retry path ran), yet nothing is out of order.
      expect(conflicts).toBeGreaterThan(0);
    } finally {
      await consumer.stop();
      await relay.stop();
    }
  }, 150_000);

  it('every message delivered twice takes effect once', async () => {
    const { topic, group, table } = await scenario('twice', 3);
    const store = new EventStore({ registry, topicOf: () => topic });
    const relay = new OutboxRelay({ pool: poolOf(ds), kafka });
    for (let s = 0; s < 10; s++) {
      const stream = `${group}-s${s}`;
      await ds.transaction((m) =>
        store.append(
          m,
          stream,
          0,
          Array.from({ length: 20 }, (_, i) => increment(stream, i + 1)),
        ),
      );
    }
    // Publish everything, then queue it all again (a relay that died before deleting its
    // batches): the relay sends every message a second time.
    while ((await relay.publishBatch()) > 0);
    await ds.query(`insert into outbox (topic, positions) select $1, array_agg(position order by position) from events where stream_id like $2`, [
      topic,
      `${group}-%`,
    ]);
    while ((await relay.publishBatch()) > 0);
    await relay.stop();
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(400);

    const consumer = new ConsumerRunner({ kafka, db: ds, groupId: group, topics: [topic], registry, handle: countInto(table), chunkSize: 7 });
    await consumer.start();
    try {
      expect(await eventually(async () => consumer.stats.applied + consumer.stats.duplicates >= 400, 30_000)).toBe(true);
      const rows = await ds.query(`select sum(applied)::int as applied, min(applied) as min, sum(out_of_order)::int as out_of_order from ${table}`);
      expect(rows[0]).toEqual({ applied: 200, min: 20, out_of_order: 0 });
      expect(consumer.stats).toMatchObject({ applied: 200, duplicates: 200 });
    } finally {
      await consumer.stop();
    }
  });

  it('a transient failure rolls its chunk back and retries it, waiting longer each time, until it passes: effects once, nothing dead-lettered', async () => {
    const { topic, group, table } = await scenario('transient', 1);
    const counter = `${group}-c`;
    const count = countInto(table);
    let failures = 0;
    const waits: number[] = [];
    const log: BackboneLog = { write: (level, msg, fields) => void (level === 'warn' && /simulated/.test(msg) && waits.push(fields?.delayMs as number)) };
    const consumer = new ConsumerRunner({
      kafka,
      db: ds,
      groupId: group,
      topics: [topic],
      registry,
      log,
      handle: async (e, ctx) => {
        await count(e, ctx); // the effect is written, then its transaction fails: it must not stay
        if ((e.data as { n: number }).n === 3 && failures < 3) {
          failures++;
          throw new Error('could not serialize access due to concurrent update (simulated)');
        }
      },
    });
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic, messages: [1, 2, 3, 4, 5].map((n) => toKafkaMessage(increment(counter, n))) });
    await consumer.start();
    try {
      expect(await eventually(async () => (await ds.query(`select applied from ${table} where id = $1`, [counter]))[0]?.applied === 5, 30_000)).toBe(true);
      await sleep(300); // a doubled effect would land by now
      expect((await ds.query(`select applied, version, out_of_order from ${table} where id = $1`, [counter]))[0]).toEqual({
        applied: 5,
        version: 5,
        out_of_order: 0,
      });
      expect(failures).toBe(3);
      expect(waits).toEqual([100, 200, 400]);
      expect(consumer.stats).toMatchObject({ applied: 5, deadLettered: 0 });
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
  });

  it('an unparsable and a schema-invalid message go to the DLQ with their reason, the messages after them are processed, and a replayed dead letter is applied', async () => {
    const { topic, group, table } = await scenario('dlq', 1);
    let closed = true;
    const consumer = new ConsumerRunner({
      kafka,
      db: ds,
      groupId: group,
      topics: [topic],
      registry,
      handle: countInto(table, (d) => closed && d.counter === 'c-closed'),
    });
    const producer = kafka.producer();
    await producer.connect();
    const good = (c: string, n: number) => toKafkaMessage(increment(c, n));
    const invalid = toKafkaMessage({ ...increment('c-bad', 1), data: { counter: 'c-bad', n: 'one' } });
    await producer.send({
      topic,
      messages: [
        good('c-ok', 1),
        { key: 'c-ok', value: 'this is not an envelope', headers: { origin: 'a head-end with a bug' } },
        invalid,
        good('c-closed', 1),
        good('c-ok', 2),
      ],
    });
    await producer.disconnect();
    await consumer.start();
    try {
      expect(await eventually(async () => consumer.stats.applied >= 2 && consumer.stats.deadLettered >= 3, 30_000)).toBe(true);
      expect(await ds.query(`select id, applied, version from ${table}`)).toEqual([{ id: 'c-ok', applied: 2, version: 2 }]);
      const dead = await listDeadLetters(kafka, group);
      expect(dead.map((d) => [d.reason, d.originalTopic, d.originalOffset])).toEqual([
        ['unparsable', topic, '1'],
        ['schema-invalid', topic, '2'],
        ['rejected', topic, '3'],
      ]);
      expect(dead[0].error).toMatch(/ce_specversion/);
      expect(dead[0].value?.toString()).toBe('this is not an envelope');
      expect(dead[0].headers.origin.toString()).toBe('a head-end with a bug');
      expect(dead[1].error).toMatch(/data\/n must be integer/);
      expect(dead[2].error).toBe('counter c-closed is closed');

      // The counter is opened: replaying its dead letter applies it.
      closed = false;
      const replayed = await replayDeadLetters(kafka, group, { offset: dead[2].offset });
      expect(replayed).toHaveLength(1);
      expect(await eventually(async () => (await ds.query(`select 1 from ${table} where id = 'c-closed'`)).length === 1, 30_000)).toBe(true);
    } finally {
      await consumer.stop();
    }
  });

  // Partitions moving between the instances of a consuming service while events flow: a second
  // instance joins (a rebalance takes partitions from the first), then the first shuts down (its
  // partitions move to the second). Each instance's in-flight chunk either commits with its
  // offsets or is redelivered to the new owner and skipped by the inbox.
  it('a consumer group loses and doubles no effect when an instance joins and another shuts down mid-flow', async () => {
    const { topic, group, table } = await scenario('rebalance', 6);
    const store = new EventStore({ registry, topicOf: () => topic });
    const relay = new OutboxRelay({ pool: poolOf(ds), kafka, batchSize: 100 });
    // Small chunks: many transactions per fetched batch, so the hand-overs land in the middle of batches.
    const instance = () => new ConsumerRunner({ kafka, db: ds, groupId: group, topics: [topic], registry, handle: countInto(table), chunkSize: 10 });
    const first = instance();
    const second = instance();
    const streams = Array.from({ length: 60 }, (_, i) => `${group}-s${i}`);
    const perStream = 40;
    const total = streams.length * perStream;
    await relay.start();
    await first.start();
    try {
      // Appends spread over ~8 s: each stream gets its events two at a time, a third of a second apart.
      let appended = 0;
      const writing = Promise.all(
        streams.map(async (s, i) => {
          await sleep(i * 5);
          for (let v = 0; v < perStream; v += 2) {
            await store.append(poolOf(ds), s, v, [increment(s, v + 1), increment(s, v + 2)]);
            appended += 2;
            await sleep(350);
          }
        }),
      );
      expect(await eventually(async () => appended >= total / 3, 30_000, 20)).toBe(true);
      await second.start(); // joins: the group rebalances while the first is applying
      expect(await eventually(async () => second.stats.applied > 0 && appended >= (total * 2) / 3, 60_000, 20)).toBe(true);
      await first.stop(); // shuts down: finishes its chunk, commits, leaves; the second takes over
      await writing;

      const done = await eventually(async () => {
        const [r] = await ds.query(`select coalesce(sum(applied), 0)::int as n from ${table}`);
        return r.n >= total;
      }, 90_000);
      expect(done).toBe(true);
      await sleep(500); // anything doubled would land by now
      const [rows] = await ds.query(
        `select count(*)::int as streams, sum(applied)::int as applied, min(applied) as min, max(applied) as max, sum(out_of_order)::int as out_of_order from ${table}`,
      );
      expect(rows).toEqual({ streams: streams.length, applied: total, min: perStream, max: perStream, out_of_order: 0 });
      const [inbox] = await ds.query('select count(*)::int as n from inbox where consumer = $1', [group]);
      expect(inbox.n).toBe(total);
      // Both instances did part of the work, and between them every event took effect once.
      expect(first.stats.applied).toBeGreaterThan(0);
      expect(second.stats.applied).toBeGreaterThan(0);
      expect(first.stats.applied + second.stats.applied).toBe(total);
    } finally {
      await second.stop();
      await first.stop();
      await relay.stop();
    }
  }, 180_000);
});
