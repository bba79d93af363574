import fc from 'fast-check';
import { readingsInWh } from './energy';
import { inspect } from './inspect';
import type { ReadingType } from './model';
import { parseEspi } from './parse';
import { writeEspi } from './write';

const QUALITY = fc.constantFrom('0', '8', '9', '14', '17', '19');

describe('writeEspi then parseEspi (property)', () => {
  it('gives back any series of non-negative integer Wh over consecutive intervals exactly, with its quality codes and sums', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.constantFrom(300, 900, 1800, 3600, 86_400),
        fc.array(fc.record({ wh: fc.bigInt({ min: 0n, max: 2n ** 47n - 1n }), qualities: fc.array(QUALITY, { maxLength: 2 }) }), { maxLength: 200 }),
        fc.option(fc.integer({ min: -43_200, max: 50_400 }), { nil: undefined }),
        (start, seconds, series, tzOffset) => {
          const readings = series.map((r, i) => ({ start: start + i * seconds, seconds, wh: r.wh, qualities: r.qualities }));
          const xml = writeEspi({
            updated: '2025-01-01T00:00:00Z',
            usagePoint: { id: 'SP', title: 'point' },
            intervalLength: seconds,
            readings,
            ...(tzOffset === undefined ? {} : { localTimeParameters: { tzOffset, dstOffset: 3600, dstStartRule: '360E2000', dstEndRule: 'B40E2000' } }),
          });
          const doc = parseEspi(xml);
          const back = doc.intervalBlocks.flatMap((b) => {
            expect(b.readingTypeResolution).toBe('link');
            return readingsInWh(b, b.readingType as ReadingType).map((r, i) => ({ ...r, qualities: b.readings[i].qualities ?? [] }));
          });
          expect(back).toEqual(readings);
          const total = inspect(doc).intervalBlocks.reduce((sum, b) => sum + BigInt(b.valueSum), 0n);
          expect(total).toBe(series.reduce((sum, r) => sum + r.wh, 0n));
          expect(inspect(doc).intervalBlocks.reduce((n, b) => n + b.count, 0)).toBe(series.length);
        },
      ),
      { numRuns: 100 },
    );
  });
});
