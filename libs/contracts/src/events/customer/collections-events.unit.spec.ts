import { uuidv7 } from '../../values/ids';
import { createDefaultRegistry } from '../index';
import { DisconnectionRefusedV1 } from './collections-events';

describe('a refused disconnection', () => {
  const registry = createDefaultRegistry();
  const refusal: DisconnectionRefusedV1 = {
    requestId: uuidv7(),
    accountId: uuidv7(),
    reason: 'customer-protected',
    detail: 'Life-support equipment is registered at the premise.',
    protections: ['life-support'],
    refusedOn: '2025-03-04',
  };

  it('is a customer event on customer.events, keyed by the account like the request it answers', () => {
    expect(DisconnectionRefusedV1.type).toBe('utilia.customer.disconnection-refused.v1');
    expect(registry.get(DisconnectionRefusedV1.type)).toBe(DisconnectionRefusedV1);
    expect([DisconnectionRefusedV1.topic, DisconnectionRefusedV1.source]).toEqual(['customer.events', '/utilia/customer']);
    expect(DisconnectionRefusedV1.partitionKey(refusal)).toBe(refusal.accountId);
  });

  it('says why, and which protections are in force (none when no service is in force)', () => {
    expect(registry.validate(DisconnectionRefusedV1, refusal)).toEqual({ ok: true });
    expect(registry.validate(DisconnectionRefusedV1, { ...refusal, reason: 'no-service-in-force', protections: [] })).toEqual({ ok: true });
  });

  it.each([
    ['an unknown reason', { reason: 'customer-asked' }, 'data/reason must be equal to one of the allowed values'],
    ['an unknown protection', { protections: ['elderly'] }, 'data/protections/0 must be equal to one of the allowed values'],
    ['a protection twice', { protections: ['medical', 'medical'] }, 'data/protections must NOT have duplicate items (items ## 1 and 0 are identical)'],
    ['an empty detail', { detail: '' }, 'data/detail must NOT have fewer than 1 characters'],
    ['a day that does not exist', { refusedOn: '2025-02-30' }, 'data/refusedOn must match format "date"'],
    ['an unknown property', { note: 'x' }, 'data must NOT have additional property "note"'],
  ])('is refused with %s', (_, change, error) => {
    expect(registry.validate(DisconnectionRefusedV1, { ...refusal, ...change })).toEqual({ ok: false, errors: [error] });
  });
});
