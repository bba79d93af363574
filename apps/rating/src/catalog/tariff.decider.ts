import {
  TariffCreatedV1,
  TariffVersionApprovedV1,
  TariffVersionDiscardedV1,
  TariffVersionDraftedV1,
  TariffVersionPublishedV1,
  type EventUnion,
  type TariffCreatedV1 as Created,
  type TariffDefinition,
  type Uuid,
} from '@utilia/contracts';
import { event, notFound, RuleViolation, unexpectedEvent, type Aggregate } from '@utilia/platform';
import { checkTariff, RatingInputError, type Tariff, type TariffVersion } from '@utilia/rating';
import { firstOverlap, type Dated } from './timeline';

export const tariffEvents = [TariffCreatedV1, TariffVersionDraftedV1, TariffVersionDiscardedV1, TariffVersionApprovedV1, TariffVersionPublishedV1] as const;
export type TariffEvent = EventUnion<typeof tariffEvents>;

/** What the catalog says of a tariff (everything but its versions). */
export type TariffFacts = Omit<Created, 'tariffId' | 'createdBy'>;

export type VersionStatus = 'draft' | 'approved' | 'published' | 'discarded';

export interface VersionState extends Dated {
  status: VersionStatus;
  definition: TariffDefinition;
  supersedes: string | null;
  /** The published version that replaced this one. */
  supersededBy: string | null;
  authoredBy: string;
}

export interface TariffState {
  facts?: TariffFacts;
  versions: VersionState[];
}

export type TariffCommand =
  | { type: 'create'; tariffId: Uuid; facts: TariffFacts; by: string }
  | {
      type: 'draft';
      tariffId: Uuid;
      versionId: Uuid;
      effectiveFrom: string;
      effectiveTo: string | null;
      definition: TariffDefinition;
      supersedes: Uuid | null;
      origin: string;
      by: string;
    }
  | { type: 'discard'; tariffId: Uuid; versionId: Uuid; reason: string; by: string }
  | { type: 'approve'; tariffId: Uuid; versionId: Uuid; note: string | null; by: string }
  | { type: 'publish'; tariffId: Uuid; versionId: Uuid; by: string };

const withVersion = (state: TariffState, versionId: string, change: (v: VersionState) => VersionState): TariffState => ({
  ...state,
  versions: state.versions.map((v) => (v.versionId === versionId ? change(v) : v)),
});

export const tariffAggregate: Aggregate<TariffState, TariffEvent> = {
  events: tariffEvents,
  initial: { versions: [] },
  evolve(state, e) {
    switch (e.type) {
      case TariffCreatedV1.type: {
        const { tariffId: _id, createdBy: _by, ...facts } = e.data;
        return { facts, versions: [] };
      }
      case TariffVersionDraftedV1.type: {
        const d = e.data;
        const version: VersionState = {
          versionId: d.versionId,
          effectiveFrom: d.effectiveFrom,
          effectiveTo: d.effectiveTo,
          status: 'draft',
          definition: d.definition,
          supersedes: d.supersedes,
          supersededBy: null,
          authoredBy: d.authoredBy,
        };
        return { ...state, versions: [...state.versions, version] };
      }
      case TariffVersionDiscardedV1.type:
        return withVersion(state, e.data.versionId, (v) => ({ ...v, status: 'discarded' }));
      case TariffVersionApprovedV1.type:
        return withVersion(state, e.data.versionId, (v) => ({ ...v, status: 'approved' }));
      case TariffVersionPublishedV1.type: {
        const published = withVersion(state, e.data.versionId, (v) => ({ ...v, status: 'published' }));
        const replaced = e.data.supersedes;
        return replaced ? withVersion(published, replaced, (v) => ({ ...v, supersededBy: e.data.versionId })) : published;
      }
      default:
        return unexpectedEvent(e);
    }
  },
};

/** Versions that still claim their dates: not discarded, not replaced by a published correction. */
const live = (state: TariffState) => state.versions.filter((v) => v.status !== 'discarded' && v.supersededBy === null);

const describeDates = (v: Dated) => `from ${v.effectiveFrom}${v.effectiveTo ? ` to ${v.effectiveTo}` : ''}`;

function versionOf(state: TariffState, tariffId: string, versionId: string): VersionState {
  if (!state.facts) throw notFound('tariff', tariffId);
  const v = state.versions.find((x) => x.versionId === versionId);
  if (!v) throw notFound('tariff-version', versionId);
  return v;
}

/** The version as libs/rating rates it, in a tariff of its own (how approval checks it). */
export function ratingTariff(facts: TariffFacts, versions: ReadonlyArray<Dated & { definition: TariffDefinition }>): Tariff {
  return {
    id: facts.code,
    name: facts.name,
    currency: facts.currency,
    timeZone: facts.timeZone,
    versions: versions.map(
      (v) =>
        ({
          ...(v.definition as object),
          id: v.versionId,
          effectiveFrom: v.effectiveFrom,
          ...(v.effectiveTo ? { effectiveTo: v.effectiveTo } : {}),
        }) as TariffVersion,
    ),
  };
}

/** Why libs/rating refuses the version, naming the field, or undefined when it rates. */
export function problemOf(facts: TariffFacts, version: Dated & { definition: TariffDefinition }): string | undefined {
  try {
    checkTariff(ratingTariff(facts, [version]));
    return undefined;
  } catch (e) {
    if (e instanceof RatingInputError) return e.message.replace(/^versions\[0\]\./, '');
    throw e;
  }
}

/**
 * Catalog rules. A tariff's code is unique (the read model's index). A version is a draft until a
 * second person approves it (never its author) and libs/rating accepts it; then it may be published.
 * Versions of one tariff never overlap; a published version never changes: a correction is a new
 * version for the same dates that supersedes it once published. Pure: state and command in, events out.
 */
export function decideTariff(state: TariffState, command: TariffCommand): TariffEvent[] {
  switch (command.type) {
    case 'create':
      if (state.facts) throw new RuleViolation('tariff-exists', `tariff ${command.tariffId} exists already`, 'conflict');
      return [event(TariffCreatedV1, { tariffId: command.tariffId, ...command.facts, createdBy: command.by })];
    case 'draft': {
      if (!state.facts) throw notFound('tariff', command.tariffId);
      const c = command;
      if (c.effectiveTo !== null && c.effectiveTo <= c.effectiveFrom)
        throw new RuleViolation('version-dates', `effectiveTo ${c.effectiveTo} must be after effectiveFrom ${c.effectiveFrom}`);
      if (state.versions.some((v) => v.versionId === c.versionId))
        throw new RuleViolation('version-exists', `version ${c.versionId} exists already`, 'conflict');
      const candidate: Dated = { versionId: c.versionId, effectiveFrom: c.effectiveFrom, effectiveTo: c.effectiveTo };
      let others = live(state);
      if (c.supersedes) {
        const replaced = state.versions.find((v) => v.versionId === c.supersedes);
        if (!replaced) throw notFound('tariff-version', c.supersedes);
        if (replaced.status !== 'published' || replaced.supersededBy)
          throw new RuleViolation('not-correctable', `version ${c.supersedes} is not a published version in force: only those are corrected`, 'conflict');
        if (replaced.effectiveFrom !== c.effectiveFrom || replaced.effectiveTo !== c.effectiveTo)
          throw new RuleViolation(
            'correction-dates',
            `a correction has the dates of the version it corrects (${describeDates(replaced)}); other dates are a new version`,
          );
        others = others.filter((v) => v.versionId !== c.supersedes);
      }
      const clash = firstOverlap(candidate, others);
      if (clash)
        throw new RuleViolation(
          'version-overlap',
          `${describeDates(candidate)} overlaps version ${clash.versionId} (${describeDates(clash)}); discard it, correct it (supersedes), or choose other dates`,
          'conflict',
        );
      return [
        event(TariffVersionDraftedV1, {
          tariffId: c.tariffId,
          versionId: c.versionId,
          effectiveFrom: c.effectiveFrom,
          effectiveTo: c.effectiveTo,
          definition: c.definition,
          supersedes: c.supersedes,
          origin: c.origin,
          authoredBy: c.by,
        }),
      ];
    }
    case 'discard': {
      const v = versionOf(state, command.tariffId, command.versionId);
      if (v.status === 'published')
        throw new RuleViolation('version-published', `version ${v.versionId} is published: it never changes (correct it with a new version)`, 'conflict');
      if (v.status === 'discarded') throw new RuleViolation('version-discarded', `version ${v.versionId} is discarded already`, 'conflict');
      return [event(TariffVersionDiscardedV1, { tariffId: command.tariffId, versionId: v.versionId, discardedBy: command.by, reason: command.reason })];
    }
    case 'approve': {
      const v = versionOf(state, command.tariffId, command.versionId);
      if (v.status !== 'draft') throw new RuleViolation('version-not-draft', `version ${v.versionId} is ${v.status}: only a draft is approved`, 'conflict');
      if (v.authoredBy === command.by)
        throw new RuleViolation('four-eyes', `${command.by} wrote version ${v.versionId}: someone else approves it (four eyes)`, 'unprocessable');
      const problem = problemOf(state.facts as TariffFacts, v);
      if (problem) throw new RuleViolation('version-invalid', `libs/rating refuses the version: ${problem}`);
      return [event(TariffVersionApprovedV1, { tariffId: command.tariffId, versionId: v.versionId, approvedBy: command.by, note: command.note })];
    }
    case 'publish': {
      const v = versionOf(state, command.tariffId, command.versionId);
      if (v.status !== 'approved')
        throw new RuleViolation('version-not-approved', `version ${v.versionId} is ${v.status}: only an approved version is published`, 'conflict');
      const facts = state.facts as TariffFacts;
      return [
        event(TariffVersionPublishedV1, {
          tariffId: command.tariffId,
          versionId: v.versionId,
          ...facts,
          effectiveFrom: v.effectiveFrom,
          effectiveTo: v.effectiveTo,
          definition: v.definition,
          supersedes: v.supersedes,
          publishedBy: command.by,
        }),
      ];
    }
  }
}
