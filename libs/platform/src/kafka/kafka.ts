import { Kafka, logLevel, type Admin, type KafkaConfig, type logCreator } from 'kafkajs';
import type { LogLevel } from '../config/service-config';
import type { JsonLogger } from '../logging/json-logger';

// kafkajs warns on every producer about its v2 partitioner change; we key messages ourselves.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/**
 * Broker answers that are part of a normal group join, which kafkajs logs at error level and then
 * retries by itself (Kafka protocol error codes 14, 15, 16, 27 and 79, in kafkajs' wording): a
 * coordinator still loading its group state after the broker started, a coordinator not found yet
 * or moved, a rebalance under way, a first join that must be repeated with its member id.
 */
const EXPECTED_GROUP_JOIN_ERRORS = [
  "The coordinator is loading and hence can't process requests", // COORDINATOR_LOAD_IN_PROGRESS
  'The group coordinator is not available', // COORDINATOR_NOT_AVAILABLE
  'This is not the correct coordinator for this group', // NOT_COORDINATOR
  'The group is rebalancing, so a rejoin is needed', // REBALANCE_IN_PROGRESS
  'The group member needs to have a valid member id', // MEMBER_ID_REQUIRED
];

/**
 * The level a kafkajs log entry gets in the service's log. kafkajs' own level, except for the
 * broker answers of {@link EXPECTED_GROUP_JOIN_ERRORS}, which kafkajs logs as errors of a request
 * (`Response JoinGroup(...)`, `Response FindCoordinator(...)`) before it retries: those are `info`.
 * If the retries run out, kafkajs still logs its own error (a consumer `Crash`), which stays one.
 */
export function kafkaLogLevel(level: logLevel, log: { message: string; [field: string]: unknown }): LogLevel {
  if (level === logLevel.ERROR || level === logLevel.NOTHING) {
    const error = typeof log.error === 'string' ? log.error : '';
    const expected = error !== '' && String(log.message).startsWith('Response ') && EXPECTED_GROUP_JOIN_ERRORS.some((e) => error.startsWith(e));
    return expected ? 'info' : 'error';
  }
  return level === logLevel.WARN ? 'warn' : level === logLevel.INFO ? 'info' : 'debug';
}

/** Routes kafkajs' own logs into the service's JSON logger. */
export function kafkaLogs(logger: JsonLogger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...fields } = log;
      logger.write(kafkaLogLevel(level, log), String(message), fields, 'kafkajs');
    };
}

/** A kafkajs client for a service (kafkajs as published), logging through its JSON logger. */
export function createKafka(clientId: string, brokers: string[], logger: JsonLogger, extra: Partial<KafkaConfig> = {}): Kafka {
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
