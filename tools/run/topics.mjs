// Creates the Kafka topics of the platform (libs/contracts TopicPlan) that do not exist yet.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './common.mjs';

const require = createRequire(join(root, 'package.json'));
const { Kafka, logLevel } = require('kafkajs');
const { TopicPlan } = require('@utilia/contracts');

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const kafka = new Kafka({ clientId: 'utilia-topics', brokers, logLevel: logLevel.ERROR });
const admin = kafka.admin();
await admin.connect();
const existing = new Set(await admin.listTopics());
const missing = TopicPlan.filter((t) => !existing.has(t.topic));
if (missing.length) {
  await admin.createTopics({ waitForLeaders: true, topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions })) });
}
process.stderr.write(`utilia: topics ready (${TopicPlan.map((t) => t.topic).join(', ')}; created ${missing.length})\n`);
await admin.disconnect();
