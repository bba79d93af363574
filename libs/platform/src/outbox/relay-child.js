// An outbox relay in its own process, for the crash test: `node relay-child.js <database url> <brokers> <batch size>`.
// Prints how many messages it published, every 20 ms, until it is killed.
require('../backbone/ts-register.js');
const { Pool } = require('pg');
const { Kafka, logLevel } = require('kafkajs');
const { OutboxRelay } = require('./outbox.ts');

const [url, brokers, batchSize] = process.argv.slice(2);
const relay = new OutboxRelay({
  pool: new Pool({ connectionString: url, max: 2 }),
  kafka: new Kafka({ clientId: 'relay-child', brokers: brokers.split(','), logLevel: logLevel.NOTHING }),
  batchSize: Number(batchSize),
  idleDelayMs: 10,
});
void relay.start();
setInterval(() => process.stdout.write(`published ${relay.published}\n`), 20);
