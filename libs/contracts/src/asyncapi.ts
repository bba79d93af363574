import { CLOUDEVENTS_SPEC_VERSION, EVENT_CONTENT_TYPE, EnvelopeAttributes, EnvelopeHeaders, STRUCTURED_CONTENT_TYPE } from './envelope';
import type { EventRegistry, EventType } from './registry';
import { Topics } from './topics';
import { UUID_V7_PATTERN } from './values/ids';
import { InstantSchema } from './values/time';
import type { JsonSchema } from './values/json-schema';

/** Where the generated AsyncAPI document lives, relative to the repository root. */
export const ASYNCAPI_DOCUMENT_PATH = 'libs/contracts/asyncapi.json';

/** The Kafka headers of every event: structured content mode has exactly one. */
export const StructuredModeHeadersSchema: JsonSchema = {
  type: 'object',
  description: 'CloudEvents 1.0 Kafka protocol binding, structured content mode: the one header says the value is a CloudEvent in the JSON event format.',
  properties: { [EnvelopeHeaders.contentType]: { type: 'string', const: STRUCTURED_CONTENT_TYPE } },
  required: [EnvelopeHeaders.contentType],
};

/**
 * The Kafka value of every event: a CloudEvents 1.0 event in the JSON event format (structured
 * content mode), with Utilia's extension attributes; each message narrows `type`, `source` and `data`.
 */
export const CloudEventSchema: JsonSchema = {
  type: 'object',
  description:
    'A CloudEvents 1.0 event in the JSON event format (Kafka structured content mode): the context attributes and the data in one JSON object. ' +
    'Extension attributes: correlationid, causationid, traceparent (distributed tracing), sequence (the sequence extension), streamversion. ' +
    'The Kafka key is the partition key. Consumers also read binary content mode (ce_* headers, the value is the data), which earlier versions published.',
  properties: {
    [EnvelopeAttributes.specVersion]: { type: 'string', const: CLOUDEVENTS_SPEC_VERSION },
    [EnvelopeAttributes.id]: { type: 'string', pattern: UUID_V7_PATTERN, description: 'CloudEvents id: unique per event; consumers dedupe on it.' },
    [EnvelopeAttributes.source]: { type: 'string', description: 'CloudEvents source: the producing context, /utilia/<context>.' },
    [EnvelopeAttributes.type]: { type: 'string', description: 'CloudEvents type: the wire name utilia.<context>.<event>.v<N>.' },
    [EnvelopeAttributes.time]: { ...InstantSchema, description: 'CloudEvents time: when the event happened, ISO-8601 UTC.' },
    [EnvelopeAttributes.subject]: { type: 'string', description: 'CloudEvents subject: the aggregate (stream) id.' },
    [EnvelopeAttributes.dataContentType]: { type: 'string', const: EVENT_CONTENT_TYPE, description: 'The data is JSON, in the data member.' },
    [EnvelopeAttributes.correlationId]: { type: 'string', description: 'Extension: shared by everything done for one request or process.' },
    [EnvelopeAttributes.causationId]: { type: 'string', description: 'Extension: the id of the message or command that caused this event.' },
    [EnvelopeAttributes.traceparent]: {
      type: 'string',
      pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
      description: 'Distributed tracing extension: W3C Trace Context traceparent of the producing span.',
    },
    [EnvelopeAttributes.sequence]: {
      type: 'string',
      pattern: '^[1-9][0-9]*$',
      description: "Sequence extension: the event's position in its producer's event store; increases per partition key.",
    },
    [EnvelopeAttributes.streamVersion]: { type: 'integer', minimum: 1, description: 'Extension: the version of the subject (stream) this event made.' },
    [EnvelopeAttributes.data]: { description: "The event's data: see the message's schema." },
  },
  required: [
    EnvelopeAttributes.specVersion,
    EnvelopeAttributes.id,
    EnvelopeAttributes.source,
    EnvelopeAttributes.type,
    EnvelopeAttributes.time,
    EnvelopeAttributes.subject,
    EnvelopeAttributes.dataContentType,
    EnvelopeAttributes.correlationId,
    EnvelopeAttributes.data,
  ],
};

function topicKey(topic: string): string {
  const entry = Object.entries(Topics).find(([, t]) => t === topic);
  return entry ? entry[0] : topic;
}

function camel(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A whole message of an event type with its example data: the header and the CloudEvent. */
function example(e: EventType, data: unknown): Record<string, unknown> {
  return {
    name: `${e.name}-example`,
    headers: { 'content-type': STRUCTURED_CONTENT_TYPE },
    payload: {
      [EnvelopeAttributes.specVersion]: CLOUDEVENTS_SPEC_VERSION,
      [EnvelopeAttributes.id]: '019ad5a0-6c00-7000-8000-000000000001',
      [EnvelopeAttributes.source]: e.producer === 'external' ? '/headend/north-ami' : e.source,
      [EnvelopeAttributes.type]: e.type,
      [EnvelopeAttributes.time]: '2026-12-01T00:05:00Z',
      [EnvelopeAttributes.subject]: 'example',
      [EnvelopeAttributes.dataContentType]: 'application/json',
      [EnvelopeAttributes.correlationId]: '019ad5a0-6c00-7000-8000-000000000002',
      [EnvelopeAttributes.data]: data,
    },
  };
}

function message(e: EventType): Record<string, unknown> {
  return {
    name: e.type,
    title: `${e.name} v${e.version}`,
    summary: e.description,
    contentType: STRUCTURED_CONTENT_TYPE,
    headers: { $ref: '#/components/schemas/StructuredModeHeaders' },
    payload: {
      allOf: [
        { $ref: '#/components/schemas/CloudEvent' },
        {
          type: 'object',
          properties: {
            [EnvelopeAttributes.type]: { const: e.type },
            [EnvelopeAttributes.source]:
              e.producer === 'external' ? { type: 'string', description: 'The publishing system, e.g. /headend/north-ami.' } : { const: e.source },
            [EnvelopeAttributes.data]: e.schema,
          },
        },
      ],
    },
    ...(e.example === undefined ? {} : { examples: [example(e, e.example)] }),
    bindings: {
      kafka: {
        key: { type: 'string', description: 'The account id where there is one, else the aggregate id.' },
        bindingVersion: '0.5.0',
      },
    },
  };
}

/**
 * The AsyncAPI 3.0 document of every event in `registry`: one channel per topic, one `send`
 * operation per context and topic, one message per event type: CloudEvents structured content
 * mode (one `content-type: application/cloudevents+json` header; the payload is the CloudEvent, its
 * `data` the event type's schema). Deterministic (ordered by name), so the committed copy can be compared.
 */
export function generateAsyncApi(registry: EventRegistry): Record<string, unknown> {
  const types = registry.all();
  const channels: Record<string, { address: string; description: string; messages: Record<string, { $ref: string }> }> = {};
  const operations: Record<string, { action: 'send'; channel: { $ref: string }; summary: string; messages: Array<{ $ref: string }> }> = {};
  const messages: Record<string, unknown> = {};

  for (const e of types) {
    const channelId = topicKey(e.topic);
    channels[channelId] ??= { address: e.topic, description: `Kafka topic ${e.topic}.`, messages: {} };
    channels[channelId].messages[e.type] = { $ref: `#/components/messages/${e.type}` };
    const operationId = `${camel(e.context)}Sends${channelId.charAt(0).toUpperCase()}${channelId.slice(1)}`;
    operations[operationId] ??= {
      action: 'send',
      channel: { $ref: `#/channels/${channelId}` },
      summary: `The ${e.context} service publishes its events on ${e.topic}.`,
      messages: [],
    };
    operations[operationId].messages.push({ $ref: `#/channels/${channelId}/messages/${e.type}` });
    messages[e.type] = message(e);
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Utilia domain events',
      version: '1.0.0',
      description:
        'Events published by the Utilia bounded contexts on Kafka as CloudEvents 1.0 in structured content mode (Kafka protocol binding): ' +
        'one header, content-type: application/cloudevents+json, and the value is the CloudEvent in the JSON event format ' +
        '(attributes specversion, id, source, type, time, subject, datacontenttype application/json, correlationid, causationid, traceparent, ' +
        'sequence, streamversion, and the data); the key is the partition key. ' +
        'Generated from the event registry in libs/contracts by `nx run @utilia/contracts:generate-asyncapi`; do not edit.',
    },
    defaultContentType: STRUCTURED_CONTENT_TYPE,
    channels,
    operations,
    components: { schemas: { StructuredModeHeaders: StructuredModeHeadersSchema, CloudEvent: CloudEventSchema }, messages },
  };
}

/** The document as committed: two-space JSON with a final newline. */
export function serializeAsyncApi(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
