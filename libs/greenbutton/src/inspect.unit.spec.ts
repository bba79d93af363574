import { feed, reading } from './testing/corpus';
import { inspect, summariseBlock } from './inspect';
import { parseEspi } from './parse';

describe('inspect', () => {
  it('sums values and costs exactly, counts durations, and takes the earliest and latest starts whatever the order', () => {
    const doc = parseEspi(
      feed(
        `<content><espi:IntervalBlock>${reading(7200, 3600, 5, 10)}${reading(3600, 3600, 7)}${reading(0, 1800, '140737488355327', 1)}</espi:IntervalBlock></content>`,
        `<content><espi:IntervalBlock/></content>`,
      ),
    );
    expect(inspect(doc)).toEqual({
      intervalBlocks: [
        {
          count: 3,
          firstStart: '1970-01-01T00:00:00Z',
          lastStart: '1970-01-01T02:00:00Z',
          valueSum: '140737488355339',
          costSum: '11',
          durations: { '1800': 1, '3600': 2 },
        },
        { count: 0, firstStart: null, lastStart: null, valueSum: '0', costSum: '0', durations: {} },
      ],
      readingTypes: [],
    });
  });

  it('adds the fields of every ReadingType, in document order', () => {
    const doc = parseEspi(
      feed(
        '<content><espi:ReadingType><espi:powerOfTenMultiplier>0</espi:powerOfTenMultiplier><espi:uom>72</espi:uom></espi:ReadingType></content>',
        '<content><espi:ReadingType><espi:uom>169</espi:uom></espi:ReadingType></content>',
      ),
    );
    expect(inspect(doc)).toEqual({ intervalBlocks: [], readingTypes: [{ powerOfTenMultiplier: '0', uom: '72' }, { uom: '169' }] });
  });

  it('summarises a block with negative values to a negative sum', () => {
    const [block] = parseEspi(
      `<IntervalBlock>${reading(0, 900, -3).split('espi:').join('')}${reading(900, 900, 1).split('espi:').join('')}</IntervalBlock>`,
    ).intervalBlocks;
    expect(summariseBlock(block).valueSum).toBe('-2');
  });
});
