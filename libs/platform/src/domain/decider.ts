import type { DomainEvent, EventData, EventType } from '@utilia/contracts';

/** Any event as deciders emit and aggregates fold it: a wire name and its data. */
export interface AnyEvent {
  type: string;
  data: unknown;
}

/** An event type of any data and wire name (the element type of an aggregate's event list). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEventType = EventType<any, string>;

/**
 * Builds an event of `type` with its data checked against the type's shape at compile time. The
 * result is a member of the aggregate's event union (narrowed by its literal wire name).
 */
export function event<E extends AnyEventType>(type: E, data: EventData<E>): DomainEvent<E> {
  return { type: type.type, data } as DomainEvent<E>;
}

/**
 * An event-sourced aggregate: the event types its stream holds, its state before any event, and how
 * each event changes the state. `evolve` is a `switch` over `event.type` ending in
 * {@link unexpectedEvent}, so adding an event type to the union without handling it does not compile.
 * Streams are loaded upcast to the newest versions, so `evolve` never sees an old version.
 */
export interface Aggregate<S, E extends AnyEvent> {
  /** Every event type the stream may hold (newest versions): loading refuses anything else. */
  readonly events: readonly AnyEventType[];
  readonly initial: S;
  evolve(state: S, event: E): S;
}

/** The event union an aggregate folds. */
export type EventOf<A> = A extends Aggregate<unknown, infer E> ? E : never;

/** Folds events into a state. */
export function replay<S, E extends AnyEvent>(aggregate: Aggregate<S, E>, events: readonly E[], from: S = aggregate.initial): S {
  return events.reduce((state, e) => aggregate.evolve(state, e), from);
}

/**
 * The `default:` of an exhaustive `switch` over an event union: `unexpectedEvent(e)`, where `e` is
 * `never` once every case is handled. (An aggregate of one event type passes `e.type`: TypeScript
 * narrows the property, not the object, when the type is not a union.)
 */
export function unexpectedEvent(event: never): never {
  throw new Error(`no case for event ${typeof event === 'string' ? event : (event as AnyEvent).type}`);
}
