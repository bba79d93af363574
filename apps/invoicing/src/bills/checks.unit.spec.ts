import { checkDraft, DEFAULT_CHECKS, estimatedStreak, firstBill, highBill } from './checks';

const none = { totals: [], estimated: [] };
const rules = (...args: Parameters<typeof checkDraft>) => checkDraft(...args).map((f) => f.rule);

describe('checks before a bill is issued', () => {
  it('a bill that could not be rated, a negative bill and a zero bill are held', () => {
    expect(rules({ missingTariff: 'no version of E-1 is published', estimated: false }, none)).toEqual(['missing-tariff']);
    expect(rules({ total: '-5.00', estimated: false }, { totals: ['80'], estimated: [false] })).toEqual(['negative']);
    expect(rules({ total: '0.00', estimated: false }, { totals: ['80'], estimated: [false] })).toEqual(['zero']);
    expect(rules({ total: '92.10', estimated: false }, { totals: ['80', '85', '90'], estimated: [false, false, false] })).toEqual([]);
  });

  it('a bill above k × the average of the last three is held', () => {
    const h = { totals: ['50', '60', '70', '4000'], estimated: [] };
    expect(highBill({ total: '181', estimated: false }, h, DEFAULT_CHECKS)[0].detail).toBe('181 is more than 3 × the average of the last 3 bills (60.00)');
    expect(highBill({ total: '180', estimated: false }, h, DEFAULT_CHECKS)).toEqual([]);
  });

  it('a first bill above the limit is held; a later one is not', () => {
    expect(firstBill({ total: '1000.01', estimated: false }, none, DEFAULT_CHECKS).map((f) => f.rule)).toEqual(['first-bill']);
    expect(firstBill({ total: '1000.01', estimated: false }, { totals: ['900'], estimated: [false] }, DEFAULT_CHECKS)).toEqual([]);
  });

  it('usage estimated three periods in a row is held; an actual period in between resets the count', () => {
    expect(estimatedStreak({ total: '80', estimated: true }, { totals: ['80', '80'], estimated: [true, true] }, DEFAULT_CHECKS)[0].detail).toBe(
      'usage estimated 3 periods in a row',
    );
    expect(estimatedStreak({ total: '80', estimated: true }, { totals: ['80', '80'], estimated: [true, false] }, DEFAULT_CHECKS)).toEqual([]);
  });
});
