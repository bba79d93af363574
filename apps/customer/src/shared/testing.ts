import { createHash } from 'node:crypto';
import {
  createEnvelope,
  defaultRegistry,
  toKafkaMessage,
  TopicPlan,
  TariffVersionPublishedV1,
  uuidv7,
  type Commodity,
  type CUSTOMER_CLASSES,
} from '@utilia/contracts';
import { createKafka, ensureTopics, JsonLogger } from '@utilia/platform';
import { eventually, startServiceApi, testConfig, type ServiceApi } from '@utilia/platform/testing';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { withCustomerDefaults } from '../config';

type CustomerClass = (typeof CUSTOMER_CLASSES)[number];

/** A tariff version to publish: its code and commodity, and whatever else the test cares about (the rest is filled in). */
export type TariffVersionInput = Pick<TariffVersionPublishedV1, 'code' | 'commodity'> & Partial<TariffVersionPublishedV1>;

/** The customer API of a customer service running in this process, and a rating.events producer beside it. */
export interface CustomerApi extends ServiceApi {
  /**
   * Publishes `TariffVersionPublished` on the real rating.events topic, as the rating service does,
   * and waits until customer's catalog copy has the version. Returns the event's data.
   */
  publishTariffVersion(version: TariffVersionInput): Promise<TariffVersionPublishedV1>;
  /**
   * Makes tariff codes known: each code gets one open-ended version in force since 2000-01-01, of
   * the commodity given (and class: residential unless said). Its ids come from the code, so doing
   * it again in another test file, or run, changes nothing.
   */
  knowTariffs(codes: Record<string, Commodity | { commodity: Commodity; customerClass: CustomerClass }>): Promise<void>;
}

/** A UUIDv7-shaped id that is always the same for `name` (the version and variant bits set, the rest a hash). */
export function stableId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The data of a published tariff version: the input over plain defaults (open-ended from 2000-01-01, no charges). */
export function tariffVersion(input: TariffVersionInput): TariffVersionPublishedV1 {
  return {
    tariffId: uuidv7(),
    versionId: uuidv7(),
    name: `${input.code} (test tariff)`,
    customerClass: 'residential',
    currency: 'USD',
    timeZone: 'UTC',
    utility: 'Utilia test utility',
    description: '',
    effectiveFrom: '2000-01-01',
    effectiveTo: null,
    definition: {},
    supersedes: null,
    publishedBy: 'customer-test-kit',
    ...input,
  };
}

export async function startCustomerApi(): Promise<CustomerApi> {
  const kafka = createKafka('customer-test', (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), new JsonLogger('test', 'error', () => undefined));
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, TopicPlan);
  await admin.disconnect();
  const api = await startServiceApi(withCustomerDefaults(testConfig('customer')), AppModule.register);
  const producer: Producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const db = api.service.app.get(DataSource);
  const inCatalog = async (versionIds: string[]) =>
    (await db.query('select count(*)::int as n from rm_tariff_version where id = any($1::uuid[])', [versionIds]))[0].n === versionIds.length;

  async function send(versions: TariffVersionPublishedV1[]): Promise<void> {
    const messages = versions.map((data) => {
      defaultRegistry.assertValid(TariffVersionPublishedV1, data);
      const id = uuidv7();
      return toKafkaMessage(createEnvelope(TariffVersionPublishedV1, data, { id, time: new Date().toISOString(), subject: data.tariffId, correlationId: id }));
    });
    await producer.send({ topic: TariffVersionPublishedV1.topic, messages });
    const ids = versions.map((v) => v.versionId);
    if (!(await eventually(() => inCatalog(ids), 60_000, 100))) throw new Error(`the customer service never took in tariff versions ${ids.join(', ')}`);
  }

  return {
    ...api,
    async publishTariffVersion(input) {
      const data = tariffVersion(input);
      await send([data]);
      return data;
    },
    async knowTariffs(codes) {
      const versions = Object.entries(codes).map(([code, of]) => {
        const { commodity, customerClass } = typeof of === 'string' ? { commodity: of, customerClass: 'residential' as const } : of;
        return tariffVersion({ code, commodity, customerClass, tariffId: stableId(`tariff:${code}`), versionId: stableId(`tariff:${code}:2000-01-01`) });
      });
      await send(versions);
    },
    async close() {
      await producer.disconnect();
      await api.close();
    },
  };
}

export { TopicRecorder } from '@utilia/platform/testing';
