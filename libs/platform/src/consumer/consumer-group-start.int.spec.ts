import { toKafkaMessage } from '@utilia/contracts';
import type { DataSource } from 'typeorm';
import { eventually } from '../testing';
import { countInto, createCounterTable, createTopic, freshBackboneDatabase, increment, testKafka, testRegistry, unique } from '../backbone/test-kit';
import { ConsumerRunner } from './consumer-runner';

// KAFKA_GROUP_PREFIX and KAFKA_NEW_GROUPS_FROM (the e2e harness's fresh services on a broker whose
// topics hold other tests' events): a group of its own that skips what came before its start instant.
describe('a consumer group with a prefix that starts at an instant', () => {
  let ds: DataSource;
  const kafka = testKafka();

  beforeAll(async () => {
    ds = await freshBackboneDatabase('utilia_test_backbone_group_start', 5);
  });
  afterAll(() => ds?.destroy());

  it('reads only what came at or after the instant, under the prefixed group id; a restart continues from its committed offsets', async () => {
    const topic = unique('backbone-group-start');
    const group = unique('group-start');
    const table = 'counters_group_start';
    await createTopic(kafka, topic, 3);
    await createCounterTable(ds, table);
    const producer = kafka.producer();
    await producer.connect();
    const send = (counter: string, from: number, count: number) =>
      producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ key: counter, ...toKafkaMessage(increment(counter, from + i)) })) });
    const applied = async (counter: string) => Number((await ds.query(`select coalesce(max(applied), 0) as n from ${table} where id = $1`, [counter]))[0].n);
    const runner = () =>
      new ConsumerRunner({
        kafka,
        db: ds,
        groupId: group,
        groupPrefix: 'e2e-run.',
        newGroupFrom: since,
        topics: [topic],
        registry: testRegistry(),
        handle: countInto(table),
      });

    await send('old', 1, 30);
    // Broker timestamps are the producer's clock in milliseconds: the instant falls strictly between.
    await new Promise((r) => setTimeout(r, 20));
    const since = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    await send('new', 1, 10);

    const first = runner();
    await first.start();
    try {
      expect(await eventually(async () => (await applied('new')) === 10)).toBe(true);
      expect(await applied('old')).toBe(0);
    } finally {
      await first.stop();
    }
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId: `e2e-run.${group}`, topics: [topic] });
    await admin.disconnect();
    expect(offsets[0].partitions.every((p) => Number(p.offset) >= 0)).toBe(true);

    await send('new', 11, 5);
    const second = runner();
    await second.start();
    try {
      expect(await eventually(async () => (await applied('new')) === 15)).toBe(true);
      expect(await applied('old')).toBe(0);
    } finally {
      await second.stop();
      await producer.disconnect();
    }
  }, 60_000);
});
