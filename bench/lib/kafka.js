'use strict';
// kafkajs for the benches: a client whose warnings go to the bench's progress lines on stderr.
// Shared by bench/metering-ingest and bench/bill-run.
const { Kafka, logLevel } = require('kafkajs');

/** A kafkajs client (warnings and errors only, each as `say('kafkajs <namespace>: <message>')`). */
function kafkaClient({ clientId, brokers, say }) {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, log }) =>
        say(`kafkajs ${namespace}: ${log.message}`),
  });
}

module.exports = { kafkaClient };
