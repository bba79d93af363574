import { createEnvelope, toKafkaMessage, TopicPlan, uuidv7, type EventType } from '@utilia/contracts';
import { createKafka, ensureTopics, JsonLogger } from '@utilia/platform';
import { startServiceApi, testConfig, type ServiceApi } from '@utilia/platform/testing';
import { AppModule } from './app.module';

/** The invoicing service in-process, and a producer for the other services' events as they publish them (real Kafka). */
export interface InvoicingWorld {
  api: ServiceApi;
  publish<T>(type: EventType<T>, data: T): Promise<void>;
  close(): Promise<void>;
}

export async function startInvoicing(): Promise<InvoicingWorld> {
  const kafka = createKafka('invoicing-test', (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), new JsonLogger('test', 'error', () => undefined));
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, TopicPlan);
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const api = await startServiceApi(testConfig('invoicing'), AppModule.register);
  return {
    api,
    async publish(type, data) {
      const id = uuidv7();
      const envelope = createEnvelope(type, data, { id, time: new Date().toISOString(), subject: type.partitionKey(data), correlationId: id });
      await producer.send({ topic: type.topic, messages: [toKafkaMessage(envelope)] });
    },
    async close() {
      await producer.disconnect();
      await api.close();
    },
  };
}
