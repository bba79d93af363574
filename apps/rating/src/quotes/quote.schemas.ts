import { Type } from '@sinclair/typebox';
import { DecimalSchema, InstantSchema, LocalDateSchema, nullable, Strict, StringEnum, TariffCodeSchema } from '@utilia/contracts';
import { SHAPES } from './shape';

const METERING = ['none', 'net-billing', 'buy-all-sell-all', 'net-metering'] as const;
const Wh = (description: string) => Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1, maxItems: 40_000, description });

/** Usage as an interval series, in integer Wh. */
const IntervalUsage = Strict({
  start: InstantSchema,
  intervalMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'Dividing a day: 5, 15, 30, 60...' }),
  importWh: Wh('Energy taken from the grid per interval.'),
  exportWh: Type.Optional(Wh('Energy sent to the grid per interval (same length as importWh).')),
});

/** Usage as 12 monthly totals spread over a typical hourly shape. */
const MonthlyUsage = Strict({
  from: LocalDateSchema,
  monthlyKwh: Type.Array(DecimalSchema, { minItems: 12, maxItems: 12, description: 'kWh of each month from `from`.' }),
  shape: StringEnum(SHAPES, { description: 'The typical load shape the months are spread over (NREL SAM test loads).' }),
});

/** The body of a quote. */
export const QuoteBody = Strict({
  tariffCodes: Type.Array(TariffCodeSchema, { minItems: 1, maxItems: 10, uniqueItems: true }),
  currentTariffCode: Type.Optional(TariffCodeSchema),
  usage: Type.Union([Strict({ intervals: IntervalUsage }), Strict({ monthly: MonthlyUsage })]),
  metering: Type.Optional(StringEnum(METERING, { description: 'How generation is metered and credited (default none).' })),
  flags: Type.Optional(
    Type.Record(Type.String({ maxLength: 40 }), Type.Boolean(), { description: 'Account flags for riders and discounts, e.g. { "lowIncome": true }.' }),
  ),
});

const BillLine = Type.Object({
  component: Type.String(),
  description: Type.String(),
  quantity: Type.String(),
  unit: Type.String(),
  rate: Type.String(),
  amount: Type.String(),
  touPeriodName: Type.Optional(Type.String()),
  tier: Type.Optional(Type.Integer()),
});

/** Each tariff's bills for the usage, cheapest first. */
export const QuoteAnswer = Type.Object({
  currentTariffCode: nullable(Type.String()),
  usage: Type.Optional(
    Type.Object(
      { intervals: Type.Integer(), intervalMinutes: Type.Integer(), missing: Type.Integer(), skipped: Type.Integer() },
      { description: 'For a file: the intervals of the series, those no reading covered (0 Wh), and readings left out.' },
    ),
  ),
  quotes: Type.Array(
    Type.Object({
      tariffCode: Type.String(),
      name: Type.String(),
      currency: Type.String(),
      from: Type.String(),
      to: Type.String({ description: 'The first day after the usage.' }),
      total: DecimalSchema,
      annualTotal: DecimalSchema,
      differenceToCurrent: nullable(DecimalSchema),
      bills: Type.Array(Type.Object({ periodStart: Type.String(), periodEnd: Type.String(), total: DecimalSchema, lines: Type.Array(BillLine) })),
    }),
  ),
});
