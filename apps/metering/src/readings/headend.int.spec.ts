import { MeterReadingsV1, Topics, UsageProfileRequestedV1, uuidv7, type MeterReadingsV1 as Readings } from '@utilia/contracts';
import { listDeadLetters } from '@utilia/platform';
import { eventually, TopicRecorder } from '@utilia/platform/testing';
import { installedMeter, pointOnSupply, readingsMessage, registerMeter, serial, startMetering, type MeteringWorld } from '../testing';
import { READINGS_GROUP } from './headend.handler';

const DAY = '2026-11-02';
const dayValues = (base: number) => Array.from({ length: 96 }, (_, i) => base + (i % 4));

describe('readings from head-ends over Kafka (meter.readings)', () => {
  let world: MeteringWorld;
  const published = new TopicRecorder();

  const readings = async (meter: string, from = `${DAY}T00:00:00Z`, to = '2026-11-04T00:00:00Z') =>
    (await world.api.call('GET', `/meters/${meter}/readings?from=${from}&to=${to}`)).body.readings as Array<{
      start: string;
      value: string;
      quality: string;
      source: string;
    }>;
  const sum = (rs: Array<{ value: string }>) => rs.reduce((s, r) => s + BigInt(r.value), 0n);

  beforeAll(async () => {
    await published.start(Topics.meteringEvents);
    world = await startMetering();
  });
  afterAll(async () => {
    await world?.close();
    await published.stop();
  });

  it("stores a day's 96 readings once: the same message again, or the same data in a new message, changes nothing", async () => {
    const meter = serial('day');
    await registerMeter(world.api, meter);
    await installedMeter(world.api, meter, '2026-11-01T00:00:00Z');
    const message = readingsMessage(meter, `${DAY}T00:00:00Z`, dayValues(200));
    await world.publish(MeterReadingsV1, message, '/headend/test-ami');
    expect(await eventually(async () => (await readings(meter)).length === 96)).toBe(true);
    await world.publish(MeterReadingsV1, message, '/headend/test-ami');
    await world.publish(MeterReadingsV1, readingsMessage(meter, `${DAY}T12:00:00Z`, dayValues(200).slice(48)), '/headend/test-ami');
    // A marker after the repeats: once it is stored, the repeats have been handled.
    await world.publish(MeterReadingsV1, readingsMessage(meter, '2026-11-03T00:00:00Z', [7]), '/headend/test-ami');
    expect(await eventually(async () => (await readings(meter)).length === 97)).toBe(true);
    const stored = await readings(meter);
    expect(sum(stored)).toBe(BigInt(dayValues(200).reduce((s, v) => s + v, 0) + 7));
    expect(stored[0]).toMatchObject({ start: `${DAY}T00:00:00.000Z`, value: '200', quality: 'actual', source: 'headend:test-ami' });
    const exceptions = (await world.api.call('GET', `/vee-exceptions?serial=${meter}&rule=changed-value`)).body.items;
    expect(exceptions).toEqual([]);
  });

  it('a different value for a stored interval is kept as an audited change and raised for a person, never silently', async () => {
    const meter = serial('changed');
    await registerMeter(world.api, meter);
    await installedMeter(world.api, meter, '2026-11-01T00:00:00Z');
    await world.publish(MeterReadingsV1, readingsMessage(meter, `${DAY}T00:00:00Z`, [100, 110, 120, 130]));
    expect(await eventually(async () => (await readings(meter)).length === 4)).toBe(true);
    await world.publish(MeterReadingsV1, readingsMessage(meter, `${DAY}T00:15:00Z`, [111]));
    expect(await eventually(async () => (await readings(meter))[1].value === '111')).toBe(true);
    const edits = (await world.api.call('GET', `/meters/${meter}/edits?from=${DAY}T00:00:00Z&to=2026-11-03T00:00:00Z`)).body;
    expect(edits).toEqual([
      expect.objectContaining({
        start: `${DAY}T00:15:00.000Z`,
        oldValue: '110',
        newValue: '111',
        by: 'headend:test-ami',
        reason: 'read again with another value',
      }),
    ]);
    const raised = (await world.api.call('GET', `/vee-exceptions?serial=${meter}`)).body.items;
    expect(raised.map((x: { rule: string }) => x.rule)).toContain('changed-value');
    expect(published.messages.some((m) => m.type === 'utilia.metering.vee-exception-raised.v1' && m.data.meterId === raised[0].meterId)).toBe(true);
  });

  it('keeps register reads once, redelivered or not, and raises a register that went backwards for a person', async () => {
    const meter = serial('register');
    await registerMeter(world.api, meter);
    const servicePointId = await installedMeter(world.api, meter, '2026-11-01T00:00:00Z');
    const read = (readAt: string, value: string): Readings => ({
      ...readingsMessage(meter, readAt, []),
      intervalBlocks: [],
      registerReads: [{ readingType: { measure: 'energy', unit: 'kWh', direction: 'import' }, readAt, value }],
    });
    // In one burst, so the consumer handles several in one chunk.
    for (const m of [
      read('2026-11-03T00:00:00Z', '10000.000'),
      read('2026-11-04T00:00:00Z', '10002.500'),
      read('2026-11-04T00:00:00Z', '10002.500'),
      read('2026-11-05T00:00:00Z', '9990.000'),
    ])
      await world.publish(MeterReadingsV1, m, '/headend/test-ami');
    const backwards = async () => (await world.api.call('GET', `/vee-exceptions?serial=${meter}&rule=register-backwards`)).body.items;
    expect(await eventually(async () => (await backwards()).length > 0)).toBe(true);
    // The same reads again change nothing and raise nothing more.
    await world.publish(MeterReadingsV1, read('2026-11-05T00:00:00Z', '9990.000'), '/headend/test-ami');
    await world.publish(MeterReadingsV1, readingsMessage(meter, '2026-11-05T00:00:00Z', [7]), '/headend/test-ami');
    expect(await eventually(async () => (await readings(meter, '2026-11-05T00:00:00Z', '2026-11-06T00:00:00Z')).length === 1)).toBe(true);
    const raised = await backwards();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ channel: 'register:1.8.0', servicePointId });
    expect(raised[0].detail).toContain('9990.000');
    const totals = (await world.api.call('GET', `/service-points/${servicePointId}/registers?from=2026-11-03&to=2026-11-03`)).body;
    expect(totals).toEqual([expect.objectContaining({ register: '1.8.0', startRead: '10000.000', endRead: '10002.500', estimated: false })]);
  });

  it('an unknown meter, energy in W and a message that is not JSON are dead-lettered with the reason; the next message still flows', async () => {
    const known = serial('known');
    await registerMeter(world.api, known);
    await installedMeter(world.api, known, '2026-11-01T00:00:00Z');
    const unknown = serial('ghost');
    await world.publish(MeterReadingsV1, readingsMessage(unknown, `${DAY}T00:00:00Z`, [1, 2]));
    const watts: Readings = readingsMessage(known, `${DAY}T00:00:00Z`, [5]);
    watts.intervalBlocks[0].readingType.unit = 'W';
    await world.publish(MeterReadingsV1, watts);
    await world.sendRaw(Topics.meterReadings, {
      key: known,
      value: '{"specversion":"1.0", not json',
      headers: { 'content-type': 'application/cloudevents+json' },
    });
    await world.publish(MeterReadingsV1, readingsMessage(known, `${DAY}T01:00:00Z`, [42]));
    expect(await eventually(async () => (await readings(known)).length === 1)).toBe(true);
    let letters: Awaited<ReturnType<typeof listDeadLetters>> = [];
    expect(
      await eventually(async () => {
        letters = (await listDeadLetters(world.kafka, READINGS_GROUP)).filter((d) => d.key === unknown || d.key === known);
        return letters.length >= 3;
      }),
    ).toBe(true);
    const reasons = letters.map((d) => d.error).join('\n');
    expect(reasons).toContain(`meter ${unknown}: not in the inventory`);
    expect(reasons).toContain('energy is measured in Wh, kWh or MWh, not W');
    expect(letters.map((d) => d.reason).sort()).toEqual(['rejected', 'rejected', 'unparsable']);
  });

  it("answers invoicing's usage request with the period's series, estimating the holes, and corrects it when late readings arrive", async () => {
    const meter = serial('usage');
    await registerMeter(world.api, meter);
    const { servicePointId, agreementId, accountId } = await pointOnSupply(world, '2026-11-01');
    await installedMeter(world.api, meter, '2026-10-01T00:00:00Z', servicePointId);
    // Two days: the second misses two hours (08:00-10:00) which estimation fills.
    const two = [...dayValues(100), ...dayValues(100).map((v, i) => (i >= 32 && i < 40 ? null : v))];
    const withHole = readingsMessage(
      meter,
      '2026-11-10T00:00:00Z',
      two.filter((v): v is number => v !== null),
    );
    withHole.intervalBlocks[0].readings = two.flatMap((v, i) =>
      v === null ? [] : [{ start: new Date(Date.parse('2026-11-10T00:00:00Z') + i * 900_000).toISOString().replace('.000Z', 'Z'), value: String(v) }],
    );
    await world.publish(MeterReadingsV1, withHole);
    expect(await eventually(async () => (await readings(meter, '2026-11-10T00:00:00Z', '2026-11-12T00:00:00Z')).length === 184)).toBe(true);

    const requestId = uuidv7();
    await world.publish(UsageProfileRequestedV1, {
      requestId,
      agreementId,
      accountId,
      servicePointId,
      periodStart: '2026-11-10',
      periodEnd: '2026-11-11',
      requestedAt: new Date().toISOString(),
    });
    const isReady = (m: { type: string; data: { requestId?: string } }) =>
      m.type === 'utilia.metering.usage-profile-ready.v1' && m.data.requestId === requestId;
    expect(await eventually(async () => published.messages.some(isReady))).toBe(true);
    const ready = published.messages.find(isReady)?.data;
    expect(ready).toMatchObject({ start: '2026-11-10T00:00:00.000Z', intervalMinutes: 15, counts: { actual: 184, estimated: 8, edited: 0, missing: 0 } });
    expect(ready.importWh).toHaveLength(192);
    const delivered = ready.importWh.reduce((s: number, v: number) => s + v, 0);

    // The head-end sends the two hours after all: the delivered period changed.
    await world.publish(MeterReadingsV1, readingsMessage(meter, '2026-11-11T08:00:00Z', Array(8).fill(900)));
    const isCorrection = (m: { type: string; data: { requestId?: string } }) =>
      m.type === 'utilia.metering.usage-corrected.v1' && m.data.requestId === requestId;
    expect(await eventually(async () => published.messages.some(isCorrection))).toBe(true);
    const correction = published.messages.find(isCorrection)?.data;
    expect(correction).toMatchObject({ agreementId, previousImportWh: delivered });
    expect(correction.importWh - delivered).toBe(8 * 900 - ready.importWh.slice(96 + 32, 96 + 40).reduce((s: number, v: number) => s + v, 0));
    // The estimates were replaced by what was read, and that is audited.
    const edits = (await world.api.call('GET', `/meters/${meter}/edits?from=2026-11-11T00:00:00Z&to=2026-11-12T00:00:00Z`)).body;
    expect(edits).toHaveLength(8);
    expect(edits[0]).toMatchObject({ oldQuality: 'E', newQuality: 'A', reason: 'read replaces estimate' });
  });
});
