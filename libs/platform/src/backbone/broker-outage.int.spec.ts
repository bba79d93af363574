import type { DataSource } from 'typeorm';
import { eventually, PrivateBroker } from '../testing';
import { poolOf } from './log';
import { countInto, createCounterTable, createTopic, freshBackboneDatabase, increment, testKafka, testRegistry, unique } from './test-kit';
import { ConsumerRunner } from '../consumer/consumer-runner';
import { EventStore } from '../event-store/event-store';
import { OutboxRelay } from '../outbox/outbox';

// A broker of its own (port 19094): the shared one of the test run must never stop.
const broker = new PrivateBroker(19094);

describe('the broker stopped for 10 seconds in the middle of the flow', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await freshBackboneDatabase('utilia_test_backbone_outage');
    await broker.start();
  }, 120_000);
  afterAll(async () => {
    await broker.stop().catch(() => undefined);
    await ds?.destroy();
  }, 60_000);

  it('loses nothing: what was written meanwhile is published and applied once the broker is back', async () => {
    const kafka = testKafka([broker.address], 'backbone-outage');
    const registry = testRegistry();
    const topic = unique('backbone-outage');
    const group = unique('outage');
    await createTopic(kafka, topic, 3);
    await createCounterTable(ds, 'counters');
    const store = new EventStore({ registry, topicOf: () => topic });
    const relay = new OutboxRelay({ pool: poolOf(ds), kafka });
    const consumer = new ConsumerRunner({
      kafka,
      db: ds,
      groupId: group,
      topics: [topic],
      registry,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      handle: countInto('counters'),
    });
    await relay.start();
    await consumer.start();
    const streams = Array.from({ length: 10 }, (_, i) => `${group}-s${i}`);
    const versions = new Map(streams.map((s) => [s, 0]));
    let writing = true;
    const writer = (async () => {
      while (writing) {
        for (const s of streams) {
          const v = versions.get(s) ?? 0;
          await ds.transaction((m) => store.append(m, s, v, [increment(s, v + 1), increment(s, v + 2)]));
          versions.set(s, v + 2);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      await eventually(async () => consumer.stats.applied > 100, 30_000, 50);
      await broker.stop();
      const appliedAtStop = consumer.stats.applied;
      await new Promise((r) => setTimeout(r, 10_000));
      await broker.start();
      await new Promise((r) => setTimeout(r, 2000));
      writing = false;
      await writer;
      const written = [...versions.values()].reduce((a, b) => a + b, 0);
      expect(written).toBeGreaterThan(appliedAtStop + 200); // a good part was written while the broker was away
      expect(await eventually(async () => consumer.stats.applied >= written, 90_000)).toBe(true);
      const [unpublished] = await ds.query('select count(*)::int as n from outbox');
      expect(unpublished.n).toBe(0);
      const [effects] = await ds.query('select sum(applied)::int as applied, sum(out_of_order)::int as out_of_order from counters');
      expect(effects).toEqual({ applied: written, out_of_order: 0 });
      const rows = await ds.query('select id, version from counters order by id');
      expect(rows).toEqual(streams.sort().map((s) => ({ id: s, version: versions.get(s) })));
    } finally {
      writing = false;
      await writer.catch(() => undefined);
      await consumer.stop();
      await relay.stop();
    }
  }, 180_000);
});
