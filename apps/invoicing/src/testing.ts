import {
  createEnvelope,
  TariffVersionPublishedV1,
  toKafkaMessage,
  TopicPlan,
  UsageProfileReadyV1,
  uuidv7,
  type EventType,
  type TariffDefinition,
  type UsageProfileRequestedV1,
} from '@utilia/contracts';
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

/** Publishes, as rating would, an open-ended residential electricity version of `code` from 2026-01-01. */
export async function publishTariff(
  world: InvoicingWorld,
  code: string,
  definition: TariffDefinition,
  versionId = uuidv7(),
  supersedes: string | null = null,
): Promise<string> {
  await world.publish(TariffVersionPublishedV1, {
    tariffId: uuidv7(),
    versionId,
    code,
    name: code,
    commodity: 'electricity',
    customerClass: 'residential',
    currency: 'USD',
    timeZone: 'UTC',
    utility: 'Utilia Demo',
    description: '',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    definition,
    supersedes,
    publishedBy: 'test',
  });
  return versionId;
}

/** A flat tariff: a monthly customer charge and one price per kWh. */
export const flatTariff = (monthly: string, perKwh: string): TariffDefinition => ({
  fixed: [{ amount: monthly, per: 'month' }],
  energy: { tierPolicy: 'per-period', periods: [{ tiers: [{ rate: perKwh }] }] },
});

/** Answers a usage request as metering would: `wh` every hour of the days asked, all actual. */
export async function answerUsage(world: InvoicingWorld, r: UsageProfileRequestedV1, days: number, wh: number): Promise<void> {
  await world.publish(UsageProfileReadyV1, {
    requestId: r.requestId,
    agreementId: r.agreementId,
    accountId: r.accountId,
    servicePointId: r.servicePointId,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    start: `${r.periodStart}T00:00:00.000Z`,
    intervalMinutes: 60,
    importWh: new Array(days * 24).fill(wh),
    registers: [],
    maxDemandW: wh,
    counts: { actual: days * 24, estimated: 0, edited: 0, missing: 0 },
  });
}
