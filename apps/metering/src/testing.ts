import {
  createEnvelope,
  ServiceAgreementStartedV2,
  ServicePointAddedV1,
  toKafkaMessage,
  TopicPlan,
  uuidv7,
  type EventType,
  type MeterReadingsV1,
} from '@utilia/contracts';
import { createKafka, ensureTopics, JsonLogger } from '@utilia/platform';
import { startServiceApi, testConfig, type ServiceApi } from '@utilia/platform/testing';
import type { Kafka, Producer } from 'kafkajs';
import { AppModule } from './app.module';
import type { MeteringConfig } from './config';

/** A running metering service, and a producer that publishes as the other systems do. */
export interface MeteringWorld {
  api: ServiceApi;
  kafka: Kafka;
  /** Sends a message as it is (a broken one, say). */
  sendRaw(topic: string, message: { key: string; value: string; headers?: Record<string, string> }): Promise<void>;
  /** Publishes an event on its topic as its producer would (a CloudEvent in structured mode). */
  publish<T>(type: EventType<T>, data: T, source?: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts metering (the given settings over the test defaults) with a Kafka producer beside it. */
export async function startMetering(settings: Partial<MeteringConfig> = {}): Promise<MeteringWorld> {
  const kafka: Kafka = createKafka(
    'metering-test',
    (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    new JsonLogger('test', 'error', () => undefined),
  );
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, TopicPlan);
  await admin.disconnect();
  const api = await startServiceApi({ ...testConfig('metering'), ...settings } as MeteringConfig, AppModule.register);
  const producer: Producer = kafka.producer({ idempotent: true });
  await producer.connect();
  return {
    api,
    kafka,
    async sendRaw(topic, message) {
      await producer.send({ topic, messages: [message] });
    },
    async publish(type, data, source) {
      const id = uuidv7();
      const envelope = createEnvelope(type, data, { id, time: new Date().toISOString(), subject: type.partitionKey(data), correlationId: id });
      if (source) envelope.source = source;
      await producer.send({ topic: type.topic, messages: [toKafkaMessage(envelope)] });
      return id;
    },
    async close() {
      await producer.disconnect();
      await api.close();
    },
  };
}

/** A unique serial for a test's meter. */
export const serial = (name: string) => `T-${name}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.slice(0, 40);

/** Registers an interval meter with an import kWh register (5 dials), returns its id. */
export async function registerMeter(api: ServiceApi, meterSerial: string, kind: 'interval' | 'register' = 'interval'): Promise<string> {
  const res = await api.call(
    'POST',
    '/meters',
    {
      serial: meterSerial,
      commodity: 'electricity',
      kind,
      registers: [{ code: '1.8.0', measure: 'energy', direction: 'import', unit: 'kWh', multiplier: '1', dials: 6 }],
    },
    ['billing-ops'],
  );
  if (res.status !== 201) throw new Error(`registering ${meterSerial}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.meterId;
}

/** Installs a meter at a (new) service point from `installedAt`, returns the point. */
export async function installedMeter(api: ServiceApi, meterSerial: string, installedAt: string, servicePointId = uuidv7()): Promise<string> {
  const res = await api.call('POST', `/service-points/${servicePointId}/meters`, { serial: meterSerial, installedAt }, ['billing-ops']);
  if (res.status !== 201) throw new Error(`installing ${meterSerial}: ${res.status} ${JSON.stringify(res.body)}`);
  return servicePointId;
}

/** A head-end message of 15-minute Wh values from `start`. */
export function readingsMessage(
  meterSerial: string,
  start: string,
  values: ReadonlyArray<number | string>,
  qualities: Record<number, string[]> = {},
): MeterReadingsV1 {
  const t0 = Date.parse(start);
  return {
    meterMrid: meterSerial,
    source: 'test-ami',
    intervalBlocks: [
      {
        readingType: { measure: 'energy', unit: 'Wh', direction: 'import', intervalLength: 900 },
        readings: values.map((v, i) => ({
          start: new Date(t0 + i * 900_000).toISOString().replace('.000Z', 'Z'),
          value: String(v),
          ...(qualities[i] ? { qualities: qualities[i] } : {}),
        })),
      },
    ],
    registerReads: [],
  };
}

/** The customer service's events of a service point on supply under an agreement from `startDate`. */
export async function pointOnSupply(world: MeteringWorld, startDate: string): Promise<{ servicePointId: string; agreementId: string; accountId: string }> {
  const servicePointId = uuidv7();
  const agreementId = uuidv7();
  const accountId = uuidv7();
  await world.publish(ServicePointAddedV1, {
    servicePointId,
    premiseId: uuidv7(),
    commodity: 'electricity',
    marketId: `MP-${servicePointId.slice(-12)}`,
    connectionStatus: 'connected',
  });
  await world.publish(ServiceAgreementStartedV2, {
    agreementId,
    accountId,
    servicePointId,
    commodity: 'electricity',
    tariffCode: 'R-1',
    startDate,
    tariffVersionId: null,
  } as ServiceAgreementStartedV2);
  return { servicePointId, agreementId, accountId };
}
