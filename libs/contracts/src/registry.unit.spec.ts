import { Type, type Static } from '@sinclair/typebox';
import { createEnvelope, defineEvent, EventRegistry, parseWireName, type DomainEvent, type EventData, type EventType, type EventUnion } from './registry';
import { EventValidationError, UnknownEventTypeError } from './errors';
import { Topics } from './topics';
import { MoneySchema } from './values/money';
import { Strict, StringEnum } from './values/schema';
import { UuidV7Schema } from './values/ids';
import { uuidv7 } from './values/ids';

/** What the three versions share; `as const` keeps context and name literal through the spread. */
const depositPaid = {
  context: 'payments',
  name: 'deposit-paid',
  topic: Topics.paymentsEvents,
  description: 'A security deposit was paid.',
} as const;

const DepositPaidV1 = defineEvent({
  ...depositPaid,
  version: 1,
  schema: Strict({ accountId: UuidV7Schema, amount: MoneySchema }),
  partitionKey: (d) => d.accountId,
});
type DepositPaidV1 = EventData<typeof DepositPaidV1>;

const DepositPaidV2Schema = Strict({ accountId: UuidV7Schema, amount: MoneySchema, method: StringEnum(['card', 'bank-transfer', 'unknown']) });
type DepositPaidV2 = Static<typeof DepositPaidV2Schema>;
const DepositPaidV2 = defineEvent({ ...depositPaid, version: 2, schema: DepositPaidV2Schema, partitionKey: (d) => d.accountId });

const DepositPaidV3 = defineEvent({
  ...depositPaid,
  version: 3,
  schema: Strict({ accountId: UuidV7Schema, deposit: MoneySchema, method: Type.String() }),
  partitionKey: (d) => d.accountId,
});
type DepositPaidV3 = EventData<typeof DepositPaidV3>;

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
    const e = createEnvelope(
      DepositPaidV1,
      { accountId, amount: { amount: '50.00', currency: 'USD' } },
      {
        subject: 'deposit-1',
        time: '2025-01-01T00:00:00.000Z',
        correlationId: 'c-1',
      },
    );
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
    const broken = { ...DepositPaidV1, schema: Type.Unsafe({ type: 'object', properties: { a: { type: 'sting' } } }) };
    expect(() => new EventRegistry().register(broken)).toThrow('does not compile');
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
    const old = createEnvelope(
      DepositPaidV1,
      { accountId, amount: { amount: '5', currency: 'USD' } },
      { subject: 's', time: '2025-01-01T00:00:00Z', correlationId: 'c' },
    );
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

/** Compiles only when `A` and `B` are the same type. */
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
const typeIs = <T extends true>(): T => true as T;

describe('the static types of an event type (checked by tsc; the expectations only keep jest honest)', () => {
  it('keep the wire name as a literal and infer the data from the schema', () => {
    const wire: 'utilia.payments.deposit-paid.v1' = DepositPaidV1.type;
    typeIs<Equal<DepositPaidV1, { accountId: string; amount: { amount: string; currency: string } }>>();
    typeIs<Equal<DepositPaidV2['method'], 'card' | 'bank-transfer' | 'unknown'>>();
    typeIs<Equal<DomainEvent<typeof DepositPaidV2>, { type: 'utilia.payments.deposit-paid.v2'; data: DepositPaidV2 }>>();
    createEnvelope(
      DepositPaidV1,
      // @ts-expect-error the data must match the schema: no `method` in v1
      { accountId, amount: { amount: '1', currency: 'USD' }, method: 'card' },
      { subject: 's', time: '2025-01-01T00:00:00Z', correlationId: 'c' },
    );
    // @ts-expect-error the partition key function sees the inferred data
    defineEvent({ ...depositPaid, version: 9, schema: Strict({ accountId: UuidV7Schema }), partitionKey: (d) => d.customerId });
    expect(wire).toBe('utilia.payments.deposit-paid.v1');
  });

  it('narrow a union of events on their wire name', () => {
    const versions = [DepositPaidV1, DepositPaidV2, DepositPaidV3] as const;
    typeIs<Equal<EventUnion<typeof versions>, EventUnion<[typeof DepositPaidV1, typeof DepositPaidV2, typeof DepositPaidV3]>>>();
    expect(versions).toHaveLength(3);
    const amountOf = (e: EventUnion<typeof versions>): string => {
      switch (e.type) {
        case DepositPaidV3.type:
          return e.data.deposit.amount;
        case DepositPaidV1.type:
        case DepositPaidV2.type:
          // @ts-expect-error v1 and v2 have no `deposit`
          void e.data.deposit;
          return e.data.amount.amount;
      }
    };
    expect(amountOf({ type: DepositPaidV3.type, data: { accountId, deposit: { amount: '7', currency: 'USD' }, method: 'card' } })).toBe('7');
  });

  it('are usable wherever any event type is', () => {
    const anyType: EventType = DepositPaidV2;
    const typed: EventType<DepositPaidV2> = DepositPaidV2;
    const list: EventType[] = [DepositPaidV1, DepositPaidV2, DepositPaidV3];
    // @ts-expect-error the data types differ
    const wrong: EventType<DepositPaidV3> = DepositPaidV1;
    // @ts-expect-error the wire names differ
    const wrongName: EventType<DepositPaidV1, 'utilia.payments.deposit-paid.v2'> = DepositPaidV1;
    expect(new EventRegistry().register(anyType, ...list.slice(0, 1), DepositPaidV3).all()).toHaveLength(3);
    expect([typed, wrong, wrongName]).toHaveLength(3);
  });
});
