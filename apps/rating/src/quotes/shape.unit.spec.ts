import { monthWeights, shapeOf, spread } from './shape';

describe('spreading monthly totals over a typical load shape', () => {
  it('the hours of a month sum exactly to its total, in the shape proportions', () => {
    const wh = spread(1000, [1, 3, 0, 1]);
    expect(wh).toEqual([200, 600, 0, 200]);
    expect(spread(1001, [1, 1, 1]).reduce((s, w) => s + w, 0)).toBe(1001);
  });

  it('a shape of zeros spreads evenly', () => {
    expect(spread(9, [0, 0, 0])).toEqual([3, 3, 3]);
  });

  it('a month takes its own hours of the yearly shape, wrapping for a longer month (a leap February)', () => {
    const shape = Array.from({ length: 8760 }, (_, h) => h);
    expect(monthWeights(shape, 1, 3)).toEqual([744, 745, 746]);
    expect(monthWeights(shape, 1, 29 * 24)[28 * 24]).toBe(744);
  });

  it('the residential shape is a year of hourly values with its evening peak above its night', () => {
    const shape = shapeOf('residential');
    expect(shape).toHaveLength(8760);
    const at = (hour: number) => shape.filter((_, h) => h % 24 === hour).reduce((s, v) => s + v, 0);
    expect(at(19)).toBeGreaterThan(at(3));
  });
});
