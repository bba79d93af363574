import { uuidv7 } from '../../values/ids';
import { createDefaultRegistry } from '../index';
import {
  AccountWrittenOffV1,
  CollectionsCaseChangedV1,
  CollectionsNoticeSentV1,
  CollectionsStepWithheldV1,
  DepositRequiredV1,
  PaymentArrangementBrokenV1,
  PaymentArrangementMadeV1,
} from './arrears-events';

describe('the collections, deposit and arrangement events', () => {
  const registry = createDefaultRegistry();
  const accountId = uuidv7();
  const usd = (amount: string) => ({ amount, currency: 'USD' });

  it('are payments events on payments.events, keyed by the account', () => {
    for (const t of [
      CollectionsCaseChangedV1,
      CollectionsNoticeSentV1,
      CollectionsStepWithheldV1,
      DepositRequiredV1,
      PaymentArrangementMadeV1,
      AccountWrittenOffV1,
    ]) {
      expect(registry.get(t.type)).toBe(t);
      expect([t.topic, t.source]).toEqual(['payments.events', '/utilia/payments']);
    }
    expect(CollectionsNoticeSentV1.type).toBe('utilia.payments.collections-notice-sent.v1');
    expect(
      CollectionsCaseChangedV1.partitionKey({
        caseId: uuidv7(),
        accountId,
        status: 'opened',
        reason: 'past-due',
        arrears: usd('10.00'),
        changedOn: '2026-03-01',
      }),
    ).toBe(accountId);
  });

  it('say each step with its money and dates', () => {
    const caseId = uuidv7();
    expect(
      registry.validate(CollectionsNoticeSentV1, {
        noticeId: uuidv7(),
        caseId,
        accountId,
        notice: 'final-notice',
        arrears: usd('412.37'),
        sentOn: '2026-03-01',
        payBy: '2026-03-10',
      }),
    ).toEqual({ ok: true });
    expect(
      registry.validate(CollectionsCaseChangedV1, {
        caseId,
        accountId,
        status: 'on-hold',
        reason: 'disconnection-refused',
        detail: 'customer-protected: life support',
        arrears: usd('412.37'),
        changedOn: '2026-03-12',
      }),
    ).toEqual({ ok: true });
    expect(
      registry.validate(PaymentArrangementMadeV1, {
        arrangementId: uuidv7(),
        accountId,
        arrears: usd('100.00'),
        installments: [
          { number: 1, amount: usd('33.34'), dueDate: '2026-04-28' },
          { number: 2, amount: usd('33.33'), dueDate: '2026-05-28' },
          { number: 3, amount: usd('33.33'), dueDate: '2026-06-28' },
        ],
        madeOn: '2026-03-20',
      }),
    ).toEqual({ ok: true });
    expect(
      registry.validate(PaymentArrangementBrokenV1, {
        arrangementId: uuidv7(),
        accountId,
        reason: 'current-charges-unpaid',
        owed: usd('66.66'),
        brokenOn: '2026-06-03',
      }),
    ).toEqual({ ok: true });
  });

  it.each([
    ['a notice that is no notice', CollectionsNoticeSentV1, { notice: 'letter' }, 'data/notice must be equal to one of the allowed values'],
    ['money as a number', CollectionsNoticeSentV1, { arrears: { amount: 412.37, currency: 'USD' } }, 'data/arrears/amount must be string'],
    ['an unknown exemption', CollectionsStepWithheldV1, { reason: 'sunny' }, 'data/reason must be equal to one of the allowed values'],
    ['an unknown deposit basis', DepositRequiredV1, { basis: 'hunch' }, 'data/basis must be equal to one of the allowed values'],
  ])('refuse %s', (_, type, change, error) => {
    const valid: Record<string, object> = {
      [CollectionsNoticeSentV1.type]: {
        noticeId: uuidv7(),
        caseId: uuidv7(),
        accountId,
        notice: 'reminder',
        arrears: usd('1.00'),
        sentOn: '2026-03-01',
        payBy: '2026-03-14',
      },
      [CollectionsStepWithheldV1.type]: {
        caseId: uuidv7(),
        accountId,
        step: 'disconnection',
        reason: 'moratorium',
        detail: 'winter',
        withheldOn: '2026-12-02',
      },
      [DepositRequiredV1.type]: {
        depositId: uuidv7(),
        accountId,
        chargeId: uuidv7(),
        amount: usd('250.00'),
        basis: 'customer-class',
        reason: 'customer class commercial',
        requiredOn: '2026-01-02',
      },
    };
    expect(registry.validate(type, valid[type.type])).toEqual({ ok: true });
    expect(registry.validate(type, { ...valid[type.type], ...change })).toEqual({ ok: false, errors: [error] });
  });
});
