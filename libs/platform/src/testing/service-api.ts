import { fromKafkaMessage, TopicPlan, type EventEnvelope, type TopicName } from '@utilia/contracts';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { signToken } from '../auth/jwt';
import type { Role } from '../auth/roles';
import type { ServiceConfig } from '../config/service-config';
import { createKafka, ensureTopics } from '../kafka/kafka';
import { JsonLogger } from '../logging/json-logger';
import type { ModuleFactory } from '../service/bootstrap';
import { startTestService, type RunningService } from './service';

/** An answer of a service's API: status, parsed JSON body (problem+json included) and headers. */
export interface ApiAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

/** A running service and a client that calls its API with a token of the given roles. */
export interface ServiceApi {
  service: RunningService;
  /** `headers`: more request headers (a `traceparent`, say); the answer's headers come back. */
  call(method: string, path: string, body?: unknown, roles?: Role[], accounts?: string[], headers?: Record<string, string>): Promise<ApiAnswer>;
  /** GETs a document that is not JSON (an XML export, say): status, text and headers. */
  text(path: string, roles?: Role[]): Promise<{ status: number; text: string; headers: Headers }>;
  /** POSTs a file (its text, as `contentType`) the way an upload form or a script would. */
  upload(path: string, file: string, contentType: string, roles?: Role[]): Promise<ApiAnswer>;
  close(): Promise<void>;
}

/** Boots a service in-process (see `startTestService`) and signs tokens for its API, as a CSR tool would call it. */
export async function startServiceApi<C extends ServiceConfig>(config: C, buildModule: ModuleFactory<C>): Promise<ServiceApi> {
  const service = await startTestService(config, buildModule);
  const tokens = new Map<string, string>();
  const tokenFor = async (roles: Role[], accounts: string[]) => {
    const key = `${roles.join(',')}|${accounts.join(',')}`;
    if (!tokens.has(key)) tokens.set(key, await signToken({ subject: `test-${roles[0]}`, roles, accounts }, config.auth, { ttlSeconds: 3600 }));
    return tokens.get(key) as string;
  };
  const answer = async (res: Response): Promise<ApiAnswer> => {
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  return {
    service,
    async call(method, path, body, roles = ['csr'], accounts = [], headers = {}) {
      const res = await fetch(`${service.url}/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(roles, accounts)}`, ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return answer(res);
    },
    async text(path, roles = ['csr']) {
      const res = await fetch(`${service.url}/api/v1${path}`, { headers: { authorization: `Bearer ${await tokenFor(roles, [])}` } });
      return { status: res.status, text: await res.text(), headers: res.headers };
    },
    async upload(path, file, contentType, roles = ['csr']) {
      const res = await fetch(`${service.url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': contentType, authorization: `Bearer ${await tokenFor(roles, [])}` },
        body: file,
      });
      return answer(res);
    },
    close: () => service.close(),
  };
}

/** A message a {@link TopicRecorder} saw: its event envelope (when it is one) and Kafka key. */
export interface RecordedMessage {
  type: string;
  key: string;
  subject: string;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The CloudEvents envelope (correlation, causation, traceparent...), whichever content mode carried it. */
  envelope?: EventEnvelope;
}

/** Everything published on a topic from now on, decoded as events. */
export class TopicRecorder {
  readonly messages: RecordedMessage[] = [];
  private consumer?: Consumer;

  async start(topic: TopicName): Promise<void> {
    const kafka = createKafka(
      `test-recorder-${process.pid}`,
      (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      new JsonLogger('test', 'error', () => undefined),
    );
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(
      admin,
      TopicPlan.filter((t) => t.topic === topic),
    );
    await admin.disconnect();
    this.consumer = kafka.consumer({ groupId: `test-recorder-${process.pid}-${Date.now()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic, fromBeginning: false });
    let ready!: () => void;
    const joined = new Promise<void>((r) => (ready = r));
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => ready());
    await this.consumer.run({
      eachMessage: async ({ message }: { message: KafkaMessage }) => {
        const key = message.key?.toString() ?? '';
        try {
          const envelope = fromKafkaMessage(message);
          this.messages.push({ type: envelope.type, key, subject: envelope.subject, data: envelope.data, envelope });
        } catch {
          this.messages.push({ type: '', key, subject: '', data: message.value?.toString() });
        }
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
