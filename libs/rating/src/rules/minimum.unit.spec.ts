import { Big, ONE } from '../money';
import { annualMinimumLine, minimumLine } from './minimum';

const b = (s: string) => new Big(s);

describe('minimum charges', () => {
  it('tops a small bill up to the monthly minimum', () => {
    expect(minimumLine({ monthly: b('10') }, b('7.5'), 30, ONE)?.amount.toFixed()).toBe('2.5');
  });
  it('adds nothing when the charges reach the minimum', () => {
    expect(minimumLine({ monthly: b('10') }, b('10'), 30, ONE)).toBeUndefined();
  });
  it('counts a daily minimum for each day of service', () => {
    expect(minimumLine({ daily: b('0.5') }, b('3'), 10, ONE)?.amount.toFixed()).toBe('2');
  });
  it('prorates the monthly minimum over a partial period', () => {
    expect(minimumLine({ monthly: b('10') }, b('0'), 15, b('0.5'))?.amount.toFixed()).toBe('5');
  });
  it('settles the annual minimum against the whole year', () => {
    expect(annualMinimumLine(b('600'), b('450'))?.amount.toFixed()).toBe('150');
    expect(annualMinimumLine(b('600'), b('650'))).toBeUndefined();
  });
});
