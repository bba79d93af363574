import type { MeterFile } from '../meter/meter.queries';
import { csvBatches, csvRows, UnreadableCsv } from './csv';

const meter: MeterFile = { id: '0190a000-0000-7000-8000-000000000001', serial: 'M-1', commodity: 'electricity', kind: 'interval', registers: [] };
const meters = new Map([['M-1', meter]]);

describe('reading a readings CSV', () => {
  it('groups the lines into channels, in base units, with the quality a line gives', () => {
    const rows = csvRows(
      'meter,start,length,value,unit,direction,quality\nM-1,2026-03-01T00:00:00Z,900,1.5,kWh,,\nM-1,2026-03-01T00:15:00+01:00,900,2,Wh,export,estimated\n',
    );
    const { batches, refused } = csvBatches(rows, meters, 'upload:csr-1');
    expect(refused).toEqual([]);
    expect(batches.map((b) => [b.channel.direction, b.readings.map((r) => [r.start, r.value, r.quality, r.source])])).toEqual([
      ['import', [[Date.parse('2026-03-01T00:00:00Z') / 1000, 1500n, 'A', 'upload:csr-1']]],
      ['export', [[Date.parse('2026-02-28T23:15:00Z') / 1000, 2n, 'E', 'upload:csr-1']]],
    ]);
  });

  it('refuses a line with its number and the reason, and goes on with the others', () => {
    const rows = csvRows(
      'meter,start,length,value,unit\n\nM-2,2026-03-01T00:00:00Z,900,1,Wh\nM-1,2026-03-01,900,1,Wh\nM-1,2026-03-01T00:00:00Z,0,1,Wh\nM-1,2026-03-01T00:00:00Z,900,1.5,Wh\nM-1,2026-03-01T00:00:00Z,900,1,therm\nM-1,2026-03-01T00:00:00Z,900,7,Wh',
    );
    const { batches, refused } = csvBatches(rows, meters, 'upload:x');
    expect(refused).toEqual([
      { line: 3, reason: 'meter M-2 is not in the inventory' },
      { line: 4, reason: 'start 2026-03-01 is not an ISO-8601 instant with its offset' },
      { line: 5, reason: 'length 0 is not a number of seconds' },
      { line: 6, reason: '1.5 is not a whole number of Wh' },
      { line: 7, reason: 'unit therm is not one of Wh, kWh, MWh, W, kW' },
    ]);
    expect(batches[0].readings.map((r) => r.value)).toEqual([7n]);
  });

  it('a file without the columns, or with a broken quote, cannot be read at all', () => {
    expect(() => csvRows('serial,when,kwh\nM-1,x,1')).toThrow(UnreadableCsv);
    expect(() => csvRows('serial,when,kwh\nM-1,x,1')).toThrow('missing meter, start, length, value, unit; unknown serial, when, kwh');
    expect(() => csvRows('meter,start,length,value,unit\n"M-1,2026')).toThrow(UnreadableCsv);
  });
});
