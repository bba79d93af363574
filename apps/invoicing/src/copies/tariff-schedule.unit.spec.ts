import { tariffsOver, withoutTariffChange, withTariffChange } from './tariff-schedule';

describe("an agreement's tariffs over time", () => {
  const start = [{ tariffCode: 'E-1', from: '2026-01-10' }];

  it('a change from a day adds a period; a second change of the same day replaces it; a called-off one is gone', () => {
    const changed = withTariffChange(start, 'E-TOU', '2026-03-01');
    expect(withTariffChange(changed, 'E-EV', '2026-03-01')).toEqual([
      { tariffCode: 'E-1', from: '2026-01-10' },
      { tariffCode: 'E-EV', from: '2026-03-01' },
    ]);
    expect(withoutTariffChange(changed, '2026-03-01')).toEqual(start);
    // The first tariff is the agreement's own, never called off.
    expect(withoutTariffChange(changed, '2026-01-10')).toEqual(changed);
  });

  it('a billing period is split where the tariff changes, and starts no earlier than the agreement', () => {
    const tariffs = withTariffChange(start, 'E-TOU', '2026-02-15');
    expect(tariffsOver(tariffs, '2026-02-01', '2026-03-01')).toEqual([
      { tariffCode: 'E-1', from: '2026-02-01', to: '2026-02-15' },
      { tariffCode: 'E-TOU', from: '2026-02-15', to: '2026-03-01' },
    ]);
    expect(tariffsOver(tariffs, '2026-01-01', '2026-02-01')).toEqual([{ tariffCode: 'E-1', from: '2026-01-10', to: '2026-02-01' }]);
    expect(tariffsOver(tariffs, '2026-03-01', '2026-04-01')).toEqual([{ tariffCode: 'E-TOU', from: '2026-03-01', to: '2026-04-01' }]);
  });
});
