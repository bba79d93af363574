import type { DataSource } from 'typeorm';
import { poolOf } from '../backbone/log';
import { createTopic, freshBackboneDatabase, increment, testKafka, testRegistry, unique } from '../backbone/test-kit';
import { eventually } from '../testing';
import { EventStore } from '../event-store/event-store';
import { fitBatch, OutboxRelay } from './outbox';

describe('an outbox of large events (usage profiles of a bill run)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await freshBackboneDatabase('utilia_test_backbone_large_batches');
  });
  afterAll(() => ds?.destroy());

  it('goes out whole: batches are cut by bytes under the broker record-batch limit (1 MiB), not only by count', async () => {
    const kafka = testKafka();
    const topic = unique('outbox-large');
    await createTopic(kafka, topic, 1);
    const store = new EventStore({ registry: testRegistry(), topicOf: () => topic });
    // 600 events of ~8 kB in one partition (a long stream id is their key, subject and data): 5 MB,
    // far above what one record batch may hold.
    for (let s = 0; s < 6; s++) {
      const stream = `${unique('big')}-${'x'.repeat(2500)}`;
      await ds.transaction((m) =>
        store.append(
          m,
          stream,
          0,
          Array.from({ length: 100 }, (_, i) => increment(stream, i + 1)),
        ),
      );
    }
    const relay = new OutboxRelay({ pool: poolOf(ds), kafka, batchSize: 2000 });
    await relay.start();
    try {
      const left = async () => Number((await ds.query('select count(*)::int as n from outbox'))[0].n);
      expect(await eventually(async () => (await left()) === 0, 30_000)).toBe(true);
      expect(relay.published).toBe(600);
      expect(relay.batches).toBeGreaterThan(3);
    } finally {
      await relay.stop();
    }
  });

  it('cuts a batch at the first message that would pass the budget, and always takes one', () => {
    const m = (bytes: number) => ({ message: { key: 'k', value: 'v'.repeat(bytes - 1) } });
    expect(fitBatch([m(400), m(400), m(400)], 1000)).toHaveLength(2);
    expect(fitBatch([m(5000), m(10)], 1000)).toHaveLength(1);
    expect(fitBatch([], 1000)).toEqual([]);
  });
});
