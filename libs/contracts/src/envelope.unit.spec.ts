import {
  fromKafkaMessage,
  readKafkaMessage,
  structuredValue,
  toBinaryKafkaMessage,
  toKafkaMessage,
  type EventEnvelope,
  type IncomingKafkaMessage,
} from './envelope';
import { EnvelopeError } from './errors';

const envelope: EventEnvelope = {
  id: '01963d4e-6a2b-7c3d-8e4f-5a6b7c8d9e0f',
  source: '/utilia/invoicing',
  type: 'utilia.invoicing.invoice-issued.v1',
  time: '2025-04-01T06:00:00.000Z',
  subject: '01963d4e-6a2b-7c3d-8e4f-000000000001',
  data: { invoiceId: '01963d4e-6a2b-7c3d-8e4f-000000000001', total: { amount: '123.45', currency: 'USD' } },
  correlationId: '01963d4e-6a2b-7c3d-8e4f-000000000002',
  causationId: '01963d4e-6a2b-7c3d-8e4f-000000000003',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  partitionKey: '01963d4e-6a2b-7c3d-8e4f-00000000000a',
};

/** What kafkajs hands a consumer: every header and the value as Buffers. */
function asDelivered(m: { key: string; value: string; headers: Record<string, string> }): IncomingKafkaMessage {
  return {
    key: Buffer.from(m.key),
    value: Buffer.from(m.value),
    headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(v)])),
  };
}

/** A structured-mode message whose CloudEvent was changed by `edit`. */
function structuredWith(edit: (event: Record<string, unknown>) => void): IncomingKafkaMessage {
  const m = toKafkaMessage(envelope);
  const event = JSON.parse(m.value);
  edit(event);
  return asDelivered({ ...m, value: JSON.stringify(event) });
}

describe('the CloudEvents envelope on Kafka, structured mode (what Utilia publishes)', () => {
  it('has one content-type header, the attributes and the data in the JSON value, and the partition key as key', () => {
    const m = toKafkaMessage(envelope);
    expect(m.key).toBe(envelope.partitionKey);
    expect(m.headers).toEqual({ 'content-type': 'application/cloudevents+json' });
    expect(JSON.parse(m.value)).toEqual({
      specversion: '1.0',
      id: envelope.id,
      source: '/utilia/invoicing',
      type: 'utilia.invoicing.invoice-issued.v1',
      time: '2025-04-01T06:00:00.000Z',
      subject: envelope.subject,
      datacontenttype: 'application/json',
      correlationid: envelope.correlationId,
      causationid: envelope.causationId,
      traceparent: envelope.traceparent,
      data: envelope.data,
    });
  });

  it('names extension attributes as CloudEvents requires: lower-case letters and digits only', () => {
    const event = JSON.parse(toKafkaMessage(envelope, { sequence: '42', streamVersion: 7 }).value);
    for (const name of Object.keys(event)) expect(name).toMatch(/^[a-z0-9]+$/);
    expect(event).toMatchObject({ sequence: '42', streamversion: 7 });
  });

  it('comes back unchanged from the Buffers a consumer receives, and from strings', () => {
    expect(fromKafkaMessage(asDelivered(toKafkaMessage(envelope)))).toEqual(envelope);
    expect(fromKafkaMessage(toKafkaMessage(envelope))).toEqual(envelope);
  });

  it('carries the event store sequence and stream version', () => {
    expect(readKafkaMessage(asDelivered(toKafkaMessage(envelope, { sequence: '9007199254740993', streamVersion: 3 })))).toEqual({
      envelope,
      mode: 'structured',
      sequence: '9007199254740993',
      streamVersion: 3,
    });
    expect(readKafkaMessage(asDelivered(toKafkaMessage(envelope)))).toEqual({ envelope, mode: 'structured' });
  });

  it('splices data JSON text in verbatim, quoting every attribute', () => {
    const odd = { ...envelope, subject: 'a "quoted"\\ subject\n with ünïcode' };
    const value = structuredValue(odd, '{ "invoiceId" : "x",\n "n": 1.50 }', { sequence: '1', streamVersion: 1 });
    expect(value.endsWith(',"data":{ "invoiceId" : "x",\n "n": 1.50 }}')).toBe(true);
    const back = readKafkaMessage({ key: odd.partitionKey, value, headers: { 'content-type': 'application/cloudevents+json' } });
    expect(back.envelope).toEqual({ ...odd, data: { invoiceId: 'x', n: 1.5 } });
    expect(() => structuredValue(envelope, '{}', { streamVersion: 1.5 })).toThrow(TypeError);
  });

  it('leaves out causation and trace attributes when an event has none', () => {
    const { causationId: _c, traceparent: _t, ...bare } = envelope;
    const m = toKafkaMessage(bare);
    expect(JSON.parse(m.value)).not.toHaveProperty('causationid');
    expect(JSON.parse(m.value)).not.toHaveProperty('traceparent');
    expect(fromKafkaMessage(asDelivered(m))).toEqual(bare);
  });

  it('takes the subject as partition key when a message has no key', () => {
    const m = asDelivered(toKafkaMessage(envelope));
    expect(fromKafkaMessage({ ...m, key: null }).partitionKey).toBe(envelope.subject);
  });

  it('accepts content-type parameters and any case', () => {
    const m = asDelivered(toKafkaMessage(envelope));
    expect(fromKafkaMessage({ ...m, headers: { 'content-type': 'Application/CloudEvents+JSON; charset=utf-8' } })).toEqual(envelope);
  });

  it.each(['specversion', 'id', 'source', 'type', 'time'])('refuses a CloudEvent without the %s attribute, naming it', (attribute) => {
    const m = structuredWith((e) => delete e[attribute]);
    const read = () => fromKafkaMessage(m);
    expect(read).toThrow(EnvelopeError);
    expect(read).toThrow(`required CloudEvents attribute "${attribute}" is missing`);
    expect(read).toThrow(expect.objectContaining({ code: 'missing-header', header: attribute }));
  });

  it('reads a CloudEvent from outside without subject or correlation id: it is about its key and starts its own process', () => {
    const m = structuredWith((e) => {
      delete e.subject;
      delete e.correlationid;
    });
    const envelope = fromKafkaMessage(m);
    expect(envelope.subject).toBe(String(m.key));
    expect(envelope.correlationId).toBe(envelope.id);
  });

  it('refuses an attribute that is not a string', () => {
    expect(() => fromKafkaMessage(structuredWith((e) => (e.id = 12)))).toThrow(expect.objectContaining({ code: 'missing-header', header: 'id' }));
  });

  it('refuses a value that is not JSON, or JSON but not an object', () => {
    const m = asDelivered(toKafkaMessage(envelope));
    expect(() => fromKafkaMessage({ ...m, value: Buffer.from('{"specversion":') })).toThrow(
      expect.objectContaining({ code: 'invalid-json', name: 'EnvelopeError' }),
    );
    for (const value of ['[1,2]', 'null', '"text"', '42']) {
      expect(() => fromKafkaMessage({ ...m, value: Buffer.from(value) })).toThrow(expect.objectContaining({ code: 'invalid-json' }));
    }
  });

  it('refuses a message with no value (a tombstone) or a CloudEvent without data', () => {
    const m = asDelivered(toKafkaMessage(envelope));
    expect(() => fromKafkaMessage({ ...m, value: null })).toThrow(expect.objectContaining({ code: 'missing-value' }));
    expect(() => fromKafkaMessage(structuredWith((e) => delete e.data))).toThrow(expect.objectContaining({ code: 'missing-value' }));
    expect(() => fromKafkaMessage(structuredWith((e) => ((e.data_base64 = 'AAE='), delete e.data)))).toThrow(/data_base64/);
  });

  it('refuses another CloudEvents version, a batch, or data that is not JSON', () => {
    expect(() => fromKafkaMessage(structuredWith((e) => (e.specversion = '0.3')))).toThrow(expect.objectContaining({ code: 'unsupported-specversion' }));
    const m = asDelivered(toKafkaMessage(envelope));
    expect(() => fromKafkaMessage({ ...m, headers: { 'content-type': 'application/cloudevents-batch+json' } })).toThrow(
      expect.objectContaining({ code: 'unsupported-content-type' }),
    );
    expect(() => fromKafkaMessage(structuredWith((e) => (e.datacontenttype = 'application/avro')))).toThrow(
      expect.objectContaining({ code: 'unsupported-content-type' }),
    );
    expect(fromKafkaMessage(structuredWith((e) => delete e.datacontenttype))).toEqual(envelope);
  });
});

describe('the CloudEvents envelope on Kafka, binary mode (earlier versions and external producers)', () => {
  it('puts the attributes in ce_ headers, the data in the value and the partition key in the key', () => {
    const m = toBinaryKafkaMessage(envelope, { sequence: '42', streamVersion: 7 });
    expect(m.key).toBe(envelope.partitionKey);
    expect(JSON.parse(m.value)).toEqual(envelope.data);
    expect(m.headers).toEqual({
      ce_id: envelope.id,
      ce_source: '/utilia/invoicing',
      ce_type: 'utilia.invoicing.invoice-issued.v1',
      ce_time: '2025-04-01T06:00:00.000Z',
      ce_subject: envelope.subject,
      ce_specversion: '1.0',
      'content-type': 'application/json',
      correlation_id: envelope.correlationId,
      causation_id: envelope.causationId,
      traceparent: envelope.traceparent,
      ce_sequence: '42',
      ce_streamversion: '7',
    });
  });

  it('is still read, with the same envelope as structured mode, sequence and stream version included', () => {
    const structured = readKafkaMessage(asDelivered(toKafkaMessage(envelope, { sequence: '42', streamVersion: 7 })));
    const binary = readKafkaMessage(asDelivered(toBinaryKafkaMessage(envelope, { sequence: '42', streamVersion: 7 })));
    expect(binary).toEqual({ ...structured, mode: 'binary' });
    expect(fromKafkaMessage(toBinaryKafkaMessage(envelope))).toEqual(envelope);
    expect(readKafkaMessage(asDelivered(toBinaryKafkaMessage(envelope)))).toEqual({ envelope, mode: 'binary' });
  });

  it('leaves out causation and trace headers when an event has none', () => {
    const { causationId: _c, traceparent: _t, ...bare } = envelope;
    const m = toBinaryKafkaMessage(bare);
    expect(m.headers).not.toHaveProperty('causation_id');
    expect(m.headers).not.toHaveProperty('traceparent');
    expect(fromKafkaMessage(asDelivered(m))).toEqual(bare);
  });

  it('takes the subject as partition key when a message has no key, and reads a message without content-type', () => {
    const m = asDelivered(toBinaryKafkaMessage(envelope));
    expect(fromKafkaMessage({ ...m, key: null }).partitionKey).toBe(envelope.subject);
    const { 'content-type': _ct, ...headers } = m.headers ?? {};
    expect(fromKafkaMessage({ ...m, headers })).toEqual(envelope);
  });

  it.each(['ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_subject', 'ce_specversion', 'correlation_id'])(
    'refuses a message without the %s header, naming it',
    (header) => {
      const m = asDelivered(toBinaryKafkaMessage(envelope));
      delete (m.headers as Record<string, unknown>)[header];
      const read = () => fromKafkaMessage(m);
      expect(read).toThrow(EnvelopeError);
      expect(read).toThrow(`required Kafka header "${header}" is missing`);
      expect(read).toThrow(expect.objectContaining({ code: 'missing-header', header }));
    },
  );

  it('refuses a value that is not JSON', () => {
    const m = { ...asDelivered(toBinaryKafkaMessage(envelope)), value: Buffer.from('{"invoiceId":') };
    expect(() => fromKafkaMessage(m)).toThrow(expect.objectContaining({ code: 'invalid-json', name: 'EnvelopeError' }));
  });

  it('refuses a message with no value (a tombstone)', () => {
    const m = { ...asDelivered(toBinaryKafkaMessage(envelope)), value: null };
    expect(() => fromKafkaMessage(m)).toThrow(expect.objectContaining({ code: 'missing-value' }));
  });

  it('refuses another CloudEvents version or a non-JSON content type', () => {
    const m = asDelivered(toBinaryKafkaMessage(envelope));
    expect(() => fromKafkaMessage({ ...m, headers: { ...m.headers, ce_specversion: '0.3' } })).toThrow(
      expect.objectContaining({ code: 'unsupported-specversion' }),
    );
    expect(() => fromKafkaMessage({ ...m, headers: { ...m.headers, 'content-type': 'application/avro' } })).toThrow(
      expect.objectContaining({ code: 'unsupported-content-type' }),
    );
    expect(fromKafkaMessage({ ...m, headers: { ...m.headers, 'content-type': 'application/json; charset=utf-8' } })).toEqual(envelope);
  });
});
