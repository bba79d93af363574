import type { Static, TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { sourceOf, type EventEnvelope } from './envelope';
import { ContractMessages, EventValidationError, UnknownEventTypeError } from './errors';
import type { TopicName } from './topics';
import { uuidv7 } from './values/ids';
import type { Instant } from './values/time';

/** What {@link defineEvent} needs to know about an event type. `S` is the schema of its data. */
export interface EventDefinition<S extends TSchema = TSchema, C extends string = string, N extends string = string, V extends number = number> {
  /** Bounded context in kebab-case, e.g. `customer`. */
  context: C;
  /** The event's name in the past tense, kebab-case, e.g. `customer-registered`. */
  name: N;
  /** Integer version, from 1; a breaking change gets the next one and an upcaster. */
  version: V;
  /** The topic it is published on. */
  topic: TopicName;
  /**
   * The TypeBox schema of the data: the data type, the Ajv check and the AsyncAPI payload all come
   * from it. Objects are `Strict` (values/schema: no unknown properties).
   */
  schema: S;
  /**
   * The Kafka key of an event: the account id where there is one, else the aggregate id.
   * (Method syntax on purpose: an `EventType<X>` is then usable wherever an `EventType` is.)
   */
  partitionKey(data: Static<S>): string;
  /** What happened, for people reading the AsyncAPI document. */
  description: string;
  /** An example of the data, shown in the AsyncAPI document (checked against the schema by a test). */
  example?: Static<S>;
  /** Who publishes it: Utilia's own context (the default), or systems outside (e.g. meter head-ends), whose CloudEvents `source` is their own. */
  producer?: 'utilia' | 'external';
}

/** The wire name of an event as a string literal type: `utilia.<context>.<name>.v<version>`. */
export type WireName<C extends string, N extends string, V extends number> = `utilia.${C}.${N}.v${V}`;

/**
 * A registered kind of event: its wire name, schema, topic and partition key. `T` is its data and `W`
 * its wire name, a literal for every defined event, so `switch (event.type)` narrows. An
 * `EventType<X, 'utilia.a.b.v1'>` is an `EventType` (unknown data, any name).
 */
export interface EventType<T = unknown, W extends string = string> {
  /** The wire name, `utilia.<context>.<name>.v<version>`: stable, never derived from a class name. */
  readonly type: W;
  /** The CloudEvents source of its producer, `/utilia/<context>`. */
  readonly source: string;
  readonly context: string;
  readonly name: string;
  readonly version: number;
  readonly topic: TopicName;
  /** The TypeBox schema of the data (plain JSON Schema once serialized: TypeBox's keys are symbols). */
  readonly schema: TSchema;
  /** The Kafka key of an event of this type. (Method syntax on purpose, see {@link EventDefinition.partitionKey}.) */
  partitionKey(data: T): string;
  readonly description: string;
  /** An example of the data for the AsyncAPI document. */
  readonly example?: T;
  /** Who publishes it (see {@link EventDefinition.producer}). */
  readonly producer?: 'utilia' | 'external';
  /** Type-only marker so `EventType<T>` carries `T`; never set. */
  readonly __data?: T;
}

/** The data type of an {@link EventType}. */
export type EventData<E> = E extends EventType<infer T, string> ? T : never;

/** An event as a decider or projection sees it: its wire name (a literal) and its data. */
export type DomainEvent<E extends EventType<any, string>> = E extends EventType<infer T, infer W> ? { type: W; data: T } : never; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The union of the DomainEvents of several event types: `EventUnion<[typeof A, typeof B]>` or `EventUnion<typeof list>` for a readonly tuple. */
export type EventUnion<Es extends readonly EventType<any, string>[]> = DomainEvent<Es[number]>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const WIRE_NAME = /^utilia\.([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.v([1-9][0-9]*)$/;

/** The wire name of an event: `utilia.<context>.<name>.v<version>`. */
export function wireName(context: string, name: string, version: number): string {
  const type = `utilia.${context}.${name}.v${version}`;
  if (!KEBAB.test(context) || !KEBAB.test(name) || !Number.isInteger(version) || version < 1) {
    throw new Error(ContractMessages.invalidWireName(type));
  }
  return type;
}

/** Splits a wire name into context, name and version; undefined when it is not one. */
export function parseWireName(type: string): { context: string; name: string; version: number } | undefined {
  const m = WIRE_NAME.exec(type);
  return m ? { context: m[1], name: m[2], version: Number(m[3]) } : undefined;
}

/**
 * Declares an event type from a TypeBox schema; the data type is inferred from it and the wire name is
 * kept as a literal type:
 *
 * @example
 * const CustomerRegisteredV1 = defineEvent({
 *   context: 'customer', name: 'customer-registered', version: 1, topic: Topics.customerEvents,
 *   schema: Strict({ customerId: UuidV7Schema, ... }), partitionKey: (d) => d.customerId, description: 'A customer was registered.',
 * });
 * CustomerRegisteredV1.type; // type and value 'utilia.customer.customer-registered.v1'
 * type CustomerRegisteredV1 = EventData<typeof CustomerRegisteredV1>;
 */
export function defineEvent<const C extends string, const N extends string, const V extends number, S extends TSchema>(
  definition: EventDefinition<S, C, N, V>,
): EventType<Static<S>, WireName<C, N, V>> {
  const type = wireName(definition.context, definition.name, definition.version);
  return Object.freeze({ ...definition, type, source: sourceOf(definition.context) }) as unknown as EventType<Static<S>, WireName<C, N, V>>;
}

/** What a producer supplies besides the data to make an envelope. */
export interface EnvelopeMeta {
  /** The aggregate (stream) id. */
  subject: string;
  /** When it happened; the caller's clock, never read here. */
  time: Instant;
  correlationId: string;
  causationId?: string;
  traceparent?: string;
  /** Defaults to a new UUIDv7. */
  id?: string;
}

/** Builds the envelope of one event of `eventType`, with its partition key taken from the data. Does not validate. */
export function createEnvelope<T>(eventType: EventType<T>, data: NoInfer<T>, meta: EnvelopeMeta): EventEnvelope<T> {
  const envelope: EventEnvelope<T> = {
    id: meta.id ?? uuidv7(),
    source: eventType.source,
    type: eventType.type,
    time: meta.time,
    subject: meta.subject,
    data,
    correlationId: meta.correlationId,
    partitionKey: eventType.partitionKey(data),
  };
  if (meta.causationId !== undefined) envelope.causationId = meta.causationId;
  if (meta.traceparent !== undefined) envelope.traceparent = meta.traceparent;
  return envelope;
}

/** The outcome of {@link EventRegistry.validate}: readable errors naming each field path at fault. */
export type ValidationResult = { ok: true } | { ok: false; errors: string[] };

/** Turns one data version into the next. Pure: no I/O, no clock. */
export type Upcaster<A = unknown, B = unknown> = (data: A) => B;

interface Entry {
  eventType: EventType;
  validate: ValidateFunction;
}

function describeError(e: ErrorObject): string {
  const path = `data${e.instancePath}`;
  if (e.keyword === 'additionalProperties')
    return `${path} must NOT have additional property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'required') return `${path} must have required property "${(e.params as { missingProperty: string }).missingProperty}"`;
  return `${path} ${e.message ?? 'is invalid'}`;
}

/**
 * The event types a process knows, with their compiled schemas and upcasters. Services use
 * {@link defaultRegistry}; tests build their own with `new EventRegistry()`.
 */
export class EventRegistry {
  private readonly ajv: Ajv;
  private readonly entries = new Map<string, Entry>();
  private readonly upcasters = new Map<string, { to: string; fn: Upcaster }>();

  constructor() {
    this.ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(this.ajv);
  }

  /** Adds event types; their schemas are compiled now, once. Throws on a duplicate wire name or a bad schema. */
  register(...eventTypes: EventType[]): this {
    for (const eventType of eventTypes) {
      if (this.entries.has(eventType.type)) throw new Error(ContractMessages.duplicateEventType(eventType.type));
      let validate: ValidateFunction;
      try {
        validate = this.ajv.compile(eventType.schema);
      } catch (e) {
        throw new Error(ContractMessages.invalidSchema(eventType.type, (e as Error).message));
      }
      this.entries.set(eventType.type, { eventType, validate });
    }
    return this;
  }

  /** True when `type` (a wire name) is registered. */
  has(type: string): boolean {
    return this.entries.has(type);
  }

  /** The event type of a wire name, or undefined. */
  find(type: string): EventType | undefined {
    return this.entries.get(type)?.eventType;
  }

  /** The event type of a wire name. @throws UnknownEventTypeError */
  get(type: string): EventType {
    return this.entry(type).eventType;
  }

  /** Every registered event type, ordered by wire name. */
  all(): EventType[] {
    return [...this.entries.values()].map((e) => e.eventType).sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  }

  /**
   * Checks data against the schema of its type. Errors read like
   * `data/amount/currency must match pattern "^[A-Z]{3}$"`.
   * @throws UnknownEventTypeError
   */
  validate(type: string | EventType, data: unknown): ValidationResult {
    const { validate } = this.entry(typeof type === 'string' ? type : type.type);
    if (validate(data)) return { ok: true };
    return { ok: false, errors: (validate.errors ?? []).map(describeError) };
  }

  /** Like {@link validate} but throws. @throws EventValidationError, UnknownEventTypeError */
  assertValid<T>(type: string | EventType<T>, data: unknown): asserts data is T {
    const name = typeof type === 'string' ? type : type.type;
    const result = this.validate(name, data);
    if (!result.ok) throw new EventValidationError(name, result.errors);
  }

  /**
   * Registers the upcaster from one version of an event to the next (same context and name,
   * version N to N+1). Both types must be registered.
   */
  upcaster<A, B>(from: EventType<A> | string, to: EventType<B> | string, fn: Upcaster<A, B>): this {
    const fromType = typeof from === 'string' ? from : from.type;
    const toType = typeof to === 'string' ? to : to.type;
    const a = this.get(fromType);
    const b = this.get(toType);
    if (a.context !== b.context || a.name !== b.name || b.version !== a.version + 1) {
      throw new Error(ContractMessages.upcasterNotNextVersion(fromType, toType));
    }
    if (this.upcasters.has(fromType)) throw new Error(ContractMessages.duplicateUpcaster(fromType));
    this.upcasters.set(fromType, { to: toType, fn: fn as Upcaster });
    return this;
  }

  /** The newest version an event of `type` upcasts to (itself when it has no upcaster). */
  latest(type: string): string {
    let current = type;
    for (let next = this.upcasters.get(current); next; next = this.upcasters.get(current)) current = next.to;
    return current;
  }

  /**
   * Applies the chain of upcasters v1 -> v2 -> ... so a consumer handles only the newest version.
   * Data of a type without an upcaster is returned as it is.
   * @throws UnknownEventTypeError
   */
  upcast(type: string, data: unknown): { type: string; data: unknown } {
    this.entry(type);
    let current = { type, data };
    for (let next = this.upcasters.get(current.type); next; next = this.upcasters.get(current.type)) {
      current = { type: next.to, data: next.fn(current.data) };
    }
    return current;
  }

  /**
   * What a consumer does with an envelope read from Kafka: check the data against the schema of its
   * version, upcast it to the newest version and check that too.
   * @throws UnknownEventTypeError, EventValidationError (both {@link ContractError}s: dead-letter them)
   */
  decode(envelope: EventEnvelope): EventEnvelope {
    this.assertValid(envelope.type, envelope.data);
    const upcast = this.upcast(envelope.type, envelope.data);
    if (upcast.type === envelope.type) return envelope;
    this.assertValid(upcast.type, upcast.data);
    return { ...envelope, type: upcast.type, data: upcast.data };
  }

  /** What a producer does: check the data, then build the envelope. @throws EventValidationError */
  encode<T>(eventType: EventType<T>, data: NoInfer<T>, meta: EnvelopeMeta): EventEnvelope<T> {
    this.assertValid(eventType, data);
    return createEnvelope(eventType, data, meta);
  }

  private entry(type: string): Entry {
    const entry = this.entries.get(type);
    if (!entry) throw new UnknownEventTypeError(type);
    return entry;
  }
}
