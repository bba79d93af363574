/**
 * @utilia/greenbutton: Green Button / NAESB ESPI XML in and out. Pure: no I/O (except the separate CLI), no clock,
 * no framework. Values stay the strings the documents wrote; sums and conversions are BigInt.
 */
export type {
  EntryRef,
  EspiDocument,
  EspiFields,
  IntervalBlock,
  IntervalReading,
  LocalTimeParameters,
  RawElement,
  ReadingType,
  ReadingTypeFields,
  ReadingTypeResolution,
  TimePeriod,
  UsagePoint,
  UsageSummary,
} from './model';
export { parseEspi, ESPI_RESOURCES } from './parse';
export { inspect, summariseBlock, type InspectResult, type IntervalBlockSummary } from './inspect';
export { readingsInWh, scaledValue, powerOfTen, type WhReading } from './energy';
export { writeEspi, type EspiWriteInput, type WriteLocalTimeParameters, type WriteReading } from './write';
export { EspiError, EspiParseError, MESSAGES, type EspiErrorCode } from './errors';
export { ACCUMULATION_DELTA_DATA, COMMODITIES, FLOW_DIRECTION, KIND_ENERGY, READING_QUALITY, SERVICE_KIND, UOM, UOM_W, UOM_WH, type Commodity } from './codes';
export { isoInstant } from './time';
