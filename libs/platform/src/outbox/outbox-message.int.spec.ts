import { readKafkaMessage, toKafkaMessage } from '@utilia/contracts';
import type { DataSource } from 'typeorm';
import { poolOf } from '../backbone/log';
import { freshBackboneDatabase, increment, testRegistry, unique } from '../backbone/test-kit';
import { envelopeOf, EventStore } from '../event-store/event-store';
import { enqueue, pendingMessages } from './outbox';

// The relay's query builds each event's message value in SQL; it must be exactly the structured-mode
// CloudEvent that `toKafkaMessage` makes of the same event (libs/contracts, envelope.ts).
describe('the messages the outbox relay publishes', () => {
  let ds: DataSource;
  const topic = unique('outbox-message');
  const store = new EventStore({ registry: testRegistry(), topicOf: () => topic });

  beforeAll(async () => {
    ds = await freshBackboneDatabase('utilia_test_backbone_outbox_message');
  });
  afterAll(() => ds?.destroy());

  it('are CloudEvents in structured mode, byte for byte what toKafkaMessage makes of the event', async () => {
    // Quotes, backslashes, a newline, a tab, a control character and non-ASCII, in the stream id
    // (subject, key, data) and in the correlation id; one event with causation and trace, one without.
    const odd = `${unique('acct')} "quoted" \\ back\nslash\tü€😀\u0001`;
    const traced = { ...increment(odd, 2), causationId: 'cause "1"', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    await ds.transaction((m) => store.append(m, odd, 0, [increment(odd, 1), traced]));
    const events = await store.readStream(ds.manager, odd);
    const stored = events.map(envelopeOf);
    const pending = (await pendingMessages(poolOf(ds), 100)).filter((p) => p.message.key === odd);
    expect(pending).toHaveLength(2);
    pending.forEach((p, i) => {
      const expected = toKafkaMessage(stored[i], { sequence: String(events[i].position), streamVersion: events[i].streamVersion });
      expect(p.topic).toBe(topic);
      expect(p.message).toEqual({ key: expected.key, value: expected.value, headers: { 'content-type': 'application/cloudevents+json' } });
      expect(
        readKafkaMessage({
          key: Buffer.from(odd),
          value: Buffer.from(String(p.message.value)),
          headers: { 'content-type': Buffer.from('application/cloudevents+json') },
        }),
      ).toEqual({
        envelope: stored[i],
        mode: 'structured',
        sequence: String(events[i].position),
        streamVersion: i + 1,
      });
    });
    expect(JSON.parse(String(pending[1].message.value))).toMatchObject({
      causationid: 'cause "1"',
      traceparent: traced.traceparent,
      correlationid: `test-${odd}`,
    });
    expect(JSON.parse(String(pending[0].message.value))).not.toHaveProperty('causationid');
  });

  it('keep a plain message as enqueue queued it: its own key, headers and value', async () => {
    const key = unique('ref');
    await ds.transaction((m) =>
      enqueue(m, [{ topic, key, headers: { 'content-type': 'application/json', 'x-kind': 'tariff' }, value: '{"reference":"data"}' }]),
    );
    const [plain] = (await pendingMessages(poolOf(ds), 100)).filter((p) => p.message.key === key);
    expect(plain.message).toEqual({ key, headers: { 'content-type': 'application/json', 'x-kind': 'tariff' }, value: '{"reference":"data"}' });
  });
});
