import { readKafkaMessage } from '@utilia/contracts';
import type { DataSource } from 'typeorm';
import { EventStore, StreamVersionConflict } from './event-store';
import { enqueue, OutboxRelay, pendingMessages } from '../outbox/outbox';
import { poolOf } from '../backbone/log';
import { createTopic, freshBackboneDatabase, increment, testKafka, testRegistry, unique } from '../backbone/test-kit';

describe('the event store', () => {
  let ds: DataSource;
  const kafka = testKafka();
  const topic = unique('backbone-store');
  const store = new EventStore({ registry: testRegistry(), topicOf: () => topic });

  beforeAll(async () => {
    ds = await freshBackboneDatabase('utilia_test_backbone_store');
    await createTopic(kafka, topic, 3);
  });
  afterAll(() => ds?.destroy());

  it('appends at the expected version and reads the stream and everything after a position back', async () => {
    const s = unique('acct');
    const first = await ds.transaction((m) => store.append(m, s, 'no-stream', [increment(s, 1), increment(s, 2)]));
    expect(first.nextExpectedVersion).toBe(2);
    await ds.transaction((m) => store.append(m, s, 2, [increment(s, 3)]));
    const events = await store.readStream(ds.manager, s);
    expect(events.map((e) => [e.streamVersion, (e.data as { n: number }).n])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(events[0].metadata.partitionKey).toBe(s);
    const after = await store.readAll(ds.manager, first.events[0].position);
    expect(after.filter((e) => e.streamId === s).map((e) => e.streamVersion)).toEqual([2, 3]);
    // The outbox row points at the event; the relay makes the message from the events row.
    const queued = (await pendingMessages(poolOf(ds), 100_000)).find((q) => readKafkaMessage(q.message).envelope.id === events[2].eventId);
    expect(queued).toMatchObject({ topic, message: { key: s, headers: { 'content-type': 'application/cloudevents+json' } } });
    expect(queued && readKafkaMessage(queued.message)).toMatchObject({
      envelope: { type: 'utilia.testing.counter-incremented.v1', subject: s, data: { counter: s, n: 3 } },
      sequence: String(events[2].position),
      streamVersion: 3,
    });
  });

  it('appends to several streams at once, all or nothing, and queues plain messages beside them', async () => {
    const [x, y] = [unique('acct'), unique('acct')];
    const results = await ds.transaction(async (m) => {
      await enqueue(m, [{ topic, key: x, headers: { 'content-type': 'application/json' }, value: '{"reference":"data"}' }]);
      return store.appendMany(m, [
        { streamId: x, expectedVersion: 'no-stream', events: [increment(x, 1), increment(x, 2)] },
        { streamId: y, expectedVersion: 'any', events: [increment(y, 1)] },
      ]);
    });
    expect(results.map((r) => r.nextExpectedVersion)).toEqual([2, 1]);
    expect(results[0].events[1].position).toBeLessThan(results[1].events[0].position);
    const queued = (await pendingMessages(poolOf(ds), 100_000)).filter((q) => q.message.key === x || q.message.key === y);
    expect(queued.map((q) => q.message.key)).toEqual([x, x, x, y]);
    expect(queued[0].message).toEqual({ key: x, headers: { 'content-type': 'application/json' }, value: '{"reference":"data"}' });
    expect(readKafkaMessage(queued[1].message)).toMatchObject({ envelope: { subject: x }, streamVersion: 1 });
    await expect(
      ds.transaction((m) =>
        store.appendMany(m, [
          { streamId: y, expectedVersion: 1, events: [increment(y, 2)] },
          { streamId: x, expectedVersion: 1, events: [increment(x, 2)] },
        ]),
      ),
    ).rejects.toMatchObject({ name: 'StreamVersionConflict', streamId: x, actualVersion: 2 });
    expect(await store.streamVersion(ds.manager, y)).toBe(1);
  });

  it('refuses events whose data breaks their schema or is missing, before anything is written', async () => {
    const s = unique('acct');
    const bad = { ...increment(s, 1), data: { counter: s } };
    await expect(ds.transaction((m) => store.append(m, s, 0, [bad]))).rejects.toThrow(/does not match its schema/);
    const unchecked = new EventStore({ topicOf: () => topic });
    await expect(ds.transaction((m) => unchecked.append(m, s, 0, [{ ...increment(s, 1), data: undefined }]))).rejects.toThrow(/has no data/);
    expect(await store.streamVersion(ds.manager, s)).toBe(0);
  });

  it('of two writers on one stream, one gets the conflict error and its retry succeeds', async () => {
    const s = unique('acct');
    await ds.transaction((m) => store.append(m, s, 0, [increment(s, 1)]));
    // Both read version 1 and decide; A appends but has not committed when B appends.
    const a = ds.createQueryRunner();
    await a.startTransaction();
    await store.append(a.manager, s, 1, [increment(s, 2)]);
    const b = ds.transaction((m) => store.append(m, s, 1, [increment(s, 2)]));
    await new Promise((r) => setTimeout(r, 200)); // B now waits for A's lock on the key
    await a.commitTransaction();
    await a.release();
    const conflict = await b.catch((e) => e);
    expect(conflict).toBeInstanceOf(StreamVersionConflict);
    expect(conflict).toMatchObject({ streamId: s, expectedVersion: 1 });
    // B's retry: reload, decide again, append at the new version.
    const retried = await ds.transaction(async (m) => {
      const version = await store.streamVersion(m, s);
      return store.append(m, s, version, [increment(s, version + 1)]);
    });
    expect(retried.nextExpectedVersion).toBe(3);
    expect((await store.readStream(ds.manager, s)).map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
  });

  it('says so when the stream is not at the expected version', async () => {
    const s = unique('acct');
    await ds.transaction((m) => store.append(m, s, 0, [increment(s, 1)]));
    await expect(ds.transaction((m) => store.append(m, s, 5, [increment(s, 6)]))).rejects.toMatchObject({ name: 'StreamVersionConflict', actualVersion: 1 });
    await expect(ds.transaction((m) => store.append(m, s, 'no-stream', [increment(s, 1)]))).rejects.toBeInstanceOf(StreamVersionConflict);
  });

  it('queues an append as one outbox row, which a relay with smaller batches publishes in order, part by part', async () => {
    const relay = new OutboxRelay({ pool: poolOf(ds), kafka, batchSize: 8 });
    try {
      while ((await relay.publishBatch()) > 0); // publish what the other tests left
      const [x, y] = [unique('acct'), unique('acct')];
      await ds.transaction((m) =>
        store.appendMany(m, [
          { streamId: x, expectedVersion: 0, events: Array.from({ length: 12 }, (_, i) => increment(x, i + 1)) },
          { streamId: y, expectedVersion: 0, events: Array.from({ length: 8 }, (_, i) => increment(y, i + 1)) },
        ]),
      );
      const [row] = await ds.query('select cardinality(positions) as listed from outbox');
      expect(row.listed).toBe(20);
      const sent: string[] = [];
      for (let batch = 0; batch < 3; batch++) {
        const next = await pendingMessages(poolOf(ds), 8);
        sent.push(...next.map((q) => `${q.message.key}:${readKafkaMessage(q.message).streamVersion}`));
        expect(await relay.publishBatch()).toBe(next.length);
        const left = await ds.query('select coalesce(sum(cardinality(positions)), 0)::int as n from outbox');
        expect(left[0].n).toBe(Math.max(0, 20 - 8 * (batch + 1)));
      }
      expect(sent).toEqual([...Array.from({ length: 12 }, (_, i) => `${x}:${i + 1}`), ...Array.from({ length: 8 }, (_, i) => `${y}:${i + 1}`)]);
      expect(await relay.publishBatch()).toBe(0);
    } finally {
      await relay.stop();
    }
  });

  it('a transaction that commits after a later one is still published: the relay never skips a late commit', async () => {
    const relay = new OutboxRelay({ pool: poolOf(ds), kafka });
    try {
      await relay.publishBatch(); // publish what the other tests left
      const early = unique('acct');
      const late = unique('acct');
      // Transaction A takes the lower outbox id, then stays open...
      const a = ds.createQueryRunner();
      await a.startTransaction();
      await store.append(a.manager, early, 0, [increment(early, 1)]);
      // ...while B takes a higher id and commits first.
      await ds.transaction((m) => store.append(m, late, 0, [increment(late, 1)]));
      const queuedFor = 'select o.id from outbox o join events e on e.position = any(o.positions) where e.stream_id = any($1)';
      const [idA] = await a.query(queuedFor, [[early]]);
      const [idB] = await ds.query(queuedFor, [[late]]);
      expect(Number(idA.id)).toBeLessThan(Number(idB.id));

      expect(await relay.publishBatch()).toBe(1); // B only: A is not visible yet
      expect(await ds.query(queuedFor, [[late]])).toEqual([]); // B is published: a relay keeping "last id" would now skip A forever

      await a.commitTransaction();
      await a.release();
      expect(await relay.publishBatch()).toBe(1);
      expect(await ds.query(queuedFor, [[early, late]])).toEqual([]);

      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.disconnect();
      const total = offsets.reduce((n, p) => n + Number(p.high), 0);
      // Every event of this database went to this topic, plus the one plain message enqueued above.
      const [{ count }] = await ds.query('select count(*)::int + 1 as count from events');
      expect(total).toBe(count);
    } finally {
      await relay.stop();
    }
  });

  it('queues each event on its own topic, in order, leaves unpublished ones out, and keeps any text as appended', async () => {
    // Stream ids and data with quotes, backslashes, a newline, non-ASCII and an astral character.
    const [x, y] = [unique('acct "q" \\ \n ü 😀'), unique('acct ,{}')];
    const [odd, even] = [unique('topic-odd'), unique('topic-even')];
    // Every third event is stored only; the others go to the odd or the even topic.
    const routing = new EventStore({
      registry: testRegistry(),
      topicOf: (e) => ((e.data as { n: number }).n % 3 === 0 ? undefined : (e.data as { n: number }).n % 2 ? odd : even),
    });
    const [rx, ry] = await ds.transaction((m) =>
      routing.appendMany(m, [
        { streamId: x, expectedVersion: 0, events: Array.from({ length: 7 }, (_, i) => increment(x, i + 1)) },
        { streamId: y, expectedVersion: 0, events: Array.from({ length: 3 }, (_, i) => increment(y, i + 1)) },
      ]),
    );
    const positions = [...rx.events, ...ry.events].map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const rows: Array<{ topic: string; positions: string[] }> = await ds.query('select topic, positions from outbox where topic = any($1) order by id', [
      [odd, even],
    ]);
    const of = (r: typeof rx, ns: number[]) => ns.map((n) => String(r.events[n - 1].position));
    expect(rows.map((r) => [r.topic, r.positions.map(String)])).toEqual([
      [odd, [...of(rx, [1, 5, 7]), ...of(ry, [1])]],
      [even, [...of(rx, [2, 4]), ...of(ry, [2])]],
    ]);
    const stored = [...(await store.readStream(ds.manager, x)), ...(await store.readStream(ds.manager, y))];
    expect(stored.map((e) => [e.streamId, e.data])).toEqual([
      ...Array.from({ length: 7 }, (_, i) => [x, { counter: x, n: i + 1 }]),
      ...Array.from({ length: 3 }, (_, i) => [y, { counter: y, n: i + 1 }]),
    ]);
  });
});
