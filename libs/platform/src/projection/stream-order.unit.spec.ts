import fc from 'fast-check';
import { planStreamOrder, type Sequenced } from './stream-order';

type Ev = Sequenced & { id: string };
const ev = (subject: string, streamVersion: number): Ev => ({ subject, streamVersion, id: `${subject}#${streamVersion}` });

/** Feeds batches through the plan as a feed would (progress and parking carried over); returns what was applied, in order. */
function feed(batches: Ev[][]): { applied: string[]; parked: Ev[] } {
  const progress = new Map<string, number>();
  let parked: Ev[] = [];
  const applied: string[] = [];
  for (const batch of batches) {
    const plan = planStreamOrder(progress, parked, batch);
    applied.push(...plan.ready.map((e) => e.id));
    for (const [s, v] of plan.progress) progress.set(s, v);
    const left = new Set(plan.unparked);
    parked = [...parked.filter((e) => !left.has(e)), ...plan.park.filter((e) => !parked.some((p) => p.id === e.id))];
  }
  return { applied, parked };
}

describe("putting each stream's events in order", () => {
  it('events that arrive in order are ready at once', () => {
    const plan = planStreamOrder(new Map(), [], [ev('a', 1), ev('a', 2), ev('b', 1)]);
    expect(plan.ready.map((e) => e.id)).toEqual(['a#1', 'a#2', 'b#1']);
    expect(plan.progress).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
    expect(plan.park).toEqual([]);
  });

  it('an event ahead of a missing version waits for it, then both go in order', () => {
    const first = planStreamOrder(new Map([['a', 1]]), [], [ev('a', 3)]);
    expect(first).toMatchObject({ ready: [], park: [ev('a', 3)], waitingFor: new Map([['a', 2]]) });
    const second = planStreamOrder(new Map([['a', 1]]), [ev('a', 3)], [ev('a', 2)]);
    expect(second.ready.map((e) => e.id)).toEqual(['a#2', 'a#3']);
    expect(second.unparked).toEqual([ev('a', 3)]);
    expect(second.progress).toEqual(new Map([['a', 3]]));
  });

  it('an event at or below the applied version is stale: it was applied already', () => {
    const plan = planStreamOrder(new Map([['a', 2]]), [], [ev('a', 2), ev('a', 1), ev('a', 3)]);
    expect(plan.stale.map((e) => e.id)).toEqual(['a#1', 'a#2']);
    expect(plan.ready.map((e) => e.id)).toEqual(['a#3']);
  });

  it('whatever the order, duplicates and batching of delivery, every stream is applied once, in version order', () => {
    const delivery = fc.record({ streams: fc.integer({ min: 1, max: 4 }), length: fc.integer({ min: 1, max: 12 }) }).chain(({ streams, length }) => {
      const events = Array.from({ length: streams }, (_, s) => Array.from({ length }, (_, v) => ev(`s${s}`, v + 1))).flat();
      // Every event at least once, some twice, in any order, cut into batches anywhere.
      return fc.tuple(
        fc.constant(events),
        fc.subarray(events),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 30 }),
      );
    });
    fc.assert(
      fc.property(delivery, ([events, again, seed, cuts]) => {
        const all = [...events, ...again].map((e) => ({ ...e }));
        let x = seed;
        for (let i = all.length - 1; i > 0; i--) {
          x = (x * 1103515245 + 12345) % 2 ** 31;
          const j = x % (i + 1);
          [all[i], all[j]] = [all[j], all[i]];
        }
        const batches: Ev[][] = [];
        for (let at = 0, k = 0; at < all.length; k++) batches.push(all.slice(at, (at += cuts[k % cuts.length])));
        const { applied, parked } = feed(batches);
        const expected = [...new Set(events.map((e) => e.subject))].map((s) => events.filter((e) => e.subject === s).map((e) => e.id));
        for (const order of expected) expect(applied.filter((id) => order.includes(id))).toEqual(order);
        expect(applied).toHaveLength(events.length);
        expect(parked).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
