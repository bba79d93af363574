import { EspiError, FLOW_DIRECTION, readingsInWh, UOM, UOM_W, UOM_WH, type EspiDocument, type IntervalBlock, type ReadingType } from '@utilia/greenbutton';
import type { MeterFile } from '../meter/meter.queries';
import type { Channel } from '../readings/channel';
import type { Quality, Reading } from '../readings/day';
import type { ChannelBatch } from '../readings/ingest';

/** What the uploader says of a file's blocks that carry no ReadingType of their own (bare IntervalBlocks). */
export interface AssumedReadingType {
  uom: string;
  powerOfTenMultiplier: string;
  flowDirection?: string;
}

/** A block of the file that could not be stored, and why. */
export interface RefusedBlock {
  block: string;
  readings: number;
  reason: string;
}

/** ESPI units, besides Wh, of a quantity that adds up over intervals (J, m3, VAh, VArh, ft3, US gallons, Btu, therms). */
const QUANTITIES = new Set(['31', '42', '71', '73', '119', '128', '132', '169']);

/** ESPI ReadingQuality codes as our qualities: 7 manually edited, 8/9 estimated, 12 projected; the rest as read. */
export function qualityOfEspi(codes: readonly string[] | undefined): Quality {
  const list = codes ?? [];
  if (list.some((c) => c === '8' || c === '9' || c === '12')) return 'E';
  if (list.includes('7')) return 'D';
  return 'A';
}

/** The reading type a block's readings are in: its own, or the one the uploader gave for bare blocks. */
function readingTypeOf(block: IntervalBlock, assumed: AssumedReadingType | undefined): ReadingType | string {
  if (block.readingType) return block.readingType;
  if (assumed) return { path: 'the upload request', fields: { ...assumed } } as ReadingType;
  return block.readingTypeResolution === 'ambiguous'
    ? 'its ReadingType link names more than one ReadingType: give uom and powerOfTenMultiplier with the upload'
    : 'it has no ReadingType: give uom and powerOfTenMultiplier with the upload';
}

/** A block's readings on their channel, or why they cannot be stored. Energy in Wh is stored in Wh; other units as they are. */
function blockReadings(block: IntervalBlock, type: ReadingType, source: string): { channel: Channel; readings: Reading[] } | string {
  const f = type.fields;
  if (f.accumulationBehaviour !== undefined && f.accumulationBehaviour !== '4')
    return `its ReadingType has accumulationBehaviour ${f.accumulationBehaviour}, not 4 (interval data)`;
  const direction = f.flowDirection === FLOW_DIRECTION.export ? 'export' : 'import';
  const meta = (r: IntervalBlock['readings'][number]) => ({ quality: qualityOfEspi(r.qualities), cost: r.cost !== undefined ? BigInt(r.cost) : null, source });
  if (f.uom === UOM_W) return 'it is power (uom 38, W), not energy per interval';
  if (f.uom === UOM_WH) {
    try {
      const wh = readingsInWh(block, type);
      return {
        channel: { measure: 'energy', direction, unit: 'Wh', scale: 0 },
        readings: wh.map((r, i) => ({ start: r.start, seconds: r.seconds, value: r.wh, ...meta(block.readings[i]) })),
      };
    } catch (e) {
      if (e instanceof EspiError) return e.message;
      throw e;
    }
  }
  const unit = f.uom !== undefined && QUANTITIES.has(f.uom) ? UOM[f.uom] : undefined;
  if (!unit)
    return `its unit of measure ${f.uom ?? '(none)'}${f.uom && UOM[f.uom] ? ` (${UOM[f.uom]})` : ''} is not a quantity per interval this service stores`;
  const scale = Number(f.powerOfTenMultiplier ?? '0');
  if (!Number.isInteger(scale)) return `its powerOfTenMultiplier ${f.powerOfTenMultiplier} is not an integer`;
  return {
    channel: { measure: 'energy', direction, unit: unit.replace(/[^A-Za-z0-9]/g, ''), scale },
    readings: block.readings.map((r) => ({ start: r.timePeriod.start, seconds: r.timePeriod.duration, value: BigInt(r.value), ...meta(r) })),
  };
}

/**
 * A Green Button document's interval blocks as readings of a meter's channels: energy in Wh on
 * the Wh channel of its direction (exact, with the powerOfTenMultiplier), other units (therms,
 * cubic feet) on a channel of their own unit and power of ten; each reading with its quality and
 * cost. A block that cannot be stored (power, register reads, no known unit) is refused whole, with
 * the reason. Pure.
 */
export function espiBatches(
  doc: EspiDocument,
  meter: MeterFile,
  source: string,
  assumed?: AssumedReadingType,
): { batches: ChannelBatch[]; refused: RefusedBlock[] } {
  const batches: ChannelBatch[] = [];
  const refused: RefusedBlock[] = [];
  for (const block of doc.intervalBlocks) {
    const type = readingTypeOf(block, assumed);
    const mapped = typeof type === 'string' ? type : blockReadings(block, type, source);
    if (typeof mapped === 'string') {
      refused.push({ block: block.path, readings: block.readings.length, reason: mapped });
      continue;
    }
    const length = typeof type === 'string' ? undefined : Number(type.fields.intervalLength);
    // The interval-length check is about interval (AMI) data: a monthly gas block is left to its own lengths.
    const intervalSeconds = length && Number.isInteger(length) && length <= 86_400 ? length : undefined;
    batches.push({ meter, channel: mapped.channel, intervalSeconds, readings: mapped.readings });
  }
  return { batches, refused };
}
