import { spawn, type ChildProcess } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import type { DataSource } from 'typeorm';
import { eventually } from '../testing';
import {
  countInto,
  createCounterTable,
  createTopic,
  freshBackboneDatabase,
  increment,
  testBrokers,
  testDatabaseServer,
  testKafka,
  testRegistry,
  unique,
} from '../backbone/test-kit';
import { databaseUrlFor } from '../database/database';
import { ConsumerRunner } from '../consumer/consumer-runner';
import { EventStore } from '../event-store/event-store';

const DB = 'utilia_test_backbone_crash';

// The child runs the built platform (libs/platform/dist), as a deployed service would.
const BUILT = join(__dirname, '..', '..', 'dist', 'index.js');

function startRelayProcess(): ChildProcess {
  // Batches of 64 while each append queues 100 events: most batches end inside an outbox row, so
  // the kill also falls between publishing part of a row and keeping the rest.
  const child = spawn(process.execPath, [join(__dirname, 'relay-child.js'), databaseUrlFor(testDatabaseServer(), DB), testBrokers().join(','), '64'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.resume();
  return child;
}

// The relay takes out of the outbox what it published: published = events queued - events still listed.
const published = async (ds: DataSource): Promise<number> =>
  Number((await ds.query('select (select count(*) from events) - (select coalesce(sum(cardinality(positions)), 0) from outbox) as n'))[0].n);

describe('an outbox relay killed with SIGKILL in the middle of publishing', () => {
  let ds: DataSource;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    if (!existsSync(BUILT))
      throw new Error(`${BUILT} is missing: the relay child process runs the built platform; run the build first (npx nx run-many -t build)`);
    ds = await freshBackboneDatabase(DB);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await ds?.destroy();
  });

  it('misses nothing once restarted, and consumers absorb what it sends twice', async () => {
    const kafka = testKafka();
    const registry = testRegistry();
    const topic = unique('backbone-crash');
    const group = unique('crash');
    await createTopic(kafka, topic, 3);
    await createCounterTable(ds, 'counters');
    const store = new EventStore({ registry, topicOf: () => topic });
    for (let s = 0; s < 30; s++) {
      const stream = `${group}-s${s}`;
      await ds.transaction((m) =>
        store.append(
          m,
          stream,
          0,
          Array.from({ length: 100 }, (_, i) => increment(stream, i + 1)),
        ),
      );
    }

    const first = startRelayProcess();
    children.push(first);
    expect(await eventually(async () => (await published(ds)) >= 600, 30_000, 20)).toBe(true);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atCrash = await published(ds);
    expect(atCrash).toBeLessThan(3000);

    const consumer = new ConsumerRunner({
      kafka,
      db: ds,
      groupId: group,
      topics: [topic],
      registry,
      handle: countInto('counters'),
    });
    await consumer.start();
    const second = startRelayProcess();
    children.push(second);
    try {
      expect(await eventually(async () => (await published(ds)) === 3000, 60_000)).toBe(true);
      expect(await eventually(async () => consumer.stats.applied >= 3000, 60_000)).toBe(true);
      const [effects] = await ds.query(
        'select count(*)::int as streams, sum(applied)::int as applied, min(applied) as min, sum(out_of_order)::int as out_of_order from counters',
      );
      expect(effects).toEqual({ streams: 30, applied: 3000, min: 100, out_of_order: 0 });
      const admin = kafka.admin();
      await admin.connect();
      const onKafka = (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
      await admin.disconnect();
      expect(onKafka).toBeGreaterThanOrEqual(3000); // more when the kill fell between Kafka's ack and the commit
      expect(await eventually(async () => consumer.stats.applied + consumer.stats.duplicates >= onKafka, 30_000)).toBe(true);
      expect(consumer.stats.duplicates).toBe(onKafka - 3000);
    } finally {
      second.kill('SIGKILL');
      await consumer.stop();
    }
  }, 120_000);
});
