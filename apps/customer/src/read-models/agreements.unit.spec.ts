import { asOf } from './agreements';

const tariffs = [
  { tariffCode: 'E-1', from: '2026-11-01' },
  { tariffCode: 'E-TOU', from: '2026-12-15' },
];

describe('an agreement read on a day', () => {
  it('a change made on the 1st for the 15th is scheduled, not in force, until the 15th', () => {
    expect(asOf({ startDate: '2026-11-01', endDate: null, tariffs }, '2026-12-01')).toMatchObject({
      tariffCode: 'E-1',
      tariffFrom: '2026-11-01',
      scheduledTariffChanges: [{ tariffCode: 'E-TOU', from: '2026-12-15' }],
    });
    expect(asOf({ startDate: '2026-11-01', endDate: null, tariffs }, '2026-12-15')).toMatchObject({ tariffCode: 'E-TOU', scheduledTariffChanges: [] });
  });

  it('an agreement not started yet shows the tariff it starts on; one that ended, the tariff it ended on', () => {
    expect(asOf({ startDate: '2026-11-01', endDate: null, tariffs }, '2026-10-01')).toMatchObject({
      tariffCode: 'E-1',
      scheduledTariffChanges: [{ tariffCode: 'E-TOU' }],
    });
    expect(asOf({ startDate: '2026-11-01', endDate: '2026-11-30', tariffs: tariffs.slice(0, 1) }, '2027-01-01')).toMatchObject({
      tariffCode: 'E-1',
      scheduledTariffChanges: [],
    });
  });
});
