import {
  AccountOpenedV1,
  InvoiceIssuedV1,
  TopicPlan,
  createEnvelope,
  toKafkaMessage,
  uuidv7,
  type EventType,
  type InvoiceLine,
  type Uuid,
} from '@utilia/contracts';
import { createKafka, ensureTopics, JsonLogger, systemClock, type Clock } from '@utilia/platform';
import { eventually, startServiceApi, testConfig, type ServiceApi } from '@utilia/platform/testing';
import Big from 'big.js';
import { AppModule } from './app.module';
import { DEFAULT_PAYMENTS, type PaymentsSettings } from './config';

/** The payments service in-process and a producer of the other services' events as they publish them (real Kafka). */
export interface PaymentsWorld {
  api: ServiceApi;
  publish<T>(type: EventType<T>, data: T): Promise<void>;
  close(): Promise<void>;
}

export async function startPayments(settings: Partial<PaymentsSettings> = {}, clock: Clock = systemClock): Promise<PaymentsWorld> {
  const kafka = createKafka('payments-test', (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), new JsonLogger('test', 'error', () => undefined));
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, TopicPlan);
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const api = await startServiceApi({ ...testConfig('payments'), timeZone: 'UTC', payments: { ...DEFAULT_PAYMENTS, ...settings } }, (config, logger) =>
    AppModule.register(config, logger, clock),
  );
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

/** Waits for a condition; fails naming what it waited for. */
export async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  if (!(await eventually(condition, timeoutMs))) throw new Error(`timed out waiting for ${what}`);
}

/** Opens an account as the customer service would, and waits for payments' copy. */
export async function openAccount(world: PaymentsWorld, currency = 'USD', opened: Partial<AccountOpenedV1> = {}): Promise<Uuid> {
  const accountId = uuidv7();
  await world.publish(AccountOpenedV1, {
    accountId,
    accountNumber: String(Date.now() % 1e10).padStart(10, '0'),
    customerId: uuidv7(),
    currency,
    billCycle: '07',
    openedOn: '2026-01-01',
    ...opened,
  });
  await waitFor(async () => (await world.api.call('GET', `/accounts/${accountId}/balance`, undefined, ['csr'])).status === 200, `account ${accountId} copied`);
  return accountId;
}

const line = (component: string, amount: string): InvoiceLine => ({
  component,
  description: component,
  quantity: '1',
  unit: 'month',
  rate: amount,
  amount,
  tariffCode: 'E-TEST',
  tariffVersionId: 'v1',
  from: '2026-01-07',
  to: '2026-02-07',
});

/** An invoice as invoicing issues it: energy, fixed and tax lines adding up to `total` (tax 5 %, fixed 10). */
export function invoice(accountId: Uuid, total: string, issueDate: string, dueDate: string, extra: Partial<InvoiceIssuedV1> = {}): InvoiceIssuedV1 {
  const tax = new Big(total).div(21).round(2);
  const fixed = new Big(10);
  const energy = new Big(total).minus(tax).minus(fixed);
  const n = Math.floor(Math.random() * 1e9);
  return {
    invoiceId: uuidv7(),
    invoiceNumber: `INV-${String(n).padStart(9, '0')}`,
    runId: null,
    accountId,
    agreementId: uuidv7(),
    servicePointId: uuidv7(),
    periodStart: '2026-01-07',
    periodEnd: issueDate,
    issueDate,
    dueDate,
    currency: 'USD',
    lines: [line('energy', energy.toFixed(2)), line('fixed', fixed.toFixed(2)), line('tax', tax.toFixed(2))],
    total,
    usage: { importWh: 0, exportWh: 0, estimatedIntervals: 0 },
    ...extra,
  };
}
