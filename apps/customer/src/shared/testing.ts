import { TopicPlan, type Topics } from '@utilia/contracts';
import { createKafka, ensureTopics, signToken, JsonLogger, type Role } from '@utilia/platform';
import { startTestService, testConfig, type RunningService } from '@utilia/platform/testing';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { AppModule } from '../app.module';
import { withCustomerDefaults } from '../config';

/** A running customer service and a client that calls it with a token of the given roles. */
export interface CustomerApi {
  service: RunningService;
  /** `headers`: more request headers (a `traceparent`, say); the answer's headers come back. */
  call(method: string, path: string, body?: unknown, roles?: Role[], accounts?: string[], headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export async function startCustomerApi(): Promise<CustomerApi> {
  const config = withCustomerDefaults(testConfig('customer'));
  const service = await startTestService(config, AppModule.register);
  const tokens = new Map<string, string>();
  return {
    service,
    async call(method, path, body, roles = ['csr'], accounts = [], headers = {}) {
      const key = `${roles.join(',')}|${accounts.join(',')}`;
      if (!tokens.has(key)) tokens.set(key, await signToken({ subject: `test-${roles[0]}`, roles, accounts }, config.auth, { ttlSeconds: 3600 }));
      const res = await fetch(`${service.url}/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(key)}`, ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    close: () => service.close(),
  };
}

/** Everything published on a topic from now on, as ce_type, key, data and every header. */
export class TopicRecorder {
  readonly messages: Array<{ type: string; key: string; subject: string; data: any; headers: Record<string, string> }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  private consumer?: Consumer;

  async start(topic: (typeof Topics)[keyof typeof Topics]): Promise<void> {
    const kafka = createKafka(`customer-test-${process.pid}`, (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), new JsonLogger('test', 'error', () => undefined));
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, TopicPlan.filter((t) => t.topic === topic));
    await admin.disconnect();
    this.consumer = kafka.consumer({ groupId: `customer-test-${process.pid}-${Date.now()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic, fromBeginning: false });
    let ready!: () => void;
    const joined = new Promise<void>((r) => (ready = r));
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => ready());
    await this.consumer.run({
      eachMessage: async ({ message }: { message: KafkaMessage }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, value?.toString() ?? '']));
        this.messages.push({ type: headers.ce_type ?? '', key: message.key?.toString() ?? '', subject: headers.ce_subject ?? '', data: JSON.parse(message.value?.toString() ?? 'null'), headers });
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
