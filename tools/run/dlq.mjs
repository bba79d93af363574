#!/usr/bin/env node
// Dead letters of a consumer group (topic `<group>.dlq`):
//   node tools/run/dlq.mjs list <group>                    one JSON line per dead letter (reason, error, origin)
//   node tools/run/dlq.mjs replay <group> [--offset N]     republish to the original topic with the original key,
//                                                          value and headers (all, or the record at DLQ offset N)
// KAFKA_BROKERS (default 127.0.0.1:9092) names the broker. Runs the built platform (libs/platform/dist):
// build first, `npx nx run-many -t build`.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './common.mjs';

const require = createRequire(join(root, 'package.json'));
const { Kafka, logLevel } = require('kafkajs');
let platform;
try {
  platform = require('@utilia/platform');
} catch (e) {
  if (e.code !== 'MODULE_NOT_FOUND' || !/@utilia\/|[\\/]dist[\\/]/.test(e.message)) throw e;
  process.stderr.write(`dlq: @utilia/platform is not built (${e.message.split('\n')[0]}): run the build first: npx nx run-many -t build\n`);
  process.exit(2);
}
const { listDeadLetters, replayDeadLetters } = platform;

const [command, group, ...rest] = process.argv.slice(2);
const usage = 'usage: dlq.mjs list <group> | replay <group> [--offset N]';
if (!group || !['list', 'replay'].includes(command)) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
const at = rest.indexOf('--offset');
const offset = at >= 0 ? rest[at + 1] : undefined;
if (at >= 0 && !/^\d+$/.test(offset ?? '')) {
  process.stderr.write(`--offset needs a number\n${usage}\n`);
  process.exit(2);
}

const kafka = new Kafka({ clientId: 'utilia-dlq', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logLevel: logLevel.ERROR });
const show = (d) => ({
  offset: d.offset,
  reason: d.reason,
  error: d.error,
  original: { topic: d.originalTopic, partition: d.originalPartition, offset: d.originalOffset },
  failedAt: d.failedAt,
  key: d.key,
  type: d.type,
  id: d.id,
  value: d.value?.toString('utf8').slice(0, 500),
});
if (command === 'list') {
  for (const d of await listDeadLetters(kafka, group)) console.log(JSON.stringify(show(d)));
} else {
  const replayed = await replayDeadLetters(kafka, group, { offset });
  for (const d of replayed) console.log(JSON.stringify({ replayed: show(d) }));
  process.stderr.write(`utilia: replayed ${replayed.length} dead letter(s) of ${group}\n`);
  if (offset !== undefined && replayed.length === 0) process.exit(1);
}
