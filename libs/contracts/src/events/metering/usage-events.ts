import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { UuidV7Schema } from '../../values/ids';
import { DecimalSchema } from '../../values/money';
import { described, nullable, Strict, TextSchema } from '../../values/schema';
import { InstantSchema, LocalDateSchema } from '../../values/time';

const WhSeries = (description: string) => Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 40_000, description });

/** How sure the usage is: how many intervals of the period are actual, estimated, edited or missing. */
export const UsageQualityCountsSchema = Strict({
  actual: Type.Integer({ minimum: 0 }),
  estimated: Type.Integer({ minimum: 0 }),
  edited: Type.Integer({ minimum: 0 }),
  missing: Type.Integer({ minimum: 0 }),
});

/** Schema of {@link UsageProfileReadyV1}. */
export const UsageProfileReadyV1Schema = Strict({
  requestId: described(UuidV7Schema, 'The UsageProfileRequested this answers.'),
  agreementId: UuidV7Schema,
  accountId: UuidV7Schema,
  servicePointId: UuidV7Schema,
  periodStart: LocalDateSchema,
  periodEnd: LocalDateSchema,
  start: described(InstantSchema, 'The start of the first interval (the period start in the utility time zone).'),
  intervalMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  importWh: WhSeries('Energy delivered per interval, integer Wh, from `start` on (missing intervals estimated).'),
  exportWh: Type.Optional(WhSeries('Energy received per interval (e.g. solar), integer Wh, when the meter measures it.')),
  registers: Type.Array(
    Strict({ register: TextSchema(20), startRead: nullable(DecimalSchema), endRead: nullable(DecimalSchema), consumption: nullable(DecimalSchema) }),
    { maxItems: 16, description: 'Register totals over the period (register-only meters bill from these).' },
  ),
  maxDemandW: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: 'The highest demand of the period in W (from a demand register, else from the intervals).',
  }),
  counts: UsageQualityCountsSchema,
});

/** Data of `utilia.metering.usage-profile-ready.v1`. */
export type UsageProfileReadyV1 = Static<typeof UsageProfileReadyV1Schema>;

/** Metering's answer to a usage request: the period's interval series in integer Wh, register totals, maximum demand, and how sure it is. */
export const UsageProfileReadyV1 = defineEvent({
  context: 'metering',
  name: 'usage-profile-ready',
  version: 1,
  topic: Topics.meteringEvents,
  description:
    "The usage of an agreement's service point over a billing period: interval series in integer Wh, register totals, maximum demand, and counts of actual, estimated, edited and missing intervals.",
  partitionKey: (d) => d.accountId,
  schema: UsageProfileReadyV1Schema,
});

/** Schema of {@link UsageCorrectedV1}. */
export const UsageCorrectedV1Schema = Strict({
  correctionId: UuidV7Schema,
  requestId: described(UuidV7Schema, 'The usage request whose answer this corrects.'),
  agreementId: UuidV7Schema,
  accountId: UuidV7Schema,
  servicePointId: UuidV7Schema,
  periodStart: LocalDateSchema,
  periodEnd: LocalDateSchema,
  previousImportWh: Type.Integer({ minimum: 0, description: 'The period total delivered before.' }),
  importWh: Type.Integer({ minimum: 0, description: 'The period total now.' }),
  reason: TextSchema(200),
});

/** Data of `utilia.metering.usage-corrected.v1`. */
export type UsageCorrectedV1 = Static<typeof UsageCorrectedV1Schema>;

/** Late or edited readings changed the usage of a period already delivered: invoicing re-rates (ask for the profile again for the details). */
export const UsageCorrectedV1 = defineEvent({
  context: 'metering',
  name: 'usage-corrected',
  version: 1,
  topic: Topics.meteringEvents,
  description: 'Late or edited readings changed the usage of a billing period already delivered, with the old and new totals; invoicing re-rates.',
  partitionKey: (d) => d.accountId,
  schema: UsageCorrectedV1Schema,
});
