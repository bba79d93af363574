import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { UuidV7Schema } from '../../values/ids';
import { CurrencySchema } from '../../values/money';
import { described, nullable, Strict, StringEnum, TextSchema } from '../../values/schema';
import { LocalDateSchema } from '../../values/time';
import { COMMODITIES, CUSTOMER_CLASSES } from '../customer/customer-events';

/** A tariff's catalog code: upper-case letters, digits and dashes, e.g. E-TOU-C. */
export const TariffCodeSchema = Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{0,49}$', description: "The tariff's catalog code, e.g. E-TOU-C." });

/**
 * A tariff version's definition: the libs/rating `TariffVersion` model (fixed charges, energy periods and
 * tiers with their TOU schedule, demand, minimums, adjustments, net-metering terms, holidays), without
 * its id and effective dates. libs/rating checks it, naming the field, before a version is approved.
 */
export const TariffDefinitionSchema = Strict(
  {
    fixed: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 20, description: 'Customer charges per day, month or year.' })),
    energy: Type.Optional(described(Type.Unknown(), 'Energy periods and tiers (rate, upTo, sell), the tier policy and the TOU schedule.')),
    demand: Type.Optional(described(Type.Unknown(), 'TOU and monthly demand ladders, ratchet.')),
    minimum: Type.Optional(described(Type.Unknown(), 'Monthly, daily and annual minimum charges.')),
    adjustments: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 50, description: 'Riders, surcharges, taxes and discounts.' })),
    netMetering: Type.Optional(described(Type.Unknown(), 'Net-metering terms: surplus rate, netting scope.')),
    holidays: Type.Optional(Type.Array(LocalDateSchema, { maxItems: 400 })),
    settlementMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
  },
  { description: 'The libs/rating TariffVersion model without id, effectiveFrom and effectiveTo (libs/rating/src/model.ts): libs/rating checks every field.' },
);

/** A tariff version's definition as events carry it. */
export type TariffDefinition = Static<typeof TariffDefinitionSchema>;

const tariffFacts = {
  code: TariffCodeSchema,
  name: TextSchema(200),
  commodity: StringEnum(COMMODITIES),
  customerClass: StringEnum(CUSTOMER_CLASSES),
  currency: CurrencySchema,
  timeZone: described(TextSchema(64), 'The IANA time zone its TOU hours and dates are read in.'),
  utility: TextSchema(200),
  description: Type.String({ maxLength: 2000, description: 'What it is for and how it works, in words (may be empty).' }),
} as const;

/** Schema of {@link TariffCreatedV1}. */
export const TariffCreatedV1Schema = Strict({ tariffId: UuidV7Schema, ...tariffFacts, createdBy: TextSchema(200) });

/** Data of `utilia.rating.tariff-created.v1`. */
export type TariffCreatedV1 = Static<typeof TariffCreatedV1Schema>;

/** A tariff entered the catalog (it has no version in force until one is published). */
export const TariffCreatedV1 = defineEvent({
  context: 'rating',
  name: 'tariff-created',
  version: 1,
  topic: Topics.ratingEvents,
  description: 'A tariff entered the catalog: code, name, commodity, customer class, currency, time zone, utility.',
  partitionKey: (d) => d.tariffId,
  schema: TariffCreatedV1Schema,
});

const versionRef = { tariffId: UuidV7Schema, versionId: UuidV7Schema } as const;
const versionDates = {
  effectiveFrom: described(LocalDateSchema, 'The first local date the version is in force.'),
  effectiveTo: described(nullable(LocalDateSchema), 'The first local date it is no longer in force; null: until the next version starts.'),
} as const;

/** Schema of {@link TariffVersionDraftedV1}. */
export const TariffVersionDraftedV1Schema = Strict({
  ...versionRef,
  ...versionDates,
  definition: TariffDefinitionSchema,
  supersedes: described(nullable(UuidV7Schema), 'The published version this one corrects, when it is a correction.'),
  origin: described(TextSchema(300), 'Where it came from: "manual", or "urdb:<label>" for an OpenEI URDB import.'),
  authoredBy: TextSchema(200),
});

/** Data of `utilia.rating.tariff-version-drafted.v1`. */
export type TariffVersionDraftedV1 = Static<typeof TariffVersionDraftedV1Schema>;

/** A draft version of a tariff was written (by hand or from a URDB rate). */
export const TariffVersionDraftedV1 = defineEvent({
  context: 'rating',
  name: 'tariff-version-drafted',
  version: 1,
  topic: Topics.ratingEvents,
  description: 'A draft version of a tariff: its effective dates and definition (the libs/rating model), who wrote it, from where, what it corrects.',
  partitionKey: (d) => d.tariffId,
  schema: TariffVersionDraftedV1Schema,
});

/** Schema of {@link TariffVersionDiscardedV1}. */
export const TariffVersionDiscardedV1Schema = Strict({ ...versionRef, discardedBy: TextSchema(200), reason: TextSchema(500) });

/** Data of `utilia.rating.tariff-version-discarded.v1`. */
export type TariffVersionDiscardedV1 = Static<typeof TariffVersionDiscardedV1Schema>;

/** A draft (or approved, not yet published) version was dropped. */
export const TariffVersionDiscardedV1 = defineEvent({
  context: 'rating',
  name: 'tariff-version-discarded',
  version: 1,
  topic: Topics.ratingEvents,
  description: 'A draft or approved version that was never published was dropped, with the reason.',
  partitionKey: (d) => d.tariffId,
  schema: TariffVersionDiscardedV1Schema,
});

/** Schema of {@link TariffVersionApprovedV1}. */
export const TariffVersionApprovedV1Schema = Strict({ ...versionRef, approvedBy: TextSchema(200), note: nullable(TextSchema(500)) });

/** Data of `utilia.rating.tariff-version-approved.v1`. */
export type TariffVersionApprovedV1 = Static<typeof TariffVersionApprovedV1Schema>;

/** A second person (never the author) approved a draft that libs/rating accepted. */
export const TariffVersionApprovedV1 = defineEvent({
  context: 'rating',
  name: 'tariff-version-approved',
  version: 1,
  topic: Topics.ratingEvents,
  description: 'A draft version was checked by libs/rating and approved by someone other than its author (four eyes).',
  partitionKey: (d) => d.tariffId,
  schema: TariffVersionApprovedV1Schema,
});

/** Schema of {@link TariffVersionPublishedV1}. */
export const TariffVersionPublishedV1Schema = Strict({
  ...versionRef,
  ...tariffFacts,
  ...versionDates,
  definition: TariffDefinitionSchema,
  supersedes: described(nullable(UuidV7Schema), 'The published version this one replaces: bills it priced are re-rated.'),
  publishedBy: TextSchema(200),
});

/** Data of `utilia.rating.tariff-version-published.v1`. */
export type TariffVersionPublishedV1 = Static<typeof TariffVersionPublishedV1Schema>;

/** An approved version was published: from its effective date it prices bills. Carries the whole definition. */
export const TariffVersionPublishedV1 = defineEvent({
  context: 'rating',
  name: 'tariff-version-published',
  version: 1,
  topic: Topics.ratingEvents,
  description:
    "An approved tariff version was published, with the tariff's facts and the full definition (the libs/rating model): invoicing and customer keep their own copies. A version that supersedes another replaces it for its dates.",
  partitionKey: (d) => d.tariffId,
  schema: TariffVersionPublishedV1Schema,
});
