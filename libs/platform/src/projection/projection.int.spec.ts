import type { DataSource } from 'typeorm';
import { poolOf } from '../backbone/log';
import { freshBackboneDatabase, increment, testRegistry } from '../backbone/test-kit';
import { EventStore } from '../event-store/event-store';
import { applyToProjection, fromStored, ProjectionWriteConflict, rebuildProjections, type Projection, type ProjectionRow } from './projection';

interface CounterRow extends ProjectionRow {
  id: string;
  total: number;
  last_n: number;
}

const counterTotals: Projection<CounterRow> = {
  table: 'counter_totals',
  rowKey: (e) => e.subject,
  evolve: (row, e) => ({ id: e.subject, total: (row?.total ?? 0) + (e.data as { n: number }).n, last_n: (e.data as { n: number }).n }),
};

describe('a projection', () => {
  let ds: DataSource;
  const store = new EventStore({ registry: testRegistry(), topicOf: () => undefined });
  const rows = () => ds.query('select * from counter_totals order by id');

  beforeAll(async () => {
    ds = await freshBackboneDatabase('utilia_test_backbone_projection');
    await ds.query(
      `create table counter_totals (id text primary key, total integer not null, last_n integer not null, stream_versions jsonb not null default '{}', revision integer not null default 0, last_event_id text not null)`,
    );
    for (const s of ['a', 'b', 'c'])
      await ds.transaction((m) =>
        store.append(
          m,
          s,
          0,
          [1, 2, 3, 4].map((n) => increment(s, n)),
        ),
      );
  });
  afterAll(() => ds?.destroy());

  it('replaying the same events twice leaves every row equal', async () => {
    const events = (await store.readAll(ds.manager)).map((e) => fromStored(e));
    await ds.transaction((m) => applyToProjection(m, counterTotals, events));
    const once = await rows();
    expect(once.map((r: CounterRow) => [r.id, r.total, r.last_n])).toEqual([
      ['a', 10, 4],
      ['b', 10, 4],
      ['c', 10, 4],
    ]);
    expect(await ds.transaction((m) => applyToProjection(m, counterTotals, events))).toBe(0);
    expect(await ds.transaction((m) => applyToProjection(m, counterTotals, events.slice(2, 7)))).toBe(0);
    expect(await rows()).toEqual(once);
  });

  it('is rebuilt from the event store: truncated and replayed, twice, to the same rows', async () => {
    const before = await rows();
    await ds.query("update counter_totals set total = -1 where id = 'b'"); // a read model gone wrong
    expect(await rebuildProjections(poolOf(ds), [counterTotals], { registry: testRegistry() })).toBe(12);
    expect(await rows()).toEqual(before);
    await rebuildProjections(poolOf(ds), [counterTotals]);
    expect(await rows()).toEqual(before);
  });

  it('a writer that read the row before another wrote it does not overwrite it: it is told to retry', async () => {
    const first = ds.createQueryRunner();
    const second = ds.createQueryRunner();
    await first.startTransaction();
    await second.startTransaction();
    try {
      // The first writes row z and has not committed; the second reads "no row z" and blocks on
      // the key; when the first commits, the second's stale write is refused, not applied over it.
      await applyToProjection(first, counterTotals, [{ id: 'e-z1', type: 'x', subject: 'z', data: { n: 1 }, streamVersion: 1 }]);
      const late = applyToProjection(second, counterTotals, [{ id: 'e-y1', type: 'x', subject: 'z', data: { n: 5 }, streamVersion: 1 }]).catch(
        (e: unknown) => e,
      );
      await new Promise((r) => setTimeout(r, 300));
      await first.commitTransaction();
      expect(await late).toBeInstanceOf(ProjectionWriteConflict);
      await second.rollbackTransaction();
      expect(await ds.query("select total, revision, stream_versions from counter_totals where id = 'z'")).toEqual([
        { total: 1, revision: 1, stream_versions: { z: 1 } },
      ]);
    } finally {
      await first.release();
      await second.release();
    }
  });
});
