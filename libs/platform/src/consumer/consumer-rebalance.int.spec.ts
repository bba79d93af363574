import type { DataSource } from 'typeorm';
import { eventually } from '../testing';
import { poolOf, sleep } from '../backbone/log';
import { countInto, createCounterTable, createTopic, freshBackboneDatabase, increment, testKafka, testRegistry, unique } from '../backbone/test-kit';
import { EventStore } from '../event-store/event-store';
import { OutboxRelay } from '../outbox/outbox';
import { ConsumerRunner } from './consumer-runner';

/**
 * Partitions moving between the instances of a consuming service while events flow: a second
 * instance joins (a rebalance takes partitions from the first), then the first shuts down (its
 * partitions move to the second). Each instance's in-flight chunk either commits with its offsets
 * or is redelivered to the new owner and skipped by the inbox.
 */
describe('a consumer group whose instances come and go while events flow', () => {
  let ds: DataSource;
  const kafka = testKafka();
  const registry = testRegistry();

  beforeAll(async () => {
    ds = await freshBackboneDatabase('utilia_test_backbone_rebalance', 12);
  });
  afterAll(() => ds?.destroy());

  it('loses and doubles no effect when an instance joins and another shuts down mid-flow', async () => {
    const topic = unique('backbone-rebalance');
    const group = unique('rebalance');
    const table = 'counters_rebalance';
    await createTopic(kafka, topic, 6);
    await createCounterTable(ds, table);
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
      const [rows] = await ds.query(`select count(*)::int as streams, sum(applied)::int as applied, min(applied) as min, max(applied) as max, sum(out_of_order)::int as out_of_order from ${table}`);
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
