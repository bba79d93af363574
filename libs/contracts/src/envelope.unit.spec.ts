import { fromKafkaMessage, toKafkaMessage, type EventEnvelope, type IncomingKafkaMessage } from './envelope';
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

describe('the CloudEvents envelope on Kafka', () => {
  it('puts the attributes in ce_ headers, the data in the value and the partition key in the key', () => {
    const m = toKafkaMessage(envelope);
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
    });
  });

  it('comes back unchanged from the Buffers a consumer receives', () => {
    expect(fromKafkaMessage(asDelivered(toKafkaMessage(envelope)))).toEqual(envelope);
  });

  it('comes back unchanged from string headers', () => {
    expect(fromKafkaMessage(toKafkaMessage(envelope))).toEqual(envelope);
  });

  it('leaves out causation and trace headers when an event has none', () => {
    const { causationId: _c, traceparent: _t, ...bare } = envelope;
    const m = toKafkaMessage(bare);
    expect(m.headers).not.toHaveProperty('causation_id');
    expect(m.headers).not.toHaveProperty('traceparent');
    expect(fromKafkaMessage(asDelivered(m))).toEqual(bare);
  });

  it('takes the subject as partition key when a message has no key', () => {
    const m = asDelivered(toKafkaMessage(envelope));
    expect(fromKafkaMessage({ ...m, key: null }).partitionKey).toBe(envelope.subject);
  });

  it.each(['ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_subject', 'ce_specversion', 'correlation_id'])(
    'refuses a message without the %s header, naming it',
    (header) => {
      const m = asDelivered(toKafkaMessage(envelope));
      delete (m.headers as Record<string, unknown>)[header];
      const read = () => fromKafkaMessage(m);
      expect(read).toThrow(EnvelopeError);
      expect(read).toThrow(`required Kafka header "${header}" is missing`);
      try {
        read();
      } catch (e) {
        expect(e).toMatchObject({ code: 'missing-header', header });
      }
    },
  );

  it('refuses a value that is not JSON', () => {
    const m = { ...asDelivered(toKafkaMessage(envelope)), value: Buffer.from('{"invoiceId":') };
    expect(() => fromKafkaMessage(m)).toThrow(expect.objectContaining({ code: 'invalid-json', name: 'EnvelopeError' }));
  });

  it('refuses a message with no value (a tombstone)', () => {
    const m = { ...asDelivered(toKafkaMessage(envelope)), value: null };
    expect(() => fromKafkaMessage(m)).toThrow(expect.objectContaining({ code: 'missing-value' }));
  });

  it('refuses another CloudEvents version or a non-JSON content type', () => {
    const m = asDelivered(toKafkaMessage(envelope));
    expect(() => fromKafkaMessage({ ...m, headers: { ...m.headers, ce_specversion: '0.3' } })).toThrow(
      expect.objectContaining({ code: 'unsupported-specversion' }),
    );
    expect(() => fromKafkaMessage({ ...m, headers: { ...m.headers, 'content-type': 'application/avro' } })).toThrow(
      expect.objectContaining({ code: 'unsupported-content-type' }),
    );
    expect(fromKafkaMessage({ ...m, headers: { ...m.headers, 'content-type': 'application/json; charset=utf-8' } })).toEqual(envelope);
  });
});
