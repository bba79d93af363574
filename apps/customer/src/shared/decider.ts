import type { EventType } from '@utilia/contracts';

/** An event a decider emits: its registered type and data. The stream and envelope come later. */
export interface Emitted<T = unknown> {
  type: EventType<T>;
  data: T;
}

/** Builds an {@link Emitted} with the data checked against the type's TypeScript shape. */
export function emit<T>(type: EventType<T>, data: T): Emitted<T> {
  return { type, data };
}

/** An event as an aggregate's `evolve` sees it: wire name and data. */
export interface RecordedEvent {
  type: string;
  data: unknown;
}

/** An aggregate: its initial state and how an event changes it. */
export interface Aggregate<S> {
  initial: S;
  evolve(state: S, event: RecordedEvent): S;
}

/** Folds events into a state. */
export function replay<S>(aggregate: Aggregate<S>, events: readonly RecordedEvent[]): S {
  return events.reduce(aggregate.evolve, aggregate.initial);
}

/** True when `event` is of `type` (narrows its data). */
export function is<T>(event: RecordedEvent, type: EventType<T>): event is { type: string; data: T } {
  return event.type === type.type;
}
