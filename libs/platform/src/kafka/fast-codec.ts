import { fastProduceRequest, groupMessagesPerPartition, type ProduceRequest, type ProduceRequestArgs } from './produce-request';
import { decodeRecord, encodeRecord } from './record-codec';

let installed: boolean | undefined;

/** Puts `replacement(original)` in the module cache as the kafkajs module `path`, unless one of `capturedBy` (which keep their own reference when loaded) is loaded already. */
function replaceModule(path: string, capturedBy: string[], replacement: (original: any) => unknown): boolean { // eslint-disable-line @typescript-eslint/no-explicit-any
  const target = require.resolve(path);
  if (capturedBy.some((m) => require.cache[require.resolve(m)])) return false;
  const original = require(target);
  const cached = require.cache[target];
  if (!cached) return false;
  const swapped = replacement(original);
  cached.exports = swapped;
  return require(target) === swapped;
}

const produce = (v: number) => `kafkajs/src/protocol/requests/produce/v${v}/request`;

/**
 * Makes kafkajs use the platform's Kafka codec in this process: {@link encodeRecord} and
 * {@link decodeRecord} for records, {@link fastProduceRequest} for produce requests and, when
 * kafkajs is not loaded yet, {@link groupMessagesPerPartition} in its producer. They go
 * into the module cache under the paths of kafkajs' own modules before the kafkajs modules that
 * capture those (the produce requests, the record-batch decoder; all loaded on first use) are
 * loaded. Returns whether kafkajs now uses all three: false when those were loaded already, or where
 * the module cache cannot be changed (Jest's module registry), in which case kafkajs keeps its own,
 * slower code. Call it before the first produce or fetch; it is idempotent.
 */
export function installFastKafkaCodec(): boolean {
  if (installed !== undefined) return installed;
  try {
    // Order matters: kafkajs' v3 request, kept for what the fast one hands back, captures the record encoder.
    const encoder = replaceModule('kafkajs/src/protocol/recordBatch/record/v0', [produce(3)], () => encodeRecord);
    const decoder = replaceModule('kafkajs/src/protocol/recordBatch/record/v0/decoder', ['kafkajs/src/protocol/recordBatch/v0/decoder'], () => decodeRecord);
    const request = replaceModule(produce(3), [4, 5, 6, 7].map(produce), (original: (args: ProduceRequestArgs) => ProduceRequest) => fastProduceRequest(original));
    // Best effort: kafkajs' producer captures its partition grouping when kafkajs itself loads, so
    // this one only takes where the install runs first (the platform's index does it on import).
    replaceModule('kafkajs/src/producer/groupMessagesPerPartition', ['kafkajs/src/producer/sendMessages'], () => groupMessagesPerPartition);
    installed = encoder && decoder && request;
  } catch {
    installed = false;
  }
  return installed;
}
