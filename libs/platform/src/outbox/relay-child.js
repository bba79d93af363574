// An outbox relay in its own process, for the crash test: `node relay-child.js <database url> <brokers> <batch size>`.
// Prints how many messages it published, every 20 ms, until it is killed. Runs the built platform
// (`@utilia/platform` is libs/platform/dist through npm's workspaces): build first, `npx nx run-many -t build`.
const { Pool } = require('pg');
const { Kafka, logLevel } = require('kafkajs');

function built(name) {
  try {
    return require(name);
  } catch (e) {
    if (e.code === 'MODULE_NOT_FOUND' && /@utilia\/|[\\/]dist[\\/]/.test(e.message)) {
      process.stderr.write(`relay-child: ${name} is not built (${e.message.split('\n')[0]}): run the build first: npx nx run-many -t build\n`);
      process.exit(3);
    }
    throw e;
  }
}
const { OutboxRelay } = built('@utilia/platform');

const [url, brokers, batchSize] = process.argv.slice(2);
const relay = new OutboxRelay({
  pool: new Pool({ connectionString: url, max: 2 }),
  kafka: new Kafka({ clientId: 'relay-child', brokers: brokers.split(','), logLevel: logLevel.NOTHING }),
  batchSize: Number(batchSize),
  idleDelayMs: 10,
});
void relay.start();
setInterval(() => process.stdout.write(`published ${relay.published}\n`), 20);
