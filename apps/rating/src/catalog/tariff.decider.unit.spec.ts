import { uuidv7, type TariffDefinition } from '@utilia/contracts';
import { replay, RuleViolation } from '@utilia/platform';
import { decideTariff, tariffAggregate, type TariffCommand, type TariffEvent, type TariffFacts, type TariffState } from './tariff.decider';

const facts: TariffFacts = {
  code: 'E-RES-FLAT',
  name: 'Residential flat',
  commodity: 'electricity',
  customerClass: 'residential',
  currency: 'USD',
  timeZone: 'America/Los_Angeles',
  utility: 'Utilia Demo Power',
  description: 'One rate all day',
};
const flat = (rate: string): TariffDefinition => ({
  fixed: [{ amount: '10', per: 'month' }],
  energy: { tierPolicy: 'per-period', periods: [{ tiers: [{ rate }] }] },
});
const tariffId = uuidv7();

/** Runs commands in turn from an empty stream; returns the state, or the refusal of the last. */
function run(...commands: TariffCommand[]): TariffState {
  let events: TariffEvent[] = [];
  for (const c of commands) events = [...events, ...decideTariff(replay(tariffAggregate, events), c)];
  return replay(tariffAggregate, events);
}
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleViolation) return e.code;
    throw e;
  }
  return 'accepted';
};

const create: TariffCommand = { type: 'create', tariffId, facts, by: 'author' };
const draft = (versionId: string, effectiveFrom: string, effectiveTo: string | null = null, extra: Partial<TariffCommand> = {}): TariffCommand =>
  ({
    type: 'draft',
    tariffId,
    versionId,
    effectiveFrom,
    effectiveTo,
    definition: flat('0.3'),
    supersedes: null,
    origin: 'manual',
    by: 'author',
    ...extra,
  }) as TariffCommand;
const approve = (versionId: string, by = 'approver'): TariffCommand => ({ type: 'approve', tariffId, versionId, note: null, by });
const publish = (versionId: string): TariffCommand => ({ type: 'publish', tariffId, versionId, by: 'approver' });

describe('the tariff catalog', () => {
  const v1 = uuidv7();
  const v2 = uuidv7();

  it('a version goes draft → approved → published, and publishing carries the tariff and the whole definition', () => {
    const state = run(create, draft(v1, '2026-01-01'), approve(v1));
    const [published] = decideTariff(state, publish(v1));
    expect(published.data).toMatchObject({ code: 'E-RES-FLAT', versionId: v1, effectiveFrom: '2026-01-01', effectiveTo: null, definition: flat('0.3') });
  });

  it('the author never approves their own version (four eyes)', () => {
    expect(refusal(() => run(create, draft(v1, '2026-01-01'), approve(v1, 'author')))).toBe('four-eyes');
  });

  it('libs/rating checks a version before approval, naming the field', () => {
    const bad = draft(v1, '2026-01-01', null, { definition: { energy: { tierPolicy: 'per-period', periods: [{ tiers: [{ rate: 'cheap' }] }] } } } as never);
    try {
      run(create, bad, approve(v1));
      throw new Error('approved');
    } catch (e) {
      expect((e as RuleViolation).code).toBe('version-invalid');
      expect((e as Error).message).toContain('energy.periods[0].tiers[0].rate');
    }
  });

  it('a version from July ends the open-ended one; one starting on the same day or inside explicit dates is refused', () => {
    expect(refusal(() => run(create, draft(v1, '2026-01-01'), draft(v2, '2026-07-01')))).toBe('accepted');
    expect(refusal(() => run(create, draft(v1, '2026-01-01'), draft(v2, '2026-01-01')))).toBe('version-overlap');
    expect(refusal(() => run(create, draft(v1, '2026-01-01', '2026-12-01'), draft(v2, '2026-07-01')))).toBe('version-overlap');
    expect(refusal(() => run(create, draft(v1, '2026-01-01'), draft(v2, '2026-07-01', '2026-03-01')))).toBe('version-dates');
  });

  it('a discarded draft frees its dates', () => {
    const discard: TariffCommand = { type: 'discard', tariffId, versionId: v1, reason: 'typo', by: 'author' };
    expect(refusal(() => run(create, draft(v1, '2026-01-01'), discard, draft(v2, '2026-01-01')))).toBe('accepted');
  });

  it('a published version never changes: it is not discarded, and a correction for its dates supersedes it once published', () => {
    const published = [create, draft(v1, '2026-01-01'), approve(v1), publish(v1)];
    expect(refusal(() => run(...published, { type: 'discard', tariffId, versionId: v1, reason: 'x', by: 'approver' }))).toBe('version-published');
    expect(refusal(() => run(...published, draft(v2, '2026-01-01')))).toBe('version-overlap');
    expect(refusal(() => run(...published, draft(v2, '2026-02-01', null, { supersedes: v1 } as never)))).toBe('correction-dates');
    const corrected = run(...published, draft(v2, '2026-01-01', null, { supersedes: v1 } as never), approve(v2), publish(v2));
    expect(corrected.versions.map((v) => [v.versionId, v.status, v.supersededBy])).toEqual([
      [v1, 'published', v2],
      [v2, 'published', null],
    ]);
    // What was replaced is corrected no more.
    expect(
      refusal(() =>
        run(
          ...published,
          draft(v2, '2026-01-01', null, { supersedes: v1 } as never),
          approve(v2),
          publish(v2),
          draft(uuidv7(), '2026-01-01', null, { supersedes: v1 } as never),
        ),
      ),
    ).toBe('not-correctable');
  });

  it('only an approved version is published, and only a draft approved', () => {
    expect(refusal(() => run(create, draft(v1, '2026-01-01'), publish(v1)))).toBe('version-not-approved');
    expect(refusal(() => run(create, draft(v1, '2026-01-01'), approve(v1), approve(v1)))).toBe('version-not-draft');
    expect(refusal(() => run(create, approve(v1)))).toBe('tariff-version-not-found');
  });
});
