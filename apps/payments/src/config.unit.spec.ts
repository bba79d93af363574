import { DEFAULT_PAYMENTS, loadPaymentsConfig } from './config';

describe('the payments configuration', () => {
  it('has the collections, deposit and arrangement defaults', () => {
    expect(loadPaymentsConfig({}).payments).toEqual(DEFAULT_PAYMENTS);
    expect(DEFAULT_PAYMENTS).toMatchObject({
      lateFee: { kind: 'percent', percent: '1.5', cap: '25' },
      minimumArrears: '25',
      moratoria: [],
      depositByClass: { commercial: '250', industrial: '1000' },
      depositByCreditCheck: { fail: '200' },
    });
  });

  it('reads each setting from its variable', () => {
    const p = loadPaymentsConfig({
      COLLECTIONS_GRACE_DAYS: '3',
      REMINDER_DAYS: '10',
      FINAL_NOTICE_DAYS: '15',
      DISCONNECTION_DAYS: '12',
      MINIMUM_ARREARS: '50.00',
      LATE_FEE: '2%',
      LATE_FEE_CAP: 'none',
      COLLECTIONS_MORATORIUM: '12-01..02-28,2026-07-14',
      COLLECTIONS_CHUNK: '100',
      DEPOSIT_BY_CLASS: 'none',
      DEPOSIT_BY_CREDIT: 'fail=300,marginal=150',
      DEPOSIT_REFUND_MONTHS: '24',
      DEPOSIT_REFUND_CHANNEL: 'bank-transfer',
      MAX_INSTALLMENTS: '6',
      INSTALLMENT_LEAD_DAYS: '7',
      INSTALLMENT_TERMS_DAYS: '14',
    }).payments;
    expect(p).toMatchObject({
      graceDays: 3,
      reminderDays: 10,
      finalNoticeDays: 15,
      disconnectionDays: 12,
      minimumArrears: '50.00',
      lateFee: { kind: 'percent', percent: '2', cap: null },
      moratoria: [
        { label: '12-01..02-28', yearly: true },
        { label: '2026-07-14', yearly: false },
      ],
      collectionsChunk: 100,
      depositByClass: {},
      depositByCreditCheck: { fail: '300', marginal: '150' },
      depositRefundMonths: 24,
      depositRefundChannel: 'bank-transfer',
      maxInstallments: 6,
      installmentLeadDays: 7,
      termsDays: 14,
    });
    expect(loadPaymentsConfig({ LATE_FEE: '7.50' }).payments.lateFee).toEqual({ kind: 'fixed', amount: '7.50' });
  });

  it('names every bad variable at once', () => {
    expect(() =>
      loadPaymentsConfig({ LATE_FEE: 'a lot', LATE_FEE_CAP: '-1', COLLECTIONS_MORATORIUM: 'winter', DEPOSIT_BY_CLASS: 'gold=5', COLLECTIONS_GRACE_DAYS: '-2' }),
    ).toThrow(/LATE_FEE:[\s\S]*LATE_FEE_CAP:[\s\S]*COLLECTIONS_MORATORIUM:[\s\S]*DEPOSIT_BY_CLASS:/);
  });
});
