// Helpers for the backbone's integration tests and benchmark (real PostgreSQL and Kafka).
import { Type } from '@sinclair/typebox';
import { createEnvelope, defineEvent, EventRegistry, Strict, Topics, type EventData, type EventEnvelope } from '@utilia/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { databaseUrlFor, dataSourceOptions, ensureDatabase } from '../database/database';
import { backboneMigrations } from './migrations';
import { PermanentError, type ConsumedEvent, type HandlerContext } from '../consumer/consumer-runner';

export const testDatabaseServer = () => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const testBrokers = () => (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** A fresh backbone database (dropped and migrated), through TypeORM as the services use it. */
export async function freshBackboneDatabase(name: string, poolSize = 10): Promise<DataSource> {
  const server = testDatabaseServer();
  await ensureDatabase(server, name);
  const url = databaseUrlFor(server, name);
  const wipe = new DataSource({ type: 'postgres', url });
  await wipe.initialize();
  await wipe.query('drop schema public cascade');
  await wipe.query('create schema public');
  await wipe.destroy();
  const ds = new DataSource(dataSourceOptions(url, { migrations: backboneMigrations, poolSize, name: 'backbone-test' }));
  await ds.initialize();
  return ds;
}

/** A kafkajs client that logs only errors. */
export function testKafka(brokers = testBrokers(), clientId = 'backbone-test'): Kafka {
  return new Kafka({ clientId, brokers, logLevel: process.env.KAFKA_LOG ? logLevel.ERROR : logLevel.NOTHING, connectionTimeout: 3000 });
}

/** A name nobody used before: topics and groups of one test never meet another's. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function createTopic(kafka: Kafka, topic: string, partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
    // Leaders in the metadata are not yet partitions the broker serves: on a loaded machine a first
    // produce could still meet "This server does not host this topic-partition". Asking each
    // partition's offsets goes to its leader, so it answers once every partition is served.
    for (let tries = 0; ; tries++) {
      try {
        await admin.fetchTopicOffsets(topic);
        break;
      } catch (e) {
        if (tries >= 100) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** The test event: the n-th increment of a counter stream. */
export const CounterIncrementedV1 = defineEvent({
  context: 'testing',
  name: 'counter-incremented',
  version: 1,
  topic: Topics.customerEvents, // tests route it to their own topic with `topicOf`
  schema: Strict({ counter: Type.String(), n: Type.Integer({ minimum: 1 }) }),
  partitionKey: (d) => d.counter,
  description: 'A test counter went up by one.',
});
export type CounterIncremented = EventData<typeof CounterIncrementedV1>;

export function testRegistry(): EventRegistry {
  return new EventRegistry().register(CounterIncrementedV1);
}

/** The envelope of the n-th increment of `counter`. */
export function increment(counter: string, n: number, time = new Date().toISOString()): EventEnvelope<CounterIncremented> {
  // Not checked here: the event store checks it as it appends, as it does every event.
  return createEnvelope(CounterIncrementedV1, { counter, n }, { subject: counter, time, correlationId: `test-${counter}` });
}

/** The effects table of the tests: one row per counter, `applied` events in order, `version` the last. */
export async function createCounterTable(ds: DataSource, table: string): Promise<void> {
  await ds.query(
    `create table ${table} (id text primary key, applied integer not null default 0, version integer not null default 0, out_of_order integer not null default 0)`,
  );
}

/** The effect under test: count each counter's increments and notice any that come out of order. */
export function countInto(table: string, reject?: (d: CounterIncremented) => boolean) {
  return async (e: ConsumedEvent, { sql }: HandlerContext) => {
    const d = e.data as CounterIncremented;
    if (reject?.(d)) throw new PermanentError(`counter ${d.counter} is closed`);
    await sql.query(
      `insert into ${table} (id, applied, version, out_of_order) values ($1, 1, $2, case when $2 = 1 then 0 else 1 end)
       on conflict (id) do update set applied = ${table}.applied + 1, version = excluded.version,
         out_of_order = ${table}.out_of_order + case when excluded.version = ${table}.version + 1 then 0 else 1 end`,
      [d.counter, d.n],
    );
  };
}
