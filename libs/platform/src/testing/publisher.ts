import { createEnvelope, toKafkaMessage, TopicPlan, uuidv7, type EventType } from '@utilia/contracts';
import { createKafka, ensureTopics } from '../kafka/kafka';
import { JsonLogger } from '../logging/json-logger';
import { eventually } from './service';

/** A producer of other services' events on the real Kafka, as those services publish them (CloudEvents, keyed by their partition key). */
export interface EventPublisher {
  publish<T>(type: EventType<T>, data: T): Promise<void>;
  close(): Promise<void>;
}

/** Connects a publisher to KAFKA_BROKERS, the topics made first. */
export async function startEventPublisher(clientId = 'test-publisher'): Promise<EventPublisher> {
  const kafka = createKafka(clientId, (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), new JsonLogger('test', 'error', () => undefined));
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, TopicPlan);
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  return {
    async publish(type, data) {
      const id = uuidv7();
      const envelope = createEnvelope(type, data, { id, time: new Date().toISOString(), subject: type.partitionKey(data), correlationId: id });
      await producer.send({ topic: type.topic, messages: [toKafkaMessage(envelope)] });
    },
    close: () => producer.disconnect(),
  };
}

/** Waits for a condition; fails naming what it waited for. */
export async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  if (!(await eventually(condition, timeoutMs))) throw new Error(`timed out waiting for ${what}`);
}
