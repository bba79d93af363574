import { CLOUDEVENTS_SPEC_VERSION, EVENT_CONTENT_TYPE, EnvelopeHeaders } from './envelope';
import type { EventRegistry, EventType } from './registry';
import { Topics } from './topics';
import { UUID_V7_PATTERN } from './values/ids';
import { InstantSchema } from './values/time';
import type { JsonSchema } from './values/json-schema';

/** Where the generated AsyncAPI document lives, relative to the repository root. */
export const ASYNCAPI_DOCUMENT_PATH = 'libs/contracts/asyncapi.json';

/** The Kafka headers of every event (CloudEvents 1.0 binary mode plus Utilia's tracing headers). */
export const CloudEventsHeadersSchema: JsonSchema = {
  type: 'object',
  description: 'CloudEvents 1.0 attributes in Kafka binary content mode, with correlation, causation and W3C trace context.',
  properties: {
    [EnvelopeHeaders.id]: { type: 'string', pattern: UUID_V7_PATTERN, description: 'CloudEvents id: unique per event; consumers dedupe on it.' },
    [EnvelopeHeaders.source]: { type: 'string', description: 'CloudEvents source: the producing context, /utilia/<context>.' },
    [EnvelopeHeaders.type]: { type: 'string', description: 'CloudEvents type: the wire name utilia.<context>.<event>.v<N>.' },
    [EnvelopeHeaders.time]: { ...InstantSchema, description: 'CloudEvents time: when the event happened, ISO-8601 UTC.' },
    [EnvelopeHeaders.subject]: { type: 'string', description: 'CloudEvents subject: the aggregate (stream) id.' },
    [EnvelopeHeaders.specVersion]: { type: 'string', const: CLOUDEVENTS_SPEC_VERSION },
    [EnvelopeHeaders.contentType]: { type: 'string', const: EVENT_CONTENT_TYPE },
    [EnvelopeHeaders.correlationId]: { type: 'string', description: 'Shared by everything done for one request or process.' },
    [EnvelopeHeaders.causationId]: { type: 'string', description: 'The id of the message or command that caused this event.' },
    [EnvelopeHeaders.traceparent]: {
      type: 'string',
      pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
      description: 'W3C Trace Context traceparent of the producing span.',
    },
    [EnvelopeHeaders.sequence]: {
      type: 'string',
      pattern: '^[1-9][0-9]*$',
      description: "CloudEvents sequence: the event's position in its producer's event store; increases per partition key.",
    },
    [EnvelopeHeaders.streamVersion]: { type: 'string', pattern: '^[1-9][0-9]*$', description: 'The version of the subject (stream) this event made.' },
  },
  required: [
    EnvelopeHeaders.id,
    EnvelopeHeaders.source,
    EnvelopeHeaders.type,
    EnvelopeHeaders.time,
    EnvelopeHeaders.subject,
    EnvelopeHeaders.specVersion,
    EnvelopeHeaders.contentType,
    EnvelopeHeaders.correlationId,
  ],
};

function topicKey(topic: string): string {
  const entry = Object.entries(Topics).find(([, t]) => t === topic);
  return entry ? entry[0] : topic;
}

function camel(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function message(e: EventType): Record<string, unknown> {
  return {
    name: e.type,
    title: `${e.name} v${e.version}`,
    summary: e.description,
    contentType: EVENT_CONTENT_TYPE,
    headers: {
      allOf: [
        { $ref: '#/components/schemas/CloudEventsHeaders' },
        { type: 'object', properties: { [EnvelopeHeaders.type]: { const: e.type }, [EnvelopeHeaders.source]: { const: e.source } } },
      ],
    },
    payload: e.schema,
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
 * operation per context and topic, one message per event type with its CloudEvents headers and
 * payload schema. Deterministic (ordered by name), so the committed copy can be compared.
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
        'Events published by the Utilia bounded contexts on Kafka, in CloudEvents 1.0 binary mode. ' +
        'Generated from the event registry in libs/contracts by `nx run @utilia/contracts:generate-asyncapi`; do not edit.',
    },
    defaultContentType: EVENT_CONTENT_TYPE,
    channels,
    operations,
    components: { schemas: { CloudEventsHeaders: CloudEventsHeadersSchema }, messages },
  };
}

/** The document as committed: two-space JSON with a final newline. */
export function serializeAsyncApi(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
