import { READING_UNITS, type ReadingType } from '@utilia/contracts';
import { CsvError, parse } from 'csv-parse/sync';
import type { MeterFile } from '../meter/meter.queries';
import { channelKey, channelOfReadingType, FractionalValue, toBaseUnits, type Channel } from '../readings/channel';
import type { Quality, Reading } from '../readings/day';
import type { ChannelBatch } from '../readings/ingest';

/** The columns of a readings CSV: `meter,start,length,value,unit`, then optionally `direction` and `quality`. */
export const CSV_COLUMNS = ['meter', 'start', 'length', 'value', 'unit'] as const;
const OPTIONAL = ['direction', 'quality'] as const;

/** A line of the file that could not be stored, and why. */
export interface RefusedLine {
  line: number;
  reason: string;
}

/** A readings CSV that cannot be read at all (no header, a broken quote): answered 400 with where. */
export class UnreadableCsv extends Error {}

const QUALITIES: Record<string, Quality> = { actual: 'A', a: 'A', estimated: 'E', e: 'E', edited: 'D', d: 'D' };

type Row = Record<string, string>;

/** The readings of one line, or why it is refused. */
function lineReading(row: Row, meters: ReadonlyMap<string, MeterFile>, source: string): { meter: MeterFile; channel: Channel; reading: Reading } | string {
  const meter = meters.get(row.meter);
  if (!meter) return `meter ${row.meter || '(empty)'} is not in the inventory`;
  const start = Date.parse(row.start);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(row.start) || Number.isNaN(start))
    return `start ${row.start} is not an ISO-8601 instant with its offset`;
  if (!/^\d+$/.test(row.length) || Number(row.length) <= 0 || Number(row.length) > 31 * 86_400) return `length ${row.length} is not a number of seconds`;
  if (!/^-?\d+(\.\d+)?$/.test(row.value)) return `value ${row.value} is not a decimal number`;
  if (!(READING_UNITS as readonly string[]).includes(row.unit)) return `unit ${row.unit} is not one of ${READING_UNITS.join(', ')}`;
  const direction = row.direction || 'import';
  if (direction !== 'import' && direction !== 'export') return `direction ${direction} is not import or export`;
  const quality = QUALITIES[(row.quality || 'actual').toLowerCase()];
  if (!quality) return `quality ${row.quality} is not actual, estimated or edited`;
  const unit = row.unit as ReadingType['unit'];
  const channel = channelOfReadingType({ measure: unit.endsWith('Wh') ? 'energy' : 'demand', direction, unit });
  if (typeof channel === 'string') return channel;
  try {
    return { meter, channel, reading: { start: start / 1000, seconds: Number(row.length), value: toBaseUnits(row.value, unit), quality, source } };
  } catch (e) {
    if (e instanceof FractionalValue) return e.message;
    throw e;
  }
}

/** The lines of a readings CSV as records by column name, each with its line number (csv-parse does the reading). */
export function csvRows(text: string): Array<{ line: number; row: Row }> {
  checkHeader(text);
  try {
    const records: Array<{ record: Row; info: { lines: number } }> = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
    });
    return records.map((r) => ({ line: r.info.lines, row: r.record }));
  } catch (e) {
    if (e instanceof CsvError) throw new UnreadableCsv(`the file is not readable CSV: ${e.message}`);
    throw e;
  }
}

/** Checks the header names the required columns (and nothing unknown). */
function checkHeader(text: string): void {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const header = first.split(',').map((h) => h.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h) && !(OPTIONAL as readonly string[]).includes(h));
  if (missing.length > 0 || unknown.length > 0) {
    throw new UnreadableCsv(
      `the first line must name the columns ${CSV_COLUMNS.join(',')} (optionally ${OPTIONAL.join(',')})${missing.length ? `; missing ${missing.join(', ')}` : ''}${unknown.length ? `; unknown ${unknown.join(', ')}` : ''}`,
    );
  }
}

/**
 * A readings CSV (one reading per line: meter serial, start, length in seconds, value, unit) as
 * readings of the meters' channels; a line that cannot be stored is refused with its number and
 * the reason, the others go on. Pure.
 */
export function csvBatches(
  rows: ReadonlyArray<{ line: number; row: Row }>,
  meters: ReadonlyMap<string, MeterFile>,
  source: string,
): { batches: ChannelBatch[]; refused: RefusedLine[] } {
  const batches = new Map<string, ChannelBatch>();
  const refused: RefusedLine[] = [];
  for (const { line, row } of rows) {
    const r = lineReading(row, meters, source);
    if (typeof r === 'string') {
      refused.push({ line, reason: r });
      continue;
    }
    const key = `${r.meter.id}|${channelKey(r.channel)}`;
    let batch = batches.get(key);
    if (!batch) batches.set(key, (batch = { meter: r.meter, channel: r.channel, readings: [] }));
    batch.readings.push(r.reading);
  }
  return { batches: [...batches.values()], refused };
}
