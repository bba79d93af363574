import { CustomerProtectionAddedV1, CustomerRegisteredV1, uuidv7 } from '@utilia/contracts';
import { event } from '@utilia/platform';
import { given, named, violatedRule } from '@utilia/platform/testing';
import { parseBody } from '@utilia/platform';
import { customerAggregate, decideCustomer } from './customer.decider';
import { CustomerDetailsBody, customerDetailsOf, customerDetailsRules } from './customer.schemas';

const readCustomerDetails = (body: unknown) => customerDetailsOf(parseBody(CustomerDetailsBody, body, customerDetailsRules));

const now = new Date('2025-06-15T10:00:00Z');
const customerId = uuidv7();
const protectionId = uuidv7();
const details = readCustomerDetails({
  kind: 'person',
  givenName: 'Ada',
  familyName: 'Lovelace',
  contactPoints: [{ kind: 'email', value: 'ada@example.org', primary: true }],
});
const registered = event(CustomerRegisteredV1, { customerId, kind: 'person', displayName: 'Ada Lovelace', registeredAt: now.toISOString() });
const lifeSupport = event(CustomerProtectionAddedV1, {
  customerId,
  protectionId,
  kind: 'life-support',
  from: '2025-01-01',
  to: null,
  evidence: 'oxygen concentrator, letter from GP',
});

describe('customers', () => {
  it('a person registers with a display name made of their names, and their details', () => {
    expect(named(decideCustomer(given(customerAggregate), { type: 'register', customerId, details }, now))).toEqual([
      ['customer-registered', { customerId, kind: 'person', displayName: 'Ada Lovelace', registeredAt: '2025-06-15T10:00:00.000Z' }],
      ['customer-details-changed', { customerId, ...details }],
    ]);
  });

  it('a customer registers only once', () => {
    expect(violatedRule(() => decideCustomer(given(customerAggregate, registered), { type: 'register', customerId, details }, now))).toBe(
      'customer-already-registered',
    );
  });

  it('a person cannot turn into an organisation', () => {
    const org = { ...details, kind: 'organisation' as const };
    expect(violatedRule(() => decideCustomer(given(customerAggregate, registered), { type: 'change-details', customerId, details: org }, now))).toBe(
      'customer-kind-immutable',
    );
  });

  it('bad details name each field at fault', () => {
    expect(
      violatedRule(() =>
        readCustomerDetails({ kind: 'person', givenName: '', contactPoints: [{ kind: 'email', value: 'nope' }], preferences: { channels: ['fax'] } }),
      ),
    ).toBe('validation: givenName,familyName,contactPoints[0].value,preferences.channels[0]');
  });
});

describe('protections', () => {
  it('a life-support protection is recorded with its dates and evidence', () => {
    expect(
      named(
        decideCustomer(
          given(customerAggregate, registered),
          {
            type: 'add-protection',
            customerId,
            protectionId,
            kind: 'life-support',
            from: '2025-01-01',
            to: null,
            evidence: 'oxygen concentrator, letter from GP',
          },
          now,
        ),
      ),
    ).toEqual([['customer-protection-added', lifeSupport.data]]);
  });

  it('a protection cannot end before it starts', () => {
    expect(
      violatedRule(() =>
        decideCustomer(
          given(customerAggregate, registered),
          { type: 'add-protection', customerId, protectionId, kind: 'medical', from: '2025-03-01', to: '2025-02-01', evidence: 'x' },
          now,
        ),
      ),
    ).toBe('protection-ends-before-it-starts');
  });

  it('a protection ends once', () => {
    const state = given(customerAggregate, registered, lifeSupport);
    const ended = decideCustomer(state, { type: 'end-protection', customerId, protectionId, endedOn: '2025-06-01', reason: 'equipment returned' }, now);
    expect(
      violatedRule(() =>
        decideCustomer(
          given(customerAggregate, registered, lifeSupport, ...ended),
          { type: 'end-protection', customerId, protectionId, endedOn: '2025-06-02', reason: 'again' },
          now,
        ),
      ),
    ).toBe('protection-already-ended');
  });
});
