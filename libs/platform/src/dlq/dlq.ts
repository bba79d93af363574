import { deadLetterTopic, EnvelopeAttributes, EnvelopeHeaders, STRUCTURED_CONTENT_TYPE } from '@utilia/contracts';
import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';

/** Headers a dead letter carries besides the original ones: why it failed and where it came from. */
export const DlqHeaders = {
  reason: 'dlq_reason',
  error: 'dlq_error',
  topic: 'dlq_original_topic',
  partition: 'dlq_original_partition',
  offset: 'dlq_original_offset',
  consumerGroup: 'dlq_consumer_group',
  failedAt: 'dlq_failed_at',
} as const;

/**
 * Why a message can never succeed: `unparsable` (not a CloudEvents envelope, value not JSON),
 * `unknown-type` (no registered contract), `schema-invalid` (data rejected by its schema),
 * `rejected` (the handler threw a `PermanentError`: the domain refuses it), `retries-exhausted`
 * (a transient error outlasted the consumer's `maxAttempts`).
 */
export type DlqReason = 'unparsable' | 'unknown-type' | 'schema-invalid' | 'rejected' | 'retries-exhausted';

/** A message that failed, as the consumer received it. */
export interface FailedMessage {
  topic: string;
  partition: number;
  message: Pick<KafkaMessage, 'key' | 'value' | 'headers' | 'offset'>;
}

/** The dead-letter record of a failed message: its key, value and headers, plus the `dlq_*` headers. */
export function deadLetter(group: string, failed: FailedMessage, reason: DlqReason, error: string, failedAt: Date) {
  const headers: IHeaders = { ...(failed.message.headers ?? {}) };
  headers[DlqHeaders.reason] = reason;
  headers[DlqHeaders.error] = error.slice(0, 4000);
  headers[DlqHeaders.topic] = failed.topic;
  headers[DlqHeaders.partition] = String(failed.partition);
  headers[DlqHeaders.offset] = failed.message.offset;
  headers[DlqHeaders.consumerGroup] = group;
  headers[DlqHeaders.failedAt] = failedAt.toISOString();
  return { key: failed.message.key, value: failed.message.value, headers };
}

/** A dead letter read back from `<group>.dlq`. */
export interface DeadLetter {
  /** Offset in the DLQ topic (partition 0 unless the topic was created with more). */
  partition: number;
  offset: string;
  reason: string;
  error: string;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  failedAt: string;
  key: string | null;
  value: Buffer | null;
  /** The original headers, without the `dlq_*` ones. */
  headers: Record<string, Buffer>;
  /**
   * The CloudEvents `id` and `type` of the original message, in either content mode (structured:
   * from the JSON value; binary: the `ce_id`/`ce_type` headers), when it has them: a dead letter
   * may well be unparsable.
   */
  id?: string;
  type?: string;
}

function str(v: Buffer | string | (Buffer | string)[] | undefined): string {
  if (v === undefined) return '';
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : first.toString('utf8');
}

/** The CloudEvents id and type of a message, as far as it can be read (nothing throws: it is a dead letter). */
function eventAttributes(value: Buffer | null, headers: Record<string, Buffer>): { id?: string; type?: string } {
  const contentType = headers[EnvelopeHeaders.contentType]?.toString('utf8').split(';')[0].trim().toLowerCase();
  let id: unknown;
  let type: unknown;
  if (contentType === STRUCTURED_CONTENT_TYPE) {
    try {
      const event = JSON.parse(value?.toString('utf8') ?? 'null');
      id = event?.[EnvelopeAttributes.id];
      type = event?.[EnvelopeAttributes.type];
    } catch {
      // not JSON: no attributes to show
    }
  } else {
    id = headers[EnvelopeHeaders.id]?.toString('utf8');
    type = headers[EnvelopeHeaders.type]?.toString('utf8');
  }
  const found: { id?: string; type?: string } = {};
  if (typeof id === 'string' && id !== '') found.id = id;
  if (typeof type === 'string' && type !== '') found.type = type;
  return found;
}

function toDeadLetter(partition: number, m: KafkaMessage): DeadLetter {
  const h = m.headers ?? {};
  const original: Record<string, Buffer> = {};
  const dlqNames = new Set<string>(Object.values(DlqHeaders));
  for (const [name, v] of Object.entries(h)) {
    if (dlqNames.has(name) || v === undefined) continue;
    const first = Array.isArray(v) ? v[0] : v;
    original[name] = typeof first === 'string' ? Buffer.from(first) : first;
  }
  return {
    partition,
    offset: m.offset,
    reason: str(h[DlqHeaders.reason]),
    error: str(h[DlqHeaders.error]),
    originalTopic: str(h[DlqHeaders.topic]),
    originalPartition: Number(str(h[DlqHeaders.partition])),
    originalOffset: str(h[DlqHeaders.offset]),
    failedAt: str(h[DlqHeaders.failedAt]),
    key: m.key ? m.key.toString('utf8') : null,
    value: m.value,
    headers: original,
    ...eventAttributes(m.value, original),
  };
}

/**
 * Every dead letter of a consumer group, in DLQ order. Reads the DLQ topic from the start to its
 * current end with a throwaway consumer group, deleted afterwards (the DLQ is a log: listing or
 * replaying removes nothing).
 */
export async function listDeadLetters(kafka: Kafka, group: string, options: { timeoutMs?: number } = {}): Promise<DeadLetter[]> {
  const topic = deadLetterTopic(group);
  const admin = kafka.admin();
  await admin.connect();
  const readerGroup = `${group}.dlq-reader.${process.pid}.${Date.now()}`;
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    const ends = await admin.fetchTopicOffsets(topic);
    const remaining = new Map(ends.filter((p) => p.high !== p.low).map((p) => [p.partition, p.high]));
    if (remaining.size === 0) return [];
    const found: DeadLetter[] = [];
    const consumer = kafka.consumer({ groupId: readerGroup });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out reading ${topic}`)), options.timeoutMs ?? 30_000);
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              found.push(toDeadLetter(partition, message));
              const high = remaining.get(partition);
              if (high !== undefined && BigInt(message.offset) + 1n >= BigInt(high)) remaining.delete(partition);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    await admin.deleteGroups([readerGroup]).catch(() => undefined);
    return found.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Republishes dead letters to their original topics with their original key, value and headers
 * (the consumer's inbox makes a replay of something already applied harmless). `offset` picks one
 * record of the DLQ; without it every record is replayed. Returns what was replayed.
 */
export async function replayDeadLetters(kafka: Kafka, group: string, options: { offset?: string; partition?: number } = {}): Promise<DeadLetter[]> {
  const all = await listDeadLetters(kafka, group);
  const chosen = all.filter(
    (d) => (options.offset === undefined || d.offset === options.offset) && (options.partition === undefined || d.partition === options.partition),
  );
  if (chosen.length === 0) return [];
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (const d of chosen) {
      await producer.send({ topic: d.originalTopic, acks: -1, messages: [{ key: d.key, value: d.value, headers: d.headers }] });
    }
  } finally {
    await producer.disconnect();
  }
  return chosen;
}
