import { readKafkaMessage } from '@utilia/contracts';
import type { DataSource } from 'typeorm';
import { EventStore } from '../event-store/event-store';
import { enqueue, pendingMessages } from '../outbox/outbox';
import { poolOf } from './log';
import { freshBackboneDatabase, increment, testRegistry, unique } from './test-kit';

/** What the relay would publish next, in order: key, stream version (or the plain message's value). */
const pendingOrder = async (ds: DataSource) =>
  (await pendingMessages(poolOf(ds), 1000)).map((q) => `${q.message.key}:${q.message.value === 'plain' ? 'plain' : readKafkaMessage(q.message).streamVersion}`);

describe('the backbone migrations', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await freshBackboneDatabase('utilia_test_backbone_migrations');
  });
  afterAll(() => ds?.destroy());

  it('go down and up again keeping every event, every pending message and its order', async () => {
    const store = new EventStore({ registry: testRegistry(), topicOf: () => 'migrations-topic' });
    const [x, y] = [unique('acct'), unique('acct')];
    await ds.transaction(async (m) => {
      await store.appendMany(m, [
        { streamId: x, expectedVersion: 0, events: [increment(x, 1), increment(x, 2)] },
        { streamId: y, expectedVersion: 0, events: [increment(y, 1)] },
      ]);
      await enqueue(m, [{ topic: 'migrations-topic', key: x, headers: {}, value: 'plain' }]);
    });
    await ds.transaction((m) => store.append(m, x, 2, [increment(x, 3)]));
    const before = await pendingOrder(ds);
    expect(before).toEqual([`${x}:1`, `${x}:2`, `${y}:1`, `${x}:plain`, `${x}:3`]);
    const column = async (name: string) =>
      (
        await ds.query(
          `select data_type as type, collation_name as collation from information_schema.columns where table_name = 'events' and column_name = $1`,
          [name],
        )
      )[0];
    expect(await column('stream_id')).toEqual({ type: 'text', collation: 'C' });
    expect(await column('data')).toMatchObject({ type: 'json' });
    const [stored] = await store.readStream(ds.manager, y);
    const inboxKey = async () => (await ds.query(`select pg_get_indexdef('inbox_pkey'::regclass) as def`))[0].def as string;
    expect(await inboxKey()).toContain('(event_id, consumer)');
    await ds.query(`insert into inbox (consumer, event_id) values ('a-group', 'an-event')`);

    // Down through the read-model feeds, the inbox key, json, the collation and the per-append outbox: one row per event again, same order.
    const feedTables = async () =>
      (
        await ds.query(`select to_regclass('projection_feed_progress') is not null as progress, to_regclass('projection_feed_parked') is not null as parked`)
      )[0];
    expect(await feedTables()).toEqual({ progress: true, parked: true });
    await ds.undoLastMigration();
    expect(await feedTables()).toEqual({ progress: false, parked: false });
    await ds.undoLastMigration();
    expect(await inboxKey()).toContain('(consumer, event_id)');
    expect(await ds.query('select consumer, event_id from inbox')).toEqual([{ consumer: 'a-group', event_id: 'an-event' }]);
    await ds.undoLastMigration();
    expect(await column('data')).toMatchObject({ type: 'jsonb' });
    expect((await store.readStream(ds.manager, y))[0]).toEqual(stored);
    await ds.undoLastMigration();
    expect(await column('stream_id')).toEqual({ type: 'text', collation: null });
    await ds.undoLastMigration();
    const rows = await ds.query('select key, value, position is not null as event from outbox order by id');
    expect(rows.map((r: { key: string; value: string | null }) => r.value ?? r.key)).toEqual(['plain', x, x, y, x]);

    // And up again: every message is still there, events in their order. Going down re-queued the
    // events behind the plain message still queued (see the migration), so that one now goes first.
    await ds.runMigrations();
    expect(await feedTables()).toEqual({ progress: true, parked: true });
    expect(await column('stream_id')).toEqual({ type: 'text', collation: 'C' });
    expect(await inboxKey()).toContain('(event_id, consumer)');
    expect((await store.readStream(ds.manager, y))[0]).toEqual(stored);
    expect(await pendingOrder(ds)).toEqual([`${x}:plain`, `${x}:1`, `${x}:2`, `${y}:1`, `${x}:3`]);
    // Still appends, and the version check still holds.
    await ds.transaction((m) => store.append(m, x, 3, [increment(x, 4)]));
    await expect(ds.transaction((m) => store.append(m, x, 3, [increment(x, 4)]))).rejects.toMatchObject({ name: 'StreamVersionConflict' });
  });
});
