import { randomUUID } from 'crypto';
import type { Kafka } from 'kafkajs';
import { JsonLogger } from '../logging/json-logger';
import { createKafka, ensureTopics } from './kafka';

// kafkajs 2.2.4 against the Apache Kafka 4.x broker that `npm test` starts: Kafka 4 dropped many
// old protocol versions (KIP-896), so this proves the client still speaks to it.
describe('kafkajs against the project broker', () => {
  const logs: string[] = [];
  let kafka: Kafka;
  const topic = `probe-${randomUUID()}`;

  beforeAll(async () => {
    kafka = createKafka('probe', (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), new JsonLogger('probe', 'warn', (l) => logs.push(l)));
    const admin = kafka.admin();
    await admin.connect();
    expect(await ensureTopics(admin, [{ topic, partitions: 3 }])).toEqual([topic]);
    expect(await ensureTopics(admin, [{ topic, partitions: 3 }])).toEqual([]);
    await admin.disconnect();
  });

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('an idempotent producer delivers keyed messages that a consumer group reads in order per key', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const sent = Array.from({ length: 300 }, (_, i) => ({ key: `account-${i % 7}`, value: String(i) }));
    await producer.send({ topic, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `probe-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Map<string, number[]>();
    let count = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const key = message.key?.toString() ?? '';
          received.set(key, [...(received.get(key) ?? []), Number(message.value?.toString())]);
          if (++count === sent.length) resolve();
        },
      });
    });
    await consumer.disconnect();

    expect(count).toBe(300);
    for (const [key, values] of received) {
      const expected = sent.filter((m) => m.key === key).map((m) => Number(m.value));
      expect(values).toEqual(expected);
    }
  });
});
