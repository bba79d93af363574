import { TariffVersionApprovedV1, TariffVersionPublishedV1, uuidv7, type TariffVersionPublishedV1 as Published } from '@utilia/contracts';
import type { ProjectionEvent } from '@utilia/platform';
import { tariffVersionView } from './tariff-catalog.projection';

const tariffId = uuidv7();
const version = (versionId: string, supersedes: string | null = null): Published => ({
  tariffId,
  versionId,
  code: 'E-RES-FLAT',
  name: 'Residential flat',
  commodity: 'electricity',
  customerClass: 'residential',
  currency: 'USD',
  timeZone: 'America/Los_Angeles',
  utility: 'Utilia Demo Power & Water',
  description: '',
  effectiveFrom: '2026-01-01',
  effectiveTo: null,
  definition: {},
  supersedes,
  publishedBy: 'rita',
});
const published = (data: Published): ProjectionEvent => ({
  id: uuidv7(),
  type: TariffVersionPublishedV1.type,
  subject: tariffId,
  data,
  streamVersion: undefined,
});

/** The rows after the events, as the feed applies them (one row per key, `evolve` from the row before). */
function replay(events: ProjectionEvent[], rows = new Map<string, unknown>()): Map<string, unknown> {
  for (const e of events) {
    const key = tariffVersionView.rowKey(e);
    if (key === undefined) continue;
    const next = tariffVersionView.evolve(rows.get(key) as never, e);
    if (next) rows.set(key, next);
  }
  return rows;
}

describe("customer's copy of rating's published tariff versions", () => {
  const first = uuidv7();
  const correction = uuidv7();
  const events = [
    published(version(first)),
    {
      id: uuidv7(),
      type: TariffVersionApprovedV1.type,
      subject: tariffId,
      data: { tariffId, versionId: correction, approvedBy: 'ann', note: null },
      streamVersion: undefined,
    },
    published(version(correction, first)),
  ];

  it('keeps one row per published version, the correction naming the version it supersedes; an approval is not a version', () => {
    const rows = replay(events);
    expect([...rows.keys()]).toEqual([first, correction]);
    expect(rows.get(correction)).toMatchObject({ code: 'E-RES-FLAT', commodity: 'electricity', customer_class: 'residential', supersedes: first });
  });

  it('the same events delivered twice (no stream versions: a producer without an event store) leave the same rows', () => {
    const once = replay(events);
    expect(replay(events, replay(events))).toEqual(once);
    // A published version never changes: a second publication with other data is not taken.
    expect(replay([published({ ...version(first), effectiveFrom: '2027-01-01' })], replay(events)).get(first)).toMatchObject({ effective_from: '2026-01-01' });
  });
});
