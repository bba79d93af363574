import { ContractMessages, EnvelopeError } from './errors';
import type { Instant } from './values/time';

/**
 * A domain event as it travels: CloudEvents 1.0 attributes plus Utilia's correlation and causation ids
 * and the W3C trace context. On Kafka it is carried in binary mode: attributes in headers, `data` as
 * the JSON value, `partitionKey` as the message key.
 */
export interface EventEnvelope<T = unknown> {
  /** CloudEvents `id`: unique per event (a UUIDv7); consumers dedupe on it. */
  id: string;
  /** CloudEvents `source`: the producing context, e.g. `/utilia/customer`. */
  source: string;
  /** CloudEvents `type`: the wire name, e.g. `utilia.invoicing.invoice-issued.v1`. */
  type: string;
  /** CloudEvents `time`: when the event happened, ISO-8601 UTC. */
  time: Instant;
  /** CloudEvents `subject`: the aggregate (stream) the event belongs to. */
  subject: string;
  /** The event's data, shaped by the schema of `type`. */
  data: T;
  /** The id shared by everything done for one request or process. */
  correlationId: string;
  /** The id of the message or command that caused this event, when there is one. */
  causationId?: string;
  /** W3C Trace Context `traceparent` of the span that produced the event. */
  traceparent?: string;
  /** The Kafka message key: the account id where there is one, else the aggregate id. */
  partitionKey: string;
}

/** Kafka header names of the envelope (CloudEvents Kafka protocol binding, binary content mode). */
export const EnvelopeHeaders = {
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  specVersion: 'ce_specversion',
  contentType: 'content-type',
  correlationId: 'correlation_id',
  causationId: 'causation_id',
  traceparent: 'traceparent',
  /** CloudEvents `sequence` extension: the event's position in its producer's event store (set by the outbox relay). */
  sequence: 'ce_sequence',
  /** The event's version in its stream (set by the outbox relay). */
  streamVersion: 'ce_streamversion',
} as const;

/** The CloudEvents version Utilia speaks. */
export const CLOUDEVENTS_SPEC_VERSION = '1.0';

/** The content type of every envelope's value. */
export const EVENT_CONTENT_TYPE = 'application/json';

/** A Kafka message as the producer takes it. `value` is the JSON text of `data`. */
export interface OutgoingKafkaMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** A header value as kafkajs delivers it. */
export type IncomingHeaderValue = Buffer | string | Array<Buffer | string> | undefined;

/** A Kafka message as a consumer receives it: kafkajs gives Buffers; strings are accepted too. */
export interface IncomingKafkaMessage {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, IncomingHeaderValue>;
}

/** The CloudEvents `source` of a bounded context, e.g. `/utilia/customer`. */
export function sourceOf(context: string): string {
  return `/utilia/${context}`;
}

/**
 * The Kafka headers of an envelope (binary mode: one header per attribute). Optional attributes
 * that are absent get no header.
 */
export function envelopeHeaders(envelope: Omit<EventEnvelope, 'data'>): Record<string, string> {
  const headers: Record<string, string> = {
    [EnvelopeHeaders.id]: envelope.id,
    [EnvelopeHeaders.source]: envelope.source,
    [EnvelopeHeaders.type]: envelope.type,
    [EnvelopeHeaders.time]: envelope.time,
    [EnvelopeHeaders.subject]: envelope.subject,
    [EnvelopeHeaders.specVersion]: CLOUDEVENTS_SPEC_VERSION,
    [EnvelopeHeaders.contentType]: EVENT_CONTENT_TYPE,
    [EnvelopeHeaders.correlationId]: envelope.correlationId,
  };
  if (envelope.causationId !== undefined) headers[EnvelopeHeaders.causationId] = envelope.causationId;
  if (envelope.traceparent !== undefined) headers[EnvelopeHeaders.traceparent] = envelope.traceparent;
  return headers;
}

/** Turns an envelope into a Kafka message (binary mode): headers, the JSON of `data`, the partition key. */
export function toKafkaMessage(envelope: EventEnvelope): OutgoingKafkaMessage {
  return { key: envelope.partitionKey, value: JSON.stringify(envelope.data), headers: envelopeHeaders(envelope) };
}

function text(value: IncomingHeaderValue | Buffer | string | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}

/**
 * Reads a Kafka message (binary mode) back into an envelope. The data is parsed but not validated:
 * that is the registry's job, since it knows the schema of the type.
 * A message without a key takes its subject as partition key.
 *
 * @throws EnvelopeError when a required header is missing, the specversion or content type is not
 *   Utilia's, or the value is absent or not JSON.
 */
export function fromKafkaMessage(message: IncomingKafkaMessage): EventEnvelope {
  const headers = message.headers ?? {};
  const header = (name: string): string | undefined => {
    const v = text(headers[name]);
    return v === '' ? undefined : v;
  };
  const required = (name: string): string => {
    const v = header(name);
    if (v === undefined) throw new EnvelopeError('missing-header', ContractMessages.missingHeader(name), name);
    return v;
  };
  const specVersion = required(EnvelopeHeaders.specVersion);
  if (specVersion !== CLOUDEVENTS_SPEC_VERSION) {
    throw new EnvelopeError('unsupported-specversion', ContractMessages.unsupportedSpecVersion(specVersion), EnvelopeHeaders.specVersion);
  }
  const contentType = header(EnvelopeHeaders.contentType);
  if (contentType !== undefined && contentType.split(';')[0].trim().toLowerCase() !== EVENT_CONTENT_TYPE) {
    throw new EnvelopeError('unsupported-content-type', ContractMessages.unsupportedContentType(contentType), EnvelopeHeaders.contentType);
  }
  const envelope: EventEnvelope = {
    id: required(EnvelopeHeaders.id),
    source: required(EnvelopeHeaders.source),
    type: required(EnvelopeHeaders.type),
    time: required(EnvelopeHeaders.time),
    subject: required(EnvelopeHeaders.subject),
    correlationId: required(EnvelopeHeaders.correlationId),
    data: undefined,
    partitionKey: '',
  };
  const causationId = header(EnvelopeHeaders.causationId);
  if (causationId !== undefined) envelope.causationId = causationId;
  const traceparent = header(EnvelopeHeaders.traceparent);
  if (traceparent !== undefined) envelope.traceparent = traceparent;
  envelope.partitionKey = text(message.key ?? null) || envelope.subject;

  const value = text(message.value);
  if (value === undefined) throw new EnvelopeError('missing-value', ContractMessages.missingValue);
  try {
    envelope.data = JSON.parse(value);
  } catch (e) {
    throw new EnvelopeError('invalid-json', ContractMessages.invalidJson((e as Error).message));
  }
  return envelope;
}
