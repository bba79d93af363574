import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASYNCAPI_DOCUMENT_PATH, generateAsyncApi, serializeAsyncApi } from './asyncapi';
import { defaultRegistry } from './events';

describe('the AsyncAPI document', () => {
  const generated = generateAsyncApi(defaultRegistry) as {
    asyncapi: string;
    channels: Record<string, { address: string; messages: Record<string, unknown> }>;
    operations: Record<string, { action: string; messages: unknown[] }>;
    components: { messages: Record<string, { payload: unknown; headers: unknown }> };
  };

  it('committed in the repository is the one the registry generates now (else run nx run @utilia/contracts:generate-asyncapi)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', ASYNCAPI_DOCUMENT_PATH), 'utf8');
    expect(committed).toBe(serializeAsyncApi(generated));
  });

  it('is AsyncAPI 3.0 with a channel per topic and a message per event type', () => {
    expect(generated.asyncapi).toBe('3.0.0');
    expect(generated.channels.customerEvents.address).toBe('customer.events');
    for (const t of defaultRegistry.all()) {
      // Structured content mode: the payload is the CloudEvent, whose data is the event's schema.
      const payload = generated.components.messages[t.type].payload as { allOf: [{ $ref: string }, { properties: { type: unknown; data: unknown } }] };
      expect(payload.allOf[0]).toEqual({ $ref: '#/components/schemas/CloudEvent' });
      expect(payload.allOf[1].properties).toMatchObject({ type: { const: t.type }, data: t.schema });
      expect(Object.keys(generated.channels).some((c) => t.type in generated.channels[c].messages)).toBe(true);
    }
  });

  it('has the producing context send every message on its topic', () => {
    const sent = Object.values(generated.operations).flatMap((o) => (o.action === 'send' ? o.messages : []));
    expect(sent).toHaveLength(defaultRegistry.all().length);
  });

  it("shows an example of the head-ends' meter readings, whose data passes the schema", () => {
    const type = 'utilia.headend.meter-readings.v1';
    const examples = (generated.components.messages[type] as unknown as { examples: Array<{ payload: { data: unknown; type: string } }> }).examples;
    expect(examples).toHaveLength(1);
    expect(examples[0].payload.type).toBe(type);
    expect(defaultRegistry.validate(type, examples[0].payload.data)).toEqual({ ok: true });
    for (const t of defaultRegistry.all()) if (t.example !== undefined) expect(defaultRegistry.validate(t, t.example)).toEqual({ ok: true });
  });

  it('is valid against the official AsyncAPI 3.0.0 JSON Schema', () => {
    const official = JSON.parse(readFileSync(join(__dirname, '..', 'spec', 'asyncapi-3.0.0.schema.json'), 'utf8'));
    // The official schema uses keywords ajv's strict mode does not know; it is data we do not own.
    const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(official);
    const valid = validate(JSON.parse(serializeAsyncApi(generated)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });
});
