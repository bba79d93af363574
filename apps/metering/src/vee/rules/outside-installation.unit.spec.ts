import { installationAt, outsideInstallation } from './outside-installation';

const r = (i: number) => ({ start: i * 900, seconds: 900, value: 1n, quality: 'A' as const });
const installed = [
  { servicePointId: 'sp-1', from: 0, to: 10 * 900 },
  { servicePointId: 'sp-2', from: 20 * 900, to: null },
];

describe('the outside-installation check', () => {
  it('a reading belongs to the point where the meter was when the interval started', () => {
    expect(installationAt(installed, 5 * 900)?.servicePointId).toBe('sp-1');
    expect(installationAt(installed, 10 * 900)).toBeUndefined();
    expect(installationAt(installed, 30 * 900)?.servicePointId).toBe('sp-2');
  });

  it('readings from when the meter was installed nowhere are shown to a person', () => {
    expect(outsideInstallation([r(9), r(10), r(11), r(20)], installed)).toEqual([
      {
        rule: 'outside-installation',
        from: 10 * 900,
        to: 12 * 900,
        detail: '2 reading(s) from 1970-01-01T02:30:00Z when the meter was installed at no service point',
      },
    ]);
  });
});
