import { toBinaryKafkaMessage, toKafkaMessage } from '@utilia/contracts';
import type { DataSource } from 'typeorm';
import { eventually } from '../testing';
import { poolOf } from '../backbone/log';
import { createTopic, freshBackboneDatabase, increment, testKafka, testRegistry, unique } from '../backbone/test-kit';
import { ConsumerRunner, type ConsumedEvent } from '../consumer/consumer-runner';
import { listDeadLetters } from '../dlq/dlq';
import { EventStore } from '../event-store/event-store';
import { OutboxRelay } from '../outbox/outbox';

// What reaches a consumer, in either CloudEvents content mode, through kafkajs as published.
describe('CloudEvents content modes through Kafka', () => {
  let ds: DataSource;
  const kafka = testKafka();
  const registry = testRegistry();

  beforeAll(async () => {
    ds = await freshBackboneDatabase('utilia_test_backbone_content_modes');
  });
  afterAll(() => ds?.destroy());

  it('the relay publishes structured mode, and a consumer reads it and binary-mode messages of earlier versions alike', async () => {
    const topic = unique('backbone-modes');
    const group = unique('modes');
    await createTopic(kafka, topic, 1);
    const stream = unique('acct');
    const store = new EventStore({ registry, topicOf: () => topic });
    const { events } = await ds.transaction((m) => store.append(m, stream, 0, [increment(stream, 1), increment(stream, 2)]));
    const relay = new OutboxRelay({ pool: poolOf(ds), kafka });
    while ((await relay.publishBatch()) > 0);
    await relay.stop();
    // Then what an earlier version (binary mode, ce_* headers) and another producer sent.
    const producer = kafka.producer();
    await producer.connect();
    const old = increment(stream, 3);
    const external = increment(unique('other'), 1);
    await producer.send({ topic, messages: [toBinaryKafkaMessage(old, { sequence: '900', streamVersion: 3 }), toKafkaMessage(external)] });
    await producer.disconnect();

    const seen: ConsumedEvent[] = [];
    const raw: Array<{ headers: string[]; value: unknown }> = [];
    const consumer = new ConsumerRunner({
      kafka,
      db: ds,
      groupId: group,
      topics: [topic],
      registry,
      handle: async (e) => void seen.push(e),
    });
    await consumer.start();
    const reader = kafka.consumer({ groupId: unique('modes-raw') });
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => void raw.push({ headers: Object.keys(message.headers ?? {}), value: JSON.parse(String(message.value)) }),
    });
    try {
      expect(await eventually(async () => seen.length === 4 && raw.length === 4, 30_000)).toBe(true);
    } finally {
      await reader.disconnect();
      await consumer.stop();
    }
    // On the wire: one header and the whole CloudEvent as the value, for what the relay sent.
    expect(raw[0]).toEqual({
      headers: ['content-type'],
      value: expect.objectContaining({
        specversion: '1.0',
        id: events[0].eventId,
        subject: stream,
        sequence: String(events[0].position),
        streamversion: 1,
        data: { counter: stream, n: 1 },
      }),
    });
    expect(raw[2].headers).toEqual(expect.arrayContaining(['ce_id', 'ce_type', 'ce_sequence', 'ce_streamversion']));
    // And the consumer got the same events out of both modes, sequence and stream version included.
    expect(seen.map((e) => ({ id: e.id, n: (e.data as { n: number }).n, sequence: e.sequence, streamVersion: e.streamVersion }))).toEqual([
      { id: events[0].eventId, n: 1, sequence: events[0].position, streamVersion: 1 },
      { id: events[1].eventId, n: 2, sequence: events[1].position, streamVersion: 2 },
      { id: old.id, n: 3, sequence: 900, streamVersion: 3 },
      { id: external.id, n: 1, sequence: undefined, streamVersion: undefined },
    ]);
    expect(seen[2]).toMatchObject({ subject: stream, correlationId: old.correlationId, partitionKey: stream, type: old.type, time: old.time });
  }, 60_000);

  it('a dead letter keeps the original message in either mode, and the DLQ listing shows its CloudEvents id and type', async () => {
    const topic = unique('backbone-modes-dlq');
    const group = unique('modes-dlq');
    await createTopic(kafka, topic, 1);
    const structured = { ...increment(unique('acct'), 1), data: { counter: 'c', n: 'one' } };
    const binary = { ...increment(unique('acct'), 1), data: { counter: 'c', n: 0 } };
    const sent = [
      toKafkaMessage(structured),
      toBinaryKafkaMessage(binary),
      { key: 'k', value: 'not json', headers: { 'content-type': 'application/cloudevents+json' } },
    ];
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: sent });
    await producer.disconnect();
    const consumer = new ConsumerRunner({ kafka, db: ds, groupId: group, topics: [topic], registry, handle: async () => undefined });
    await consumer.start();
    try {
      expect(await eventually(async () => consumer.stats.deadLettered === 3, 30_000)).toBe(true);
    } finally {
      await consumer.stop();
    }
    const letters = await listDeadLetters(kafka, group);
    expect(letters.map((d) => ({ reason: d.reason, id: d.id, type: d.type }))).toEqual([
      { reason: 'schema-invalid', id: structured.id, type: structured.type },
      { reason: 'schema-invalid', id: binary.id, type: binary.type },
      { reason: 'unparsable', id: undefined, type: undefined },
    ]);
    // The original key, value and headers, byte for byte.
    letters.forEach((d, i) => {
      expect(d.key).toBe(sent[i].key);
      expect(d.value?.toString()).toBe(sent[i].value);
      expect(Object.fromEntries(Object.entries(d.headers).map(([k, v]) => [k, v.toString()]))).toEqual(sent[i].headers);
    });
  }, 60_000);
});
