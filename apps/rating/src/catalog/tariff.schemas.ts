import { Type } from '@sinclair/typebox';
import {
  COMMODITIES,
  CUSTOMER_CLASSES,
  CurrencySchema,
  LocalDateSchema,
  nullable,
  Strict,
  StringEnum,
  TariffCodeSchema,
  TariffDefinitionSchema,
  TextSchema,
  UuidV7Schema,
} from '@utilia/contracts';

/** The body of creating a tariff. */
export const CreateTariffBody = Strict({
  code: TariffCodeSchema,
  name: TextSchema(200),
  commodity: StringEnum(COMMODITIES),
  customerClass: StringEnum(CUSTOMER_CLASSES),
  currency: CurrencySchema,
  timeZone: TextSchema(64, { description: 'The IANA time zone its TOU hours and dates are read in, e.g. America/Los_Angeles.' }),
  utility: TextSchema(200),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const TariffCreatedAnswer = Strict({ tariffId: UuidV7Schema, code: Type.String() });

/** The body of a draft version written by hand. */
export const DraftVersionBody = Strict({
  effectiveFrom: LocalDateSchema,
  effectiveTo: Type.Optional(nullable(LocalDateSchema)),
  definition: TariffDefinitionSchema,
  supersedes: Type.Optional(nullable(UuidV7Schema)),
});

export const VersionDraftedAnswer = Strict({ versionIds: Type.Array(UuidV7Schema) });

/** An OpenEI URDB rate object, a list of them, or the URDB API's answer (`{ "items": [...] }`). */
export const UrdbBody = Type.Union(
  [Type.Record(Type.String(), Type.Unknown()), Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1, maxItems: 50 })],
  {
    description: 'An OpenEI URDB rate object as the URDB API returns it, an array of them, or the API answer { "items": [...] }.',
  },
);

export const ApproveBody = Strict({ note: Type.Optional(TextSchema(500)) });
export const DiscardBody = Strict({ reason: TextSchema(500) });

const VersionSummary = Type.Object({
  id: UuidV7Schema,
  status: StringEnum(['draft', 'approved', 'published', 'discarded'] as const),
  effectiveFrom: Type.String(),
  effectiveTo: nullable(Type.String()),
  endsOn: Type.Optional(nullable(Type.String({ description: 'Where a published version stops: its own end, else the next version start.' }))),
  supersedes: nullable(UuidV7Schema),
  supersededBy: nullable(UuidV7Schema),
  origin: Type.String(),
  authoredBy: Type.String(),
  approvedBy: nullable(Type.String()),
  publishedBy: nullable(Type.String()),
});

/** A version with its definition, and what libs/rating says of it. */
export const VersionView = Type.Intersect([
  VersionSummary,
  Type.Object({
    tariffCode: Type.String(),
    definition: Type.Record(Type.String(), Type.Unknown()),
    problem: nullable(Type.String({ description: 'Why libs/rating refuses it, naming the field (null: it rates).' })),
    approvalNote: nullable(Type.String()),
    discardReason: nullable(Type.String()),
  }),
]);

/** A tariff with its versions and the one in force on the day asked. */
export const TariffView = Type.Object({
  id: UuidV7Schema,
  code: Type.String(),
  name: Type.String(),
  commodity: StringEnum(COMMODITIES),
  customerClass: StringEnum(CUSTOMER_CLASSES),
  currency: Type.String(),
  timeZone: Type.String(),
  utility: Type.String(),
  description: Type.String(),
  on: Type.String({ description: 'The day `inForce` is for (default: today in the tariff time zone).' }),
  inForce: nullable(UuidV7Schema, { description: 'The published version in force on `on`.' }),
  versions: Type.Array(VersionSummary),
});

export const TariffList = Type.Object({ items: Type.Array(Type.Omit(TariffView, ['versions'])) });
