import {
  defaultRegistry,
  DisconnectionRefusedV1,
  DisconnectionRequestedV1,
  ReconnectionRequestedV1,
  toKafkaMessage,
  TopicPlan,
  Topics,
  uuidv7,
  type EventEnvelope,
} from '@utilia/contracts';
import { addDays, createKafka, ensureTopics, formatTraceparent, JsonLogger, listDeadLetters, localDateOf, newTrace, parseTraceparent } from '@utilia/platform';
import { eventually } from '@utilia/platform/testing';
import type { Kafka, Producer } from 'kafkajs';
import { startCustomerApi, TopicRecorder, type CustomerApi } from '../shared/testing';
import { COLLECTIONS_GROUP } from './collections-requests.handler';

const today = localDateOf(new Date(), 'UTC');
const address = (line1: string) => ({ line1, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' });

describe("payments' collections requests become field work orders", () => {
  let api: CustomerApi;
  let kafka: Kafka;
  let producer: Producer;
  const published = new TopicRecorder();
  const unique = Date.now().toString(36);

  /** A customer with an account on supply at a connected electricity point. */
  async function connectedAccount(name: string): Promise<{ customerId: string; accountId: string; servicePointId: string }> {
    const customer = await api.call('POST', '/customers', { kind: 'person', givenName: name, familyName: unique });
    const { accountId } = (
      await api.call('POST', '/accounts', { customerId: customer.body.customerId, currency: 'USD', billCycle: '07', billingAddress: address('2 Elm') })
    ).body;
    const premise = await api.call('POST', '/premises', { address: address(`${unique} ${name} Street`), premiseType: 'house' });
    const { servicePointId } = (
      await api.call('POST', `/premises/${premise.body.premiseId}/service-points`, { commodity: 'electricity', marketId: `E-${name}-${unique}` })
    ).body;
    const start = await api.call('POST', '/service-agreements', { accountId, servicePointId, tariffCode: 'R-1', startDate: addDays(today, -3) });
    expect(start.status).toBe(201);
    const connect = start.body.connectWorkOrderId as string;
    expect((await api.call('POST', `/work-orders/${connect}/dispatch`, { crew: 'north-1' })).status).toBe(200);
    expect((await api.call('POST', `/work-orders/${connect}/complete`, { completedAt: new Date().toISOString() })).status).toBe(200);
    return { customerId: customer.body.customerId, accountId, servicePointId };
  }

  async function publish(envelope: EventEnvelope): Promise<void> {
    await producer.send({ topic: Topics.paymentsEvents, messages: [toKafkaMessage(envelope)] });
  }

  function disconnection(accountId: string, traceparent?: string): EventEnvelope {
    const data = {
      requestId: uuidv7(),
      accountId,
      arrears: { amount: '412.37', currency: 'USD' },
      finalNoticeOn: addDays(today, -10),
      requestedAt: new Date().toISOString(),
    };
    return defaultRegistry.encode(DisconnectionRequestedV1, data, { subject: data.requestId, time: data.requestedAt, correlationId: uuidv7(), traceparent });
  }

  /** The first message on customer.events that `test` accepts, waiting for it to be published. */
  async function publishedOnCustomerEvents(test: (m: TopicRecorder['messages'][number]) => boolean): Promise<TopicRecorder['messages'][number]> {
    expect(await eventually(async () => published.messages.some(test), 30_000)).toBe(true);
    return published.messages.find(test) as TopicRecorder['messages'][number];
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
    await api.knowTariffs({ 'R-1': 'electricity' });
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await published.start(Topics.customerEvents);
  });
  afterAll(async () => {
    await published.stop();
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
      {
        requestId: uuidv7(),
        accountId,
        disconnectionRequestId: (request.data as DisconnectionRequestedV1).requestId,
        reason: 'paid-in-full',
        requestedAt: new Date().toISOString(),
      },
      { subject: accountId, time: new Date().toISOString(), correlationId: uuidv7() },
    );
    await publish(reconnect);
    expect(await eventually(async () => (await openOrders(accountId)).every((w) => w.type !== 'disconnect'), 30_000)).toBe(true);
    const all = (await api.call('GET', `/work-orders?servicePointId=${servicePointId}`)).body.items as Array<{
      type: string;
      reason: string;
      status: string;
      cancelReason: string | null;
    }>;
    const disconnects = all.filter((w) => w.type === 'disconnect');
    expect(disconnects).toHaveLength(1);
    expect(disconnects[0]).toMatchObject({ reason: 'collections', status: 'cancelled', cancelReason: 'collections: paid-in-full' });
  });

  it('a request for a customer on life support is refused with DisconnectionRefused, not dead-lettered, and later requests still flow', async () => {
    const protectedOne = await connectedAccount('Hans');
    expect(
      (
        await api.call('POST', `/customers/${protectedOne.customerId}/protections`, {
          kind: 'life-support',
          from: addDays(today, -30),
          to: null,
          evidence: 'ventilator; hospital letter seen',
        })
      ).status,
    ).toBe(201);
    const refused = disconnection(protectedOne.accountId);
    await publish(refused);
    const other = await connectedAccount('Barney');
    await publish(disconnection(other.accountId));

    expect(await eventually(async () => (await openOrders(other.accountId)).some((w) => w.type === 'disconnect'), 30_000)).toBe(true);
    expect((await openOrders(protectedOne.accountId)).filter((w) => w.type === 'disconnect')).toEqual([]);
    // The refusal is a fact on customer.events that payments consumes, caused by the request.
    const refusal = await publishedOnCustomerEvents((m) => m.type === DisconnectionRefusedV1.type && m.data.accountId === protectedOne.accountId);
    expect(refusal.data).toEqual({
      requestId: (refused.data as DisconnectionRequestedV1).requestId,
      accountId: protectedOne.accountId,
      reason: 'customer-protected',
      detail: "the account's customer is protected (life-support); disconnection refused",
      protections: ['life-support'],
      refusedOn: today,
    });
    expect(refusal.key).toBe(protectedOne.accountId);
    expect(refusal.envelope?.causationId).toBe(refused.id);
    expect((await listDeadLetters(kafka, COLLECTIONS_GROUP)).some((d) => d.id === refused.id)).toBe(false);
  });

  it('a request for an account the customer service does not know is dead-lettered with the reason', async () => {
    const unknown = disconnection(uuidv7());
    await publish(unknown);
    let letter: Awaited<ReturnType<typeof listDeadLetters>>[number] | undefined;
    expect(
      await eventually(async () => {
        letter = (await listDeadLetters(kafka, COLLECTIONS_GROUP)).find((d) => d.key === (unknown.data as DisconnectionRequestedV1).accountId);
        return letter !== undefined;
      }, 30_000),
    ).toBe(true);
    expect(letter).toMatchObject({ reason: 'rejected', originalTopic: Topics.paymentsEvents });
    expect(letter?.error).toMatch(/does not exist in the customer service/);
  });

  it('carries the trace from an HTTP request to Kafka, and from a payments event to the work order it causes', async () => {
    // A request with its own trace: the events it writes continue that trace, with its correlation id.
    const caller = newTrace();
    const registered = await api.call('POST', '/customers', { kind: 'person', givenName: 'Trace', familyName: unique }, ['csr'], [], {
      traceparent: formatTraceparent(caller),
      'x-correlation-id': `call-${unique}`,
    });
    expect(registered.status).toBe(201);
    expect(parseTraceparent(registered.headers.get('traceresponse'))).toMatchObject({ traceId: caller.traceId, flags: '01' });
    expect(registered.headers.get('x-correlation-id')).toBe(`call-${unique}`);
    const event = await publishedOnCustomerEvents((m) => m.type === 'utilia.customer.customer-registered.v1' && m.subject === registered.body.customerId);
    const eventSpan = parseTraceparent(event.envelope?.traceparent);
    expect(eventSpan).toMatchObject({ traceId: caller.traceId, flags: '01' });
    expect(eventSpan?.spanId).not.toBe(caller.spanId); // a span of the service's own
    expect(event.envelope?.correlationId).toBe(`call-${unique}`);

    // And back: a payments event with a trace makes the customer service schedule a work order,
    // whose event continues the request's trace and correlation and names the request as its cause.
    const { accountId } = await connectedAccount('Trace');
    const payments = newTrace();
    const request = disconnection(accountId, formatTraceparent(payments));
    await publish(request);
    const scheduled = await publishedOnCustomerEvents(
      (m) => m.type === 'utilia.customer.work-order-scheduled.v1' && m.data.accountId === accountId && m.data.reason === 'collections',
    );
    expect(parseTraceparent(scheduled.envelope?.traceparent)).toMatchObject({ traceId: payments.traceId, flags: '01' });
    expect(scheduled.envelope?.correlationId).toBe(request.correlationId);
    expect(scheduled.envelope?.causationId).toBe(request.id);
  });
});
