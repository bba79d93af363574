import { randomBytes } from 'node:crypto';

/** A W3C Trace Context position: which trace, which span, and whether it is sampled. */
export interface SpanContext {
  /** 32 lower-case hex digits, not all zero. */
  traceId: string;
  /** 16 lower-case hex digits, not all zero: the span that will be the parent of the next hop. */
  spanId: string;
  /** The trace-flags byte as two hex digits; `01` means sampled. */
  flags: string;
}

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
// W3C Trace Context, section 3.2: version-traceid-parentid-flags, lower-case hex.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * Reads a `traceparent` header. Undefined when it is invalid, as the spec asks a receiver to treat
 * a bad header: start a new trace. Version `00` must be exactly 55 characters; a higher version may
 * append fields after a dash, which are ignored; version `ff` is invalid.
 */
export function parseTraceparent(header: string | undefined | null): SpanContext | undefined {
  if (typeof header !== 'string') return undefined;
  const value = header.trim();
  const m = TRACEPARENT.exec(value);
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m;
  if (version === 'ff') return undefined;
  if (version === '00' && rest !== undefined) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, flags };
}

/** Writes a version-00 `traceparent` header. */
export function formatTraceparent(context: SpanContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.flags}`;
}

function randomHex(bytes: number, zero: string): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (hex !== zero) return hex;
  }
}

/** A new span id: 8 random bytes, never all zero. */
export function newSpanId(): string {
  return randomHex(8, ZERO_SPAN);
}

/** The first span of a new trace, sampled. */
export function newTrace(): SpanContext {
  return { traceId: randomHex(16, ZERO_TRACE), spanId: newSpanId(), flags: '01' };
}

/** A child span: same trace and flags, a new span id. */
export function childSpan(parent: SpanContext): SpanContext {
  return { traceId: parent.traceId, spanId: newSpanId(), flags: parent.flags };
}
