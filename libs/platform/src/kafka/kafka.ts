import { Kafka, logLevel, type Admin, type KafkaConfig, type logCreator } from 'kafkajs';
import type { JsonLogger } from '../logging/json-logger';
import { installFastKafkaCodec } from './fast-codec';

// kafkajs warns on every producer about its v2 partitioner change; we key messages ourselves.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/** Routes kafkajs' own logs into the service's JSON logger. */
function kafkaLogs(logger: JsonLogger): logCreator {
  return () => ({ level, log }) => {
    const { message, ...fields } = log;
    const lvl = level === logLevel.ERROR || level === logLevel.NOTHING ? 'error' : level === logLevel.WARN ? 'warn' : level === logLevel.INFO ? 'info' : 'debug';
    logger.write(lvl, String(message), fields, 'kafkajs');
  };
}

/** A kafkajs client for a service, logging through its JSON logger (and with the platform's Kafka codec, see fast-codec). */
export function createKafka(clientId: string, brokers: string[], logger: JsonLogger, extra: Partial<KafkaConfig> = {}): Kafka {
  installFastKafkaCodec();
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogs(logger),
    connectionTimeout: 3000,
    ...extra,
  });
}

/** Creates the topics that are missing; existing ones are left as they are. */
export async function ensureTopics(admin: Admin, plan: ReadonlyArray<{ topic: string; partitions: number }>): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = plan.filter((t) => !existing.has(t.topic));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions, replicationFactor: -1 })),
    });
  }
  return missing.map((t) => t.topic);
}
