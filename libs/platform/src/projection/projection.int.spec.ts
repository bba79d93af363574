import type { DataSource } from 'typeorm';
import { poolOf } from '../backbone/log';
import { freshBackboneDatabase, increment, testRegistry } from '../backbone/test-kit';
import { EventStore } from '../event-store/event-store';
import { applyToProjection, fromStored, rebuildProjections, type Projection, type ProjectionRow } from './projection';

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
    await ds.query('create table counter_totals (id text primary key, total integer not null, last_n integer not null, last_position bigint not null, last_event_id text not null)');
    for (const s of ['a', 'b', 'c']) await ds.transaction((m) => store.append(m, s, 0, [1, 2, 3, 4].map((n) => increment(s, n))));
  });
  afterAll(() => ds?.destroy());

  it('replaying the same events twice leaves every row equal', async () => {
    const events = (await store.readAll(ds.manager)).map((e) => fromStored(e));
    await ds.transaction((m) => applyToProjection(m, counterTotals, events));
    const once = await rows();
    expect(once.map((r: CounterRow) => [r.id, r.total, r.last_n])).toEqual([['a', 10, 4], ['b', 10, 4], ['c', 10, 4]]);
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
});
