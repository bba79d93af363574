import { uuidv7 } from '../../values/ids';
import { createDefaultRegistry } from '../index';
import { AccountOpenedV1, CustomerRegisteredV1, ServiceAgreementStoppedV1 } from './customer-events';

describe('customer events', () => {
  const registry = createDefaultRegistry();

  it('a registered customer is keyed by its id, for there is no account yet', () => {
    const data: CustomerRegisteredV1 = { customerId: uuidv7(), kind: 'person', displayName: 'Ada Lovelace', registeredAt: '2025-03-01T09:00:00.000Z' };
    expect(registry.validate(CustomerRegisteredV1, data)).toEqual({ ok: true });
    expect(CustomerRegisteredV1.partitionKey(data)).toBe(data.customerId);
  });

  it('an opened account is keyed by the account so its events stay in order', () => {
    const data: AccountOpenedV1 = {
      accountId: uuidv7(),
      accountNumber: '10000017',
      customerId: uuidv7(),
      currency: 'USD',
      billCycle: '07',
      openedOn: '2025-03-01',
    };
    expect(registry.validate(AccountOpenedV1, data)).toEqual({ ok: true });
    expect(AccountOpenedV1.partitionKey(data)).toBe(data.accountId);
  });

  it('an account cannot open on a day that does not exist', () => {
    const data = { accountId: uuidv7(), accountNumber: '10000017', customerId: uuidv7(), currency: 'USD', billCycle: '07', openedOn: '2025-02-29' };
    expect(registry.validate(AccountOpenedV1, data)).toEqual({ ok: false, errors: ['data/openedOn must match format "date"'] });
  });

  it('a stopped agreement says why and whether a final bill is due', () => {
    const data: ServiceAgreementStoppedV1 = {
      agreementId: uuidv7(),
      accountId: uuidv7(),
      servicePointId: uuidv7(),
      endDate: '2025-06-30',
      reason: 'move-out',
      finalBillRequested: true,
    };
    expect(registry.validate(ServiceAgreementStoppedV1, data)).toEqual({ ok: true });
    expect(registry.validate(ServiceAgreementStoppedV1, { ...data, reason: 'eviction' })).toMatchObject({ ok: false });
  });

  it('every customer event goes to customer.events with source /utilia/customer', () => {
    const types = registry.all().filter((t) => t.context === 'customer');
    expect(types.length).toBeGreaterThanOrEqual(5);
    for (const t of types) expect([t.topic, t.source]).toEqual(['customer.events', '/utilia/customer']);
  });
});
