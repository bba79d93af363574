import { fromKafkaMessage, toKafkaMessage } from '../../envelope';
import { createEnvelope } from '../../registry';
import { uuidv7 } from '../../values/ids';
import { createDefaultRegistry } from '../index';
import { ServiceAgreementStartedV1 } from './customer-events';
import { ServiceAgreementStartedV2 } from './service-agreement-started.v2';

describe('service-agreement-started v1 to v2', () => {
  const registry = createDefaultRegistry();
  const v1: ServiceAgreementStartedV1 = {
    agreementId: uuidv7(),
    accountId: uuidv7(),
    servicePointId: uuidv7(),
    commodity: 'electricity',
    tariffCode: 'E-TOU-C',
    startDate: '2025-03-01',
  };

  it('a v1 message read from Kafka reaches the consumer as v2 with no tariff version', () => {
    const published = createEnvelope(ServiceAgreementStartedV1, v1, { subject: v1.agreementId, time: '2025-03-01T09:00:00.000Z', correlationId: uuidv7() });
    const m = toKafkaMessage(published);
    const consumed = registry.decode(
      fromKafkaMessage({
        key: Buffer.from(m.key),
        value: Buffer.from(m.value),
        headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(v)])),
      }),
    );
    expect(consumed.type).toBe('utilia.customer.service-agreement-started.v2');
    expect(consumed.data).toEqual({ ...v1, tariffVersionId: null });
    expect(consumed.partitionKey).toBe(v1.accountId);
    expect(registry.validate(ServiceAgreementStartedV2, consumed.data)).toEqual({ ok: true });
  });

  it('a v1 event is not a valid v2 event as it stands', () => {
    expect(registry.validate(ServiceAgreementStartedV2, v1)).toEqual({ ok: false, errors: ['data must have required property "tariffVersionId"'] });
  });

  it('a v2 event names the tariff version when the producer knows it', () => {
    const v2 = { ...v1, tariffVersionId: uuidv7() };
    expect(registry.validate(ServiceAgreementStartedV2, v2)).toEqual({ ok: true });
    expect(registry.upcast(ServiceAgreementStartedV2.type, v2)).toEqual({ type: ServiceAgreementStartedV2.type, data: v2 });
  });
});
