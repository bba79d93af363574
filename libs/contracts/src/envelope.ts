import { ContractMessages, EnvelopeError } from './errors';
import type { Instant } from './values/time';

/**
 * A domain event as it travels: CloudEvents 1.0 attributes plus Utilia's correlation and causation ids
 * and the W3C trace context. On Kafka it is carried in structured content mode (the CloudEvents
 * Kafka protocol binding): one `content-type: application/cloudevents+json` header, the attributes
 * and `data` in the JSON value (the CloudEvents JSON event format), `partitionKey` as the message key.
 * Binary mode (attributes as `ce_*` headers, the value is the data) is still read, so messages of
 * earlier versions and of external producers keep working.
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

/**
 * The attributes an event store adds to the events it publishes (set by the outbox relay): the
 * CloudEvents `sequence` extension (the event's position in its producer's event store, a string
 * as the extension defines it) and Utilia's `streamversion` (the event's version in its stream).
 */
export interface EnvelopeExtensions {
  sequence?: string;
  streamVersion?: number;
}

/** A Kafka message read back: the envelope, the event store's extensions when present, and the content mode it came in. */
export interface DecodedKafkaMessage extends EnvelopeExtensions {
  envelope: EventEnvelope;
  mode: 'structured' | 'binary';
}

/**
 * Attribute names in structured mode (CloudEvents JSON event format). Extension attribute names are
 * lower-case letters and digits only (CloudEvents 1.0 naming rule): `correlationid`, `causationid`,
 * `traceparent` (the distributed-tracing extension), `sequence` (the sequence extension) and
 * `streamversion`.
 */
export const EnvelopeAttributes = {
  specVersion: 'specversion',
  id: 'id',
  source: 'source',
  type: 'type',
  time: 'time',
  subject: 'subject',
  dataContentType: 'datacontenttype',
  correlationId: 'correlationid',
  causationId: 'causationid',
  traceparent: 'traceparent',
  sequence: 'sequence',
  streamVersion: 'streamversion',
  data: 'data',
} as const;

/**
 * Kafka header names of the envelope in binary content mode, as earlier versions of Utilia wrote
 * them (read only now; `content-type` is also the one header of structured mode).
 */
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

/** The content type of every event's data (`datacontenttype`; in binary mode, the value's `content-type`). */
export const EVENT_CONTENT_TYPE = 'application/json';

/** The `content-type` header of a structured-mode message: the value is a CloudEvent in the JSON event format. */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';

/** A Kafka message as the producer takes it: structured mode, so one header and the CloudEvent's JSON as the value. */
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

const quote = JSON.stringify;

/**
 * The structured-mode value of an event whose data is already JSON text: the CloudEvents attributes,
 * then `dataJson` spliced in as `data` verbatim (not parsed and written again: the outbox relay
 * hands over the JSON the producer appended). `dataJson` must be JSON text; without it (undefined)
 * the event has no `data` member.
 */
export function structuredValue(
  attributes: Omit<EventEnvelope, 'data' | 'partitionKey'>,
  dataJson: string | undefined,
  extensions: EnvelopeExtensions = {},
): string {
  let value =
    `{"specversion":"${CLOUDEVENTS_SPEC_VERSION}","id":${quote(attributes.id)},"source":${quote(attributes.source)},"type":${quote(attributes.type)}` +
    `,"time":${quote(attributes.time)},"subject":${quote(attributes.subject)},"datacontenttype":"${EVENT_CONTENT_TYPE}","correlationid":${quote(attributes.correlationId)}`;
  if (attributes.causationId !== undefined) value += `,"causationid":${quote(attributes.causationId)}`;
  if (attributes.traceparent !== undefined) value += `,"traceparent":${quote(attributes.traceparent)}`;
  if (extensions.sequence !== undefined) value += `,"sequence":${quote(String(extensions.sequence))}`;
  if (extensions.streamVersion !== undefined) {
    if (!Number.isSafeInteger(extensions.streamVersion)) throw new TypeError(`streamversion must be an integer, not ${extensions.streamVersion}`);
    value += `,"streamversion":${extensions.streamVersion}`;
  }
  return dataJson === undefined ? `${value}}` : `${value},"data":${dataJson}}`;
}

/** The headers of a structured-mode message: only the content type. */
export function structuredHeaders(): Record<string, string> {
  return { [EnvelopeHeaders.contentType]: STRUCTURED_CONTENT_TYPE };
}

/**
 * Turns an envelope into a Kafka message in structured mode: one `content-type:
 * application/cloudevents+json` header, the CloudEvent's JSON as the value, the partition key as
 * the key. `extensions`: the event store's `sequence` and `streamversion`, when it has them.
 */
export function toKafkaMessage(envelope: EventEnvelope, extensions?: EnvelopeExtensions): OutgoingKafkaMessage {
  return { key: envelope.partitionKey, value: structuredValue(envelope, JSON.stringify(envelope.data), extensions), headers: structuredHeaders() };
}

/**
 * The Kafka headers of an envelope in binary mode (one header per attribute), as earlier versions
 * wrote them. Optional attributes that are absent get no header.
 */
export function envelopeHeaders(envelope: Omit<EventEnvelope, 'data'>, extensions: EnvelopeExtensions = {}): Record<string, string> {
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
  if (extensions.sequence !== undefined) headers[EnvelopeHeaders.sequence] = String(extensions.sequence);
  if (extensions.streamVersion !== undefined) headers[EnvelopeHeaders.streamVersion] = String(extensions.streamVersion);
  return headers;
}

/**
 * An envelope as a binary-mode Kafka message (attributes in `ce_*` headers, the data's JSON as the
 * value), as earlier versions published it: for tests of the reader and for tools that must write
 * what older consumers read. Services publish structured mode ({@link toKafkaMessage}).
 */
export function toBinaryKafkaMessage(envelope: EventEnvelope, extensions?: EnvelopeExtensions): OutgoingKafkaMessage {
  return { key: envelope.partitionKey, value: JSON.stringify(envelope.data), headers: envelopeHeaders(envelope, extensions) };
}

function text(value: IncomingHeaderValue | Buffer | string | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}

/** The media type of a content-type value, without parameters, lower case. */
function mediaType(contentType: string): string {
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * Reads a Kafka message back into an envelope, in either content mode (CloudEvents Kafka binding:
 * a `content-type` starting with `application/cloudevents` means structured mode, anything else
 * binary mode). The data is parsed but not validated: that is the registry's job, since it knows
 * the schema of the type. A message without a key takes its subject as partition key.
 *
 * @throws EnvelopeError when a required attribute is missing (`missing-header`, naming it), the
 *   specversion or a content type is not Utilia's, or the value is absent or not JSON (in
 *   structured mode: not a JSON object).
 */
export function readKafkaMessage(message: IncomingKafkaMessage): DecodedKafkaMessage {
  const contentType = text(message.headers?.[EnvelopeHeaders.contentType]);
  if (contentType === STRUCTURED_CONTENT_TYPE) return readStructured(message);
  if (contentType !== undefined) {
    const media = mediaType(contentType);
    if (media.startsWith('application/cloudevents')) {
      if (media !== STRUCTURED_CONTENT_TYPE) {
        throw new EnvelopeError(
          'unsupported-content-type',
          `unsupported content-type "${contentType}" (expected "${STRUCTURED_CONTENT_TYPE}" or binary mode)`,
          EnvelopeHeaders.contentType,
        );
      }
      return readStructured(message);
    }
  }
  return readBinary(message, contentType);
}

/** Reads a Kafka message (either content mode) back into an envelope; see {@link readKafkaMessage}. */
export function fromKafkaMessage(message: IncomingKafkaMessage): EventEnvelope {
  return readKafkaMessage(message).envelope;
}

/** A CloudEvents attribute of a structured-mode event: a non-empty string, or undefined. */
function attribute(event: Record<string, unknown>, name: string): string | undefined {
  const v = event[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function requiredAttribute(event: Record<string, unknown>, name: string): string {
  const v = event[name];
  if (typeof v === 'string' && v !== '') return v;
  throw new EnvelopeError('missing-header', `required CloudEvents attribute "${name}" is missing from the structured-mode value (or is not a string)`, name);
}

function readStructured(message: IncomingKafkaMessage): DecodedKafkaMessage {
  const value = text(message.value);
  if (value === undefined) throw new EnvelopeError('missing-value', ContractMessages.missingValue);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (e) {
    throw new EnvelopeError('invalid-json', ContractMessages.invalidJson((e as Error).message));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new EnvelopeError(
      'invalid-json',
      ContractMessages.invalidJson(
        `a structured-mode CloudEvent is a JSON object, not ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed}`,
      ),
    );
  }
  const event = parsed as Record<string, unknown>;
  const specVersion = requiredAttribute(event, EnvelopeAttributes.specVersion);
  if (specVersion !== CLOUDEVENTS_SPEC_VERSION) {
    throw new EnvelopeError('unsupported-specversion', ContractMessages.unsupportedSpecVersion(specVersion), EnvelopeAttributes.specVersion);
  }
  const dataContentType = attribute(event, EnvelopeAttributes.dataContentType);
  if (dataContentType !== undefined && dataContentType !== EVENT_CONTENT_TYPE && mediaType(dataContentType) !== EVENT_CONTENT_TYPE) {
    throw new EnvelopeError('unsupported-content-type', ContractMessages.unsupportedContentType(dataContentType), EnvelopeAttributes.dataContentType);
  }
  const envelope: EventEnvelope = {
    id: requiredAttribute(event, EnvelopeAttributes.id),
    source: requiredAttribute(event, EnvelopeAttributes.source),
    type: requiredAttribute(event, EnvelopeAttributes.type),
    time: requiredAttribute(event, EnvelopeAttributes.time),
    // CloudEvents makes `subject` optional and knows no correlation id: a message from outside
    // (a head-end) without them is about its key, and starts a process of its own.
    subject: attribute(event, EnvelopeAttributes.subject) ?? (text(message.key ?? null) || requiredAttribute(event, EnvelopeAttributes.id)),
    correlationId: attribute(event, EnvelopeAttributes.correlationId) ?? requiredAttribute(event, EnvelopeAttributes.id),
    data: event[EnvelopeAttributes.data],
    partitionKey: '',
  };
  const causationId = attribute(event, EnvelopeAttributes.causationId);
  if (causationId !== undefined) envelope.causationId = causationId;
  const traceparent = attribute(event, EnvelopeAttributes.traceparent);
  if (traceparent !== undefined) envelope.traceparent = traceparent;
  envelope.partitionKey = text(message.key ?? null) || envelope.subject;
  if (envelope.data === undefined) {
    const why = 'data_base64' in event ? ' (data_base64 is not JSON data)' : '';
    throw new EnvelopeError('missing-value', `${ContractMessages.missingValue}: the CloudEvent has no "data"${why}`);
  }
  const decoded: DecodedKafkaMessage = { envelope, mode: 'structured' };
  const sequence = event[EnvelopeAttributes.sequence];
  if (typeof sequence === 'string' || typeof sequence === 'number') decoded.sequence = String(sequence);
  const streamVersion = integer(event[EnvelopeAttributes.streamVersion]);
  if (streamVersion !== undefined) decoded.streamVersion = streamVersion;
  return decoded;
}

function integer(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

function readBinary(message: IncomingKafkaMessage, contentType: string | undefined): DecodedKafkaMessage {
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
  if (contentType !== undefined && mediaType(contentType) !== EVENT_CONTENT_TYPE) {
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
  const decoded: DecodedKafkaMessage = { envelope, mode: 'binary' };
  const sequence = header(EnvelopeHeaders.sequence);
  if (sequence !== undefined) decoded.sequence = sequence;
  const streamVersion = integer(header(EnvelopeHeaders.streamVersion));
  if (streamVersion !== undefined) decoded.streamVersion = streamVersion;
  return decoded;
}
