import { reconcileFinalBill, type AccountAgreement } from './final-bill';

const water = (endDate: string | null): AccountAgreement => ({ agreementId: 'water', servicePointId: 'sp-w', startDate: '2026-01-01', endDate });
const power = (endDate: string | null): AccountAgreement => ({ agreementId: 'power', servicePointId: 'sp-e', startDate: '2026-02-01', endDate });

describe("an account's final bill", () => {
  it('is not due while an agreement is open-ended', () => {
    expect(reconcileFinalBill([water('2026-12-20'), power(null)], [])).toEqual({});
  });

  it('water stopped for the 20th, then electricity transferred away on the 16th: due for the 20th, the water agreement', () => {
    expect(reconcileFinalBill([water('2026-12-20'), power('2026-12-16')], [])).toEqual({
      request: { agreementId: 'water', servicePointId: 'sp-w', finalDate: '2026-12-20' },
    });
  });

  it('is asked for once: a later change that keeps the same last day asks for nothing more', () => {
    const onRecord = [{ agreementId: 'water', finalDate: '2026-12-20' }];
    expect(reconcileFinalBill([water('2026-12-20'), power('2026-12-18')], onRecord)).toEqual({});
  });

  it('moves with the last day: a stop moved later withdraws the request and asks again for the new day', () => {
    const onRecord = [{ agreementId: 'water', finalDate: '2026-12-20' }];
    expect(reconcileFinalBill([water('2026-12-20'), power('2026-12-28')], onRecord)).toEqual({
      withdraw: { agreementId: 'water', finalDate: '2026-12-20' },
      request: { agreementId: 'power', servicePointId: 'sp-e', finalDate: '2026-12-28' },
    });
  });

  it('is withdrawn when a stop is called off and service goes on', () => {
    expect(reconcileFinalBill([water('2026-12-20'), power(null)], [{ agreementId: 'water', finalDate: '2026-12-20' }])).toEqual({
      withdraw: { agreementId: 'water', finalDate: '2026-12-20' },
    });
  });

  it('a new run of service after a final bill has a final bill of its own', () => {
    const again: AccountAgreement = { agreementId: 'power-2', servicePointId: 'sp-e', startDate: '2027-03-01', endDate: '2027-06-30' };
    const onRecord = [{ agreementId: 'water', finalDate: '2026-12-20' }];
    expect(reconcileFinalBill([water('2026-12-20'), power('2026-12-16'), again], onRecord)).toEqual({
      request: { agreementId: 'power-2', servicePointId: 'sp-e', finalDate: '2027-06-30' },
    });
  });
});
