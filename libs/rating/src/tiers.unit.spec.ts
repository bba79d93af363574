import { Big } from './money';
import { ladderCharge, ladderPortions } from './tiers';

const b = (s: string) => new Big(s);
const text = (xs: { toFixed(): string }[]) => xs.map((x) => x.toFixed());

describe('tier ladder', () => {
  it('fills blocks in order up to their cumulative limits', () => {
    expect(text(ladderPortions(b('750'), [b('500'), b('1000'), undefined]))).toEqual(['500', '250', '0']);
  });
  it('puts usage beyond the last closed limit in the last tier', () => {
    expect(text(ladderPortions(b('1200'), [b('500'), b('1000')]))).toEqual(['500', '700']);
  });
  it('fills nothing for zero or negative usage', () => {
    expect(text(ladderPortions(b('-5'), [b('500'), undefined]))).toEqual(['0', '0']);
  });
  it('charges each block at its own rate', () => {
    // 500 × 0.10 + 250 × 0.20 = 100
    expect(ladderCharge(b('750'), [b('500'), undefined], [b('0.10'), b('0.20')]).toFixed()).toBe('100');
  });
});
