import { createEnvelope, defineEvent, EventRegistry, parseWireName } from './registry';
import { EventValidationError, UnknownEventTypeError } from './errors';
import { Topics } from './topics';
import { MoneySchema, type Money } from './values/money';
import { UuidV7Schema } from './values/ids';
import { uuidv7 } from './values/ids';

interface DepositPaidV1 {
  accountId: string;
  amount: Money;
}
const DepositPaidV1 = defineEvent<DepositPaidV1>({
  context: 'payments',
  name: 'deposit-paid',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'A security deposit was paid.',
  partitionKey: (d) => d.accountId,
  schema: {
    type: 'object',
    properties: { accountId: UuidV7Schema, amount: MoneySchema },
    required: ['accountId', 'amount'],
    additionalProperties: false,
  },
});

interface DepositPaidV2 extends DepositPaidV1 {
  method: 'card' | 'bank-transfer' | 'unknown';
}
const DepositPaidV2 = defineEvent<DepositPaidV2>({
  ...DepositPaidV1,
  version: 2,
  schema: {
    type: 'object',
    properties: { accountId: UuidV7Schema, amount: MoneySchema, method: { enum: ['card', 'bank-transfer', 'unknown'] } },
    required: ['accountId', 'amount', 'method'],
    additionalProperties: false,
  },
  partitionKey: (d) => d.accountId,
});

interface DepositPaidV3 {
  accountId: string;
  deposit: Money;
  method: string;
}
const DepositPaidV3 = defineEvent<DepositPaidV3>({
  ...DepositPaidV1,
  version: 3,
  schema: {
    type: 'object',
    properties: { accountId: UuidV7Schema, deposit: MoneySchema, method: { type: 'string' } },
    required: ['accountId', 'deposit', 'method'],
    additionalProperties: false,
  },
  partitionKey: (d) => d.accountId,
});

const accountId = uuidv7();

function registry(): EventRegistry {
  return new EventRegistry()
    .register(DepositPaidV1, DepositPaidV2, DepositPaidV3)
    .upcaster(DepositPaidV1, DepositPaidV2, (d): DepositPaidV2 => ({ ...d, method: 'unknown' }))
    .upcaster(DepositPaidV2, DepositPaidV3, ({ amount, ...rest }): DepositPaidV3 => ({ ...rest, deposit: amount }));
}

describe('event types', () => {
  it('are named utilia.<context>.<event>.v<N> from their definition, never from a class', () => {
    expect(DepositPaidV1.type).toBe('utilia.payments.deposit-paid.v1');
    expect(DepositPaidV3.type).toBe('utilia.payments.deposit-paid.v3');
    expect(DepositPaidV1.source).toBe('/utilia/payments');
    expect(parseWireName('utilia.payments.deposit-paid.v3')).toEqual({ context: 'payments', name: 'deposit-paid', version: 3 });
    expect(parseWireName('DepositPaid')).toBeUndefined();
  });

  it('refuse names that are not kebab-case or versions below 1', () => {
    expect(() => defineEvent({ ...DepositPaidV1, name: 'DepositPaid' })).toThrow('is not a wire name');
    expect(() => defineEvent({ ...DepositPaidV1, version: 0 })).toThrow('is not a wire name');
    expect(() => defineEvent({ ...DepositPaidV1, context: 'pay.ments' })).toThrow('is not a wire name');
  });

  it('key their messages by the account', () => {
    const e = createEnvelope(DepositPaidV1, { accountId, amount: { amount: '50.00', currency: 'USD' } }, {
      subject: 'deposit-1',
      time: '2025-01-01T00:00:00.000Z',
      correlationId: 'c-1',
    });
    expect(e).toMatchObject({ partitionKey: accountId, type: DepositPaidV1.type, source: '/utilia/payments', subject: 'deposit-1' });
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('an event registry', () => {
  it('finds an event type by its wire name', () => {
    const r = registry();
    expect(r.get('utilia.payments.deposit-paid.v2')).toBe(DepositPaidV2);
    expect(r.find('utilia.payments.nothing.v1')).toBeUndefined();
    expect(r.has(DepositPaidV1.type)).toBe(true);
    expect(r.all().map((t) => t.type)).toEqual([DepositPaidV1.type, DepositPaidV2.type, DepositPaidV3.type]);
  });

  it('refuses to register one wire name twice', () => {
    expect(() => registry().register(DepositPaidV1)).toThrow('"utilia.payments.deposit-paid.v1" is already registered');
  });

  it('refuses a schema that does not compile', () => {
    expect(() => new EventRegistry().register({ ...DepositPaidV1, schema: { type: 'object', properties: { a: { type: 'sting' } } } })).toThrow(
      'does not compile',
    );
  });

  it('accepts valid data', () => {
    expect(registry().validate(DepositPaidV1, { accountId, amount: { amount: '50.00', currency: 'USD' } })).toEqual({ ok: true });
  });

  it('names each field path at fault in invalid data', () => {
    const result = registry().validate(DepositPaidV1.type, { accountId: 'nope', amount: { amount: 50, currency: 'usd' }, extra: true });
    expect(result).toEqual({
      ok: false,
      errors: expect.arrayContaining([
        'data/amount/currency must match pattern "^[A-Z]{3}$"',
        'data/amount/amount must be string',
        'data/accountId must match pattern "^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"',
        'data must NOT have additional property "extra"',
      ]),
    });
  });

  it('throws a typed error listing the problems when asked to assert', () => {
    const r = registry();
    expect(() => r.assertValid(DepositPaidV1, { accountId })).toThrow(EventValidationError);
    expect(() => r.assertValid(DepositPaidV1, { accountId })).toThrow('data must have required property "amount"');
  });

  it('rejects an unknown event type with a typed error', () => {
    expect(() => registry().validate('utilia.payments.refund-sent.v1', {})).toThrow(UnknownEventTypeError);
    expect(() => registry().upcast('utilia.payments.refund-sent.v1', {})).toThrow(UnknownEventTypeError);
  });

  it('upcasts the oldest version through every step to the newest', () => {
    const v1: DepositPaidV1 = { accountId, amount: { amount: '50.00', currency: 'USD' } };
    expect(registry().upcast(DepositPaidV1.type, v1)).toEqual({
      type: DepositPaidV3.type,
      data: { accountId, deposit: { amount: '50.00', currency: 'USD' }, method: 'unknown' },
    });
    expect(registry().latest(DepositPaidV1.type)).toBe(DepositPaidV3.type);
  });

  it('leaves the newest version as it is', () => {
    const v3: DepositPaidV3 = { accountId, deposit: { amount: '1', currency: 'EUR' }, method: 'card' };
    expect(registry().upcast(DepositPaidV3.type, v3)).toEqual({ type: DepositPaidV3.type, data: v3 });
  });

  it('only chains upcasters from version N to N+1 of the same event, one per version', () => {
    const r = new EventRegistry().register(DepositPaidV1, DepositPaidV2, DepositPaidV3);
    expect(() => r.upcaster(DepositPaidV1, DepositPaidV3, (d) => d as unknown as DepositPaidV3)).toThrow('from version N to N+1');
    expect(() => r.upcaster(DepositPaidV2, DepositPaidV1, (d) => d)).toThrow('from version N to N+1');
    r.upcaster(DepositPaidV1, DepositPaidV2, (d) => ({ ...d, method: 'unknown' as const }));
    expect(() => r.upcaster(DepositPaidV1, DepositPaidV2, (d) => ({ ...d, method: 'card' as const }))).toThrow('already has an upcaster');
  });

  it('decodes a consumed envelope: checks its version, upcasts and checks the newest', () => {
    const r = registry();
    const old = createEnvelope(DepositPaidV1, { accountId, amount: { amount: '5', currency: 'USD' } }, { subject: 's', time: '2025-01-01T00:00:00Z', correlationId: 'c' });
    const decoded = r.decode(old);
    expect(decoded).toEqual({ ...old, type: DepositPaidV3.type, data: { accountId, deposit: { amount: '5', currency: 'USD' }, method: 'unknown' } });
    expect(() => r.decode({ ...old, data: { accountId } })).toThrow(EventValidationError);
  });

  it('encodes a produced event only when its data matches the schema', () => {
    const r = registry();
    const meta = { subject: 's', time: '2025-01-01T00:00:00Z', correlationId: 'c' };
    expect(r.encode(DepositPaidV2, { accountId, amount: { amount: '5', currency: 'USD' }, method: 'card' }, meta).type).toBe(DepositPaidV2.type);
    expect(() => r.encode(DepositPaidV2, { accountId, amount: { amount: '5', currency: 'USD' } } as DepositPaidV2, meta)).toThrow(
      'data must have required property "method"',
    );
  });
});
