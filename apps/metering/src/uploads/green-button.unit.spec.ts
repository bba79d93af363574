import { parseEspi } from '@utilia/greenbutton';
import type { MeterFile } from '../meter/meter.queries';
import { espiBatches, qualityOfEspi } from './green-button';

const meter: MeterFile = { id: '0190a000-0000-7000-8000-000000000001', serial: 'M-1', commodity: 'electricity', kind: 'interval', registers: [] };
const readingType = (fields: string) => `<ReadingType xmlns="http://naesb.org/espi">${fields}</ReadingType>`;
const block = (readings: string) => `<IntervalBlock xmlns="http://naesb.org/espi">${readings}</IntervalBlock>`;
const reading = (start: number, value: number, extra = '') =>
  `<IntervalReading>${extra}<timePeriod><duration>900</duration><start>${start}</start></timePeriod><value>${value}</value></IntervalReading>`;
const feed = (...contents: string[]) =>
  `<feed xmlns="http://www.w3.org/2005/Atom">${contents.map((c, i) => `<entry><link rel="self" href="/r/${i}"/><link rel="related" href="/rt"/><content>${c}</content></entry>`).join('')}</feed>`;

describe('Green Button interval blocks as readings', () => {
  it('energy in Wh goes to the Wh channel with its multiplier applied, keeping cost and quality', () => {
    const doc = parseEspi(feed(block(`${reading(0, 5, '<cost>120</cost>')}${reading(900, 6, '<ReadingQuality><quality>9</quality></ReadingQuality>')}`)));
    const { batches, refused } = espiBatches(doc, meter, 'upload:csr', { uom: '72', powerOfTenMultiplier: '3' });
    expect(refused).toEqual([]);
    expect(batches[0].channel).toEqual({ measure: 'energy', direction: 'import', unit: 'Wh', scale: 0 });
    expect(batches[0].readings.map((r) => [r.value, r.cost, r.quality])).toEqual([
      [5000n, 120n, 'A'],
      [6000n, null, 'E'],
    ]);
  });

  it('therms keep their unit and power of ten; power and register reads are refused with the reason', () => {
    const gas = espiBatches(parseEspi(block(reading(0, 37000))), meter, 'u', { uom: '169', powerOfTenMultiplier: '-3' });
    expect(gas.batches[0].channel).toEqual({ measure: 'energy', direction: 'import', unit: 'therm', scale: -3 });
    expect(espiBatches(parseEspi(block(reading(0, 1))), meter, 'u', { uom: '38', powerOfTenMultiplier: '0' }).refused[0].reason).toBe(
      'it is power (uom 38, W), not energy per interval',
    );
    const doc = parseEspi(
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="self" href="/rt"/><content>${readingType('<accumulationBehaviour>1</accumulationBehaviour><uom>72</uom>')}</content></entry><entry><link rel="related" href="/rt"/><content>${block(reading(0, 1))}</content></entry></feed>`,
    );
    expect(espiBatches(doc, meter, 'u').refused.map((r) => r.reason)).toEqual(['its ReadingType has accumulationBehaviour 1, not 4 (interval data)']);
  });

  it('a bare block needs its unit from the uploader', () => {
    expect(espiBatches(parseEspi(block(reading(0, 1))), meter, 'u').refused[0].reason).toBe(
      'it has no ReadingType: give uom and powerOfTenMultiplier with the upload',
    );
  });

  it('reads ESPI quality codes: 7 edited, 8 and 9 estimated, the rest as read', () => {
    expect([['7'], ['8'], ['9'], ['12'], ['17'], undefined].map((q) => qualityOfEspi(q))).toEqual(['D', 'E', 'E', 'E', 'A', 'A']);
  });
});
