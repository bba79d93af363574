import { defaultRegistry, DisconnectionRequestedV1, ReconnectionRequestedV1, toKafkaMessage, TopicPlan, Topics, uuidv7, type EventEnvelope } from '@utilia/contracts';
import { createKafka, ensureTopics, JsonLogger, listDeadLetters } from '@utilia/platform';
import { eventually } from '@utilia/platform/testing';
import type { Kafka, Producer } from 'kafkajs';
import { addDays, localDateOf } from '../shared/dates';
import { startCustomerApi, type CustomerApi } from '../shared/testing';
import { COLLECTIONS_GROUP } from './collections-requests.consumer';

const today = localDateOf(new Date(), 'UTC');
const address = (line1: string) => ({ line1, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' });

describe("payments' collections requests become field work orders", () => {
  let api: CustomerApi;
  let kafka: Kafka;
  let producer: Producer;
  const unique = Date.now().toString(36);

  /** A customer with an account on supply at a connected electricity point. */
  async function connectedAccount(name: string): Promise<{ customerId: string; accountId: string; servicePointId: string }> {
    const customer = await api.call('POST', '/customers', { kind: 'person', givenName: name, familyName: unique });
    const { accountId } = (await api.call('POST', '/accounts', { customerId: customer.body.customerId, currency: 'USD', billCycle: '07', billingAddress: address('2 Elm') })).body;
    const premise = await api.call('POST', '/premises', { address: address(`${unique} ${name} Street`), premiseType: 'house' });
    const { servicePointId } = (await api.call('POST', `/premises/${premise.body.premiseId}/service-points`, { commodity: 'electricity', marketId: `E-${name}-${unique}` })).body;
    const start = await api.call('POST', '/service-agreements', { accountId, servicePointId, tariffCode: 'R-1', startDate: addDays(today, -3) });
    expect(start.status).toBe(201);
    const connect = start.body.connectWorkOrderId as string;
    expect((await api.call('POST', `/work-orders/${connect}/dispatch`, { crew: 'north-1' })).status).toBe(200);
    expect((await api.call('POST', `/work-orders/${connect}/complete`, { completedAt: new Date(Date.now() - 60_000).toISOString() })).status).toBe(200);
    return { customerId: customer.body.customerId, accountId, servicePointId };
  }

  async function publish(envelope: EventEnvelope): Promise<void> {
    await producer.send({ topic: Topics.paymentsEvents, messages: [toKafkaMessage(envelope)] });
  }

  function disconnection(accountId: string): EventEnvelope {
    const data = { requestId: uuidv7(), accountId, arrears: { amount: '412.37', currency: 'USD' }, finalNoticeOn: addDays(today, -10), requestedAt: new Date().toISOString() };
    return defaultRegistry.encode(DisconnectionRequestedV1, data, { subject: data.requestId, time: data.requestedAt, correlationId: uuidv7() });
  }

  async function openOrders(accountId: string): Promise<Array<{ id: string; type: string; reason: string; status: string }>> {
    return (await api.call('GET', `/work-orders?accountId=${accountId}&open=true`)).body.items;
  }

  beforeAll(async () => {
    kafka = createKafka('collections-test', (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), new JsonLogger('test', 'error', () => undefined));
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, TopicPlan);
    await admin.disconnect();
    api = await startCustomerApi();
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await api?.close();
  });

  it('a disconnection request schedules one disconnect, even when delivered twice, and paying calls it off', async () => {
    const { accountId, servicePointId } = await connectedAccount('Moe');
    const request = disconnection(accountId);
    await publish(request);
    await publish(request); // redelivered: the inbox absorbs it
    expect(await eventually(async () => (await openOrders(accountId)).some((w) => w.type === 'disconnect'), 30_000)).toBe(true);
    // A later message of the same account proves the duplicate was processed (in order per key) and skipped.
    const reconnect = defaultRegistry.encode(
      ReconnectionRequestedV1,
      { requestId: uuidv7(), accountId, disconnectionRequestId: request.data.requestId as string, reason: 'paid-in-full', requestedAt: new Date().toISOString() },
      { subject: accountId, time: new Date().toISOString(), correlationId: uuidv7() },
    );
    await publish(reconnect);
    expect(await eventually(async () => (await openOrders(accountId)).every((w) => w.type !== 'disconnect'), 30_000)).toBe(true);
    const all = (await api.call('GET', `/work-orders?servicePointId=${servicePointId}`)).body.items as Array<{ type: string; reason: string; status: string; cancelReason: string | null }>;
    const disconnects = all.filter((w) => w.type === 'disconnect');
    expect(disconnects).toHaveLength(1);
    expect(disconnects[0]).toMatchObject({ reason: 'collections', status: 'cancelled', cancelReason: 'collections: paid-in-full' });
  });

  it('a request for a customer on life support is dead-lettered with the reason, and later requests still flow', async () => {
    const protectedOne = await connectedAccount('Hans');
    expect((await api.call('POST', `/customers/${protectedOne.customerId}/protections`, { kind: 'life-support', from: addDays(today, -30), to: null, evidence: 'ventilator; hospital letter seen' })).status).toBe(201);
    const refused = disconnection(protectedOne.accountId);
    await publish(refused);
    const other = await connectedAccount('Barney');
    await publish(disconnection(other.accountId));

    expect(await eventually(async () => (await openOrders(other.accountId)).some((w) => w.type === 'disconnect'), 30_000)).toBe(true);
    expect((await openOrders(protectedOne.accountId)).filter((w) => w.type === 'disconnect')).toEqual([]);
    let letter: Awaited<ReturnType<typeof listDeadLetters>>[number] | undefined;
    expect(
      await eventually(async () => {
        letter = (await listDeadLetters(kafka, COLLECTIONS_GROUP)).find((d) => d.headers.ce_id?.toString() === refused.id);
        return letter !== undefined;
      }, 30_000),
    ).toBe(true);
    expect(letter).toMatchObject({ reason: 'rejected', originalTopic: Topics.paymentsEvents });
    expect(letter?.error).toMatch(/^customer-protected: the account's customer is protected \(life-support\)/);
  });
});
