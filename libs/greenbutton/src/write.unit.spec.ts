import { EspiError } from './errors';
import { readingsInWh } from './energy';
import { inspect } from './inspect';
import type { ReadingType } from './model';
import { parseEspi } from './parse';
import { writeEspi, type EspiWriteInput } from './write';

const HOUR = 3600;
const JAN_1_EST = Date.parse('2025-01-01T05:00:00Z') / 1000;
const JAN_1_UTC = Date.parse('2025-01-01T00:00:00Z') / 1000;

const hourly = (count: number, start = JAN_1_EST, wh: (i: number) => bigint = (i) => BigInt(100 + i)) =>
  Array.from({ length: count }, (_, i) => ({ start: start + i * HOUR, seconds: HOUR, wh: wh(i) }));

const input = (over: Partial<EspiWriteInput> = {}): EspiWriteInput => ({
  updated: '2025-01-03T00:00:00Z',
  usagePoint: { id: 'SP-1', title: '1 Main St' },
  intervalLength: HOUR,
  readings: hourly(24),
  ...over,
});

function errorOf(f: () => unknown): EspiError {
  try {
    f();
  } catch (e) {
    if (e instanceof EspiError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('writeEspi', () => {
  it('writes a feed that parses back to the same readings, quality codes and sums, each block linked to the Wh ReadingType', () => {
    const readings = hourly(24, JAN_1_UTC).map((r, i) => (i === 5 ? { ...r, qualities: ['8'] } : i === 6 ? { ...r, qualities: ['17', '18'] } : r));
    const doc = parseEspi(writeEspi(input({ readings })));
    expect(doc.intervalBlocks).toHaveLength(1);
    const [block] = doc.intervalBlocks;
    expect(block.readingTypeResolution).toBe('link');
    expect(block.interval).toEqual({ start: JAN_1_UTC, duration: 24 * HOUR });
    expect(readingsInWh(block, block.readingType as ReadingType)).toEqual(readings.map(({ start, seconds, wh }) => ({ start, seconds, wh })));
    expect(block.readings[5].qualities).toEqual(['8']);
    expect(block.readings[6].qualities).toEqual(['17', '18']);
    expect(block.readings[7].qualities).toBeUndefined();
    expect(inspect(doc).intervalBlocks).toEqual([
      {
        count: 24,
        firstStart: '2025-01-01T00:00:00Z',
        lastStart: '2025-01-01T23:00:00Z',
        valueSum: String(24 * 100 + 276),
        costSum: '0',
        durations: { '3600': 24 },
      },
    ]);
  });

  it('writes the ReadingType of integer Wh delta data, flowDirection 1 for import and 19 for export', () => {
    const imported = parseEspi(writeEspi(input())).readingTypes;
    expect(imported.map((rt) => rt.fields)).toEqual([
      { accumulationBehaviour: '4', commodity: '1', flowDirection: '1', intervalLength: '3600', kind: '12', powerOfTenMultiplier: '0', uom: '72' },
    ]);
    expect(parseEspi(writeEspi(input({ flowDirection: 'export' }))).readingTypes[0].fields.flowDirection).toBe('19');
  });

  it('writes the usage point with its title and the ServiceCategory kind of its commodity', () => {
    expect(parseEspi(writeEspi(input())).usagePoints).toMatchObject([{ serviceCategoryKind: '0', entry: { title: '1 Main St' } }]);
    const gas = parseEspi(writeEspi(input({ usagePoint: { id: 'G', title: 'Gas meter', commodity: 'naturalGas' } })));
    expect(gas.usagePoints[0].serviceCategoryKind).toBe('1');
    expect(gas.readingTypes[0].fields.commodity).toBe('7');
  });

  it('splits readings into one block per local standard-time day and writes the LocalTimeParameters', () => {
    const localTimeParameters = { tzOffset: -18_000, dstOffset: 3600, dstStartRule: '360E2000', dstEndRule: 'B40E2000' };
    const doc = parseEspi(writeEspi(input({ readings: hourly(60), localTimeParameters })));
    expect(doc.intervalBlocks.map((b) => b.readings.length)).toEqual([24, 24, 12]);
    expect(doc.intervalBlocks.every((b) => b.readingTypeResolution === 'link')).toBe(true);
    expect(doc.localTimeParameters?.fields).toEqual({ dstEndRule: 'B40E2000', dstOffset: '3600', dstStartRule: '360E2000', tzOffset: '-18000' });
    // Without LocalTimeParameters days are UTC days: 05:00Z to 24:00Z is the first one.
    expect(parseEspi(writeEspi(input({ readings: hourly(60) }))).intervalBlocks.map((b) => b.readings.length)).toEqual([19, 24, 17]);
  });

  it('splits readings where blockStarts say, and refuses a reading before the first', () => {
    const doc = parseEspi(writeEspi(input({ readings: hourly(10), blockStarts: [JAN_1_EST, JAN_1_EST + 3 * HOUR, JAN_1_EST + 100 * HOUR] })));
    expect(doc.intervalBlocks.map((b) => b.readings.length)).toEqual([3, 7]);
    expect(errorOf(() => writeEspi(input({ blockStarts: [JAN_1_EST + HOUR] }))).message).toBe('readings[0] starts before the first of blockStarts');
    expect(errorOf(() => writeEspi(input({ blockStarts: [2, 1] }))).where).toBe('blockStarts');
  });

  it('writes the same bytes for the same input: no clock, no random ids', () => {
    const xml = writeEspi(input());
    expect(writeEspi(input())).toBe(xml);
    expect(xml).toContain('<updated>2025-01-03T00:00:00Z</updated>');
    expect(xml).toContain('<espi:IntervalBlock>');
  });

  it('escapes a usage point id with reserved characters and still links blocks to their ReadingType', () => {
    const doc = parseEspi(writeEspi(input({ usagePoint: { id: 'a b/c&d', title: 'R&D <lab>' }, baseUrl: 'https://utility.example/espi/1_1/resource/' })));
    expect(doc.intervalBlocks[0].readingTypeResolution).toBe('link');
    expect(doc.readingTypes[0].entry?.self).toBe('https://utility.example/espi/1_1/resource/ReadingType/a%20b%2Fc%26d');
    expect(doc.usagePoints[0].entry?.title).toBe('R&D <lab>');
  });

  it('refuses bad input by field: overlap, non-integer or out-of-range Wh, zero seconds, bad quality, bad date', () => {
    const r = hourly(2);
    expect(errorOf(() => writeEspi(input({ readings: [r[1], r[0]] }))).message).toBe(
      'readings[1].start must start at or after the end of the previous reading (readings in ascending order, no overlap)',
    );
    expect(errorOf(() => writeEspi(input({ readings: [{ ...r[0], wh: 1.5 }] }))).where).toBe('readings[0].wh');
    expect(errorOf(() => writeEspi(input({ readings: [{ ...r[0], wh: 2n ** 47n }] }))).where).toBe('readings[0].wh');
    expect(errorOf(() => writeEspi(input({ readings: [{ ...r[0], seconds: 0 }] }))).where).toBe('readings[0].seconds');
    expect(errorOf(() => writeEspi(input({ readings: [{ ...r[0], qualities: ['estimated'] }] }))).where).toBe('readings[0].qualities[0]');
    expect(errorOf(() => writeEspi(input({ updated: 'yesterday' }))).where).toBe('updated');
    expect(errorOf(() => writeEspi(input({ intervalLength: 0 }))).where).toBe('intervalLength');
    expect(errorOf(() => writeEspi(input({ usagePoint: { id: '', title: 'x' } }))).where).toBe('usagePoint.id');
    expect(errorOf(() => writeEspi(input({ localTimeParameters: { tzOffset: 0, dstOffset: 0, dstStartRule: 'March', dstEndRule: '0' } }))).where).toBe(
      'localTimeParameters.dstStartRule',
    );
  });

  it('writes a feed without interval blocks when there are no readings', () => {
    const doc = parseEspi(writeEspi(input({ readings: [] })));
    expect(doc.intervalBlocks).toEqual([]);
    expect(doc.readingTypes).toHaveLength(1);
  });
});
