import { AsyncLocalStorage } from 'node:async_hooks';
import { uuidv7 } from '@utilia/contracts';
import { childSpan, formatTraceparent, newTrace, parseTraceparent, type SpanContext } from './traceparent';

/** The trace of the work in progress: an HTTP request or the handling of one Kafka message. */
export interface Trace {
  /** This unit of work's span. */
  span: SpanContext;
  /** The span this one continues (from the incoming traceparent), if any. */
  parentSpanId?: string;
  /** Shared by everything done for one request or business process. */
  correlationId: string;
  /** The id of the message being handled, which becomes the causation id of what it produces. */
  causationId?: string;
}

/** What an outgoing event carries to continue the trace: the envelope fields of the same names. */
export interface OutgoingTraceHeaders {
  traceparent: string;
  correlationId: string;
  causationId?: string;
}

const storage = new AsyncLocalStorage<Trace>();

/** The trace of the current async context, or undefined outside any traced work. */
export function currentTrace(): Trace | undefined {
  return storage.getStore();
}

/** Runs `fn` (and everything it awaits or schedules) inside `trace`. */
export function withTrace<R>(trace: Trace, fn: () => R): R {
  return storage.run(trace, fn);
}

/**
 * A new trace continuing an incoming `traceparent` (as a child span) or starting one when it is
 * absent or invalid; `correlationId` defaults to a new UUIDv7.
 */
export function startTrace(incoming: { traceparent?: string | null; correlationId?: string | null; causationId?: string } = {}): Trace {
  const parent = parseTraceparent(incoming.traceparent);
  const trace: Trace = {
    span: parent ? childSpan(parent) : newTrace(),
    correlationId: incoming.correlationId || uuidv7(),
  };
  if (parent) trace.parentSpanId = parent.spanId;
  if (incoming.causationId !== undefined) trace.causationId = incoming.causationId;
  return trace;
}

/**
 * What a message consumer calls around the handling of one event: the work continues the event's
 * trace in a child span, keeps its correlation id, and whatever it emits is caused by this event.
 */
export function runWithTrace<R>(fromEnvelope: { id: string; correlationId: string; traceparent?: string }, fn: () => R): R {
  return withTrace(startTrace({ traceparent: fromEnvelope.traceparent, correlationId: fromEnvelope.correlationId, causationId: fromEnvelope.id }), fn);
}

/**
 * The trace fields for an event written now (the outbox writer calls this): `traceparent` of the
 * current span, the correlation id and, when handling a message, its id as causation id. Outside any
 * traced work a fresh trace is started, so every event carries a correlation id.
 */
export function traceHeadersForOutgoing(trace: Trace | undefined = currentTrace()): OutgoingTraceHeaders {
  const t = trace ?? startTrace();
  const headers: OutgoingTraceHeaders = { traceparent: formatTraceparent(t.span), correlationId: t.correlationId };
  if (t.causationId !== undefined) headers.causationId = t.causationId;
  return headers;
}
