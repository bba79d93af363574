import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { DecimalSchema } from '../../values/money';
import { described, Strict, StringEnum, TextSchema } from '../../values/schema';
import { InstantSchema } from '../../values/time';

// What meter head-end systems publish on `meter.readings`: a JSON form of IEC 61968-9
// `MeterReadings` (a meter, its readings by reading type: interval blocks and register reads),
// carried as a CloudEvent like every Utilia message. One message per meter per day, or per batch.

/** What a reading measures (IEC 61968-9 ReadingType, reduced to what billing needs). */
export const READING_MEASURES = ['energy', 'demand'] as const;
/** The units a reading may be in: energy in Wh, kWh or MWh, demand in W or kW. */
export const READING_UNITS = ['Wh', 'kWh', 'MWh', 'W', 'kW'] as const;
/** Import (delivered to the customer) or export (received from the customer, e.g. solar). */
export const FLOW_DIRECTIONS = ['import', 'export'] as const;

/** Schema of a reading type: measure, unit, direction and, for interval data, the interval length. */
export const ReadingTypeSchema = Strict(
  {
    measure: StringEnum(READING_MEASURES),
    unit: StringEnum(READING_UNITS),
    direction: StringEnum(FLOW_DIRECTIONS),
    intervalLength: Type.Optional(Type.Integer({ minimum: 60, maximum: 86400, description: 'Seconds per interval (interval blocks only), e.g. 900.' })),
  },
  { description: 'IEC 61968-9 ReadingType, reduced: what is measured, in which unit and direction, and the interval length.' },
);

/** A reading type. */
export type ReadingType = Static<typeof ReadingTypeSchema>;

/**
 * IEC 61968-9 reading quality codes: `<system>.<category>.<subcategory>`; category 7 is edited, 8
 * estimated (e.g. `1.8.0`), 5 a reasonability check the head-end failed (e.g. `1.5.257`).
 */
const QualityCodeSchema = Type.String({
  pattern: '^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,5}$',
  description: 'IEC 61968-9 ReadingQualityType code: 1.8.x estimated, 1.7.x edited, anything else kept as read.',
});

/** Schema of {@link MeterReadingsV1}. */
export const MeterReadingsV1Schema = Strict({
  meterMrid: TextSchema(40, { description: "The meter's serial number (IEC 61968-9 Meter.mRID)." }),
  source: Type.Optional(TextSchema(100, { description: 'The head-end system that read the meter.' })),
  intervalBlocks: Type.Array(
    Strict({
      readingType: ReadingTypeSchema,
      readings: Type.Array(
        Strict({
          start: described(InstantSchema, "The start of the interval (its length is the reading type's)."),
          value: described(DecimalSchema, 'What was measured over the interval, in the unit of the reading type.'),
          qualities: Type.Optional(Type.Array(QualityCodeSchema, { maxItems: 8 })),
        }),
        { maxItems: 3000 },
      ),
    }),
    { maxItems: 8 },
  ),
  registerReads: Type.Array(
    Strict({
      readingType: ReadingTypeSchema,
      readAt: InstantSchema,
      value: described(DecimalSchema, 'The register as read (cumulative energy, or the maximum demand), in the unit of the reading type.'),
    }),
    { maxItems: 32 },
  ),
});

/** Data of `utilia.headend.meter-readings.v1`. */
export type MeterReadingsV1 = Static<typeof MeterReadingsV1Schema>;

/** A head-end system's readings of one meter: interval blocks and register reads. */
export const MeterReadingsV1 = defineEvent({
  context: 'headend',
  name: 'meter-readings',
  version: 1,
  topic: Topics.meterReadings,
  description:
    "A head-end system's readings of one meter (IEC 61968-9 MeterReadings in JSON): interval blocks of start + value + quality codes, and register reads.",
  partitionKey: (d) => d.meterMrid,
  schema: MeterReadingsV1Schema,
  producer: 'external',
  example: {
    meterMrid: 'LG-0012345',
    source: 'north-ami',
    intervalBlocks: [
      {
        readingType: { measure: 'energy', unit: 'Wh', direction: 'import', intervalLength: 900 },
        readings: [
          { start: '2026-11-30T00:00:00Z', value: '212' },
          { start: '2026-11-30T00:15:00Z', value: '198' },
          { start: '2026-11-30T00:30:00Z', value: '0', qualities: ['1.5.257'] },
        ],
      },
    ],
    registerReads: [{ readingType: { measure: 'energy', unit: 'kWh', direction: 'import' }, readAt: '2026-12-01T00:00:00Z', value: '10234.517' }],
  },
});
