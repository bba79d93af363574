import { MeterReadingsV1, uuidv7, WorkOrderCompletedV1 } from '@utilia/contracts';
import { listDeadLetters } from '@utilia/platform';
import { eventually } from '@utilia/platform/testing';
import { installedMeter, readingsMessage, registerMeter, serial, startMetering, type MeteringWorld } from '../testing';
import { WORK_ORDERS_GROUP } from './work-orders.handler';

describe('installations: from the customer service’s work orders over Kafka, and from the API', () => {
  let world: MeteringWorld;

  beforeAll(async () => {
    world = await startMetering();
  });
  afterAll(() => world?.close());

  const completed = (
    servicePointId: string,
    type: WorkOrderCompletedV1['type'],
    completedAt: string,
    meterSerial: string | null,
    removedMeterSerial: string | null = null,
  ): WorkOrderCompletedV1 => ({
    workOrderId: uuidv7(),
    servicePointId,
    accountId: null,
    type,
    completedAt,
    meterSerial,
    removedMeterSerial,
    reads: meterSerial ? [{ register: '1.8.0', value: '1234.5', readAt: completedAt }] : [],
    notes: null,
  });
  const installations = async (point: string) => (await world.api.call('GET', `/service-points/${point}/installations`)).body as Array<Record<string, unknown>>;

  it('a meter fitted by a completed work order is installed at its point with the crew’s reads; an exchange takes it out and the new one in', async () => {
    const first = serial('wo-a');
    const second = serial('wo-b');
    const firstId = await registerMeter(world.api, first);
    await registerMeter(world.api, second);
    const point = uuidv7();
    await world.publish(WorkOrderCompletedV1, completed(point, 'meter-install', '2026-11-01T09:00:00Z', first));
    expect(await eventually(async () => (await installations(point)).length === 1)).toBe(true);
    expect((await installations(point))[0]).toMatchObject({
      serial: first,
      installedAt: '2026-11-01T09:00:00.000Z',
      removedAt: null,
      startReads: [{ register: '1.8.0', value: '1234.5' }],
    });
    expect((await world.api.call('GET', `/meters/${firstId}`)).body).toMatchObject({ status: 'installed', servicePointId: point });

    await world.publish(WorkOrderCompletedV1, completed(point, 'meter-exchange', '2026-11-05T12:00:00Z', second, first));
    expect(await eventually(async () => (await installations(point)).length === 2)).toBe(true);
    const [out, now] = await installations(point);
    expect(out).toMatchObject({ serial: first, removedAt: '2026-11-05T12:00:00.000Z' });
    expect(now).toMatchObject({ serial: second, installedAt: '2026-11-05T12:00:00.000Z', removedAt: null });

    // A reading belongs to the point where its meter was when it was taken: both meters' days add up at the point.
    await world.publish(MeterReadingsV1, readingsMessage(first, '2026-11-05T11:00:00Z', [10, 10, 10, 10]));
    await world.publish(MeterReadingsV1, readingsMessage(second, '2026-11-05T12:00:00Z', [20, 20, 20, 20]));
    // The old meter read again after it came out: outside its installation, for a person to look at.
    await world.publish(MeterReadingsV1, readingsMessage(first, '2026-11-05T13:00:00Z', [5]));
    const usage = async () => (await world.api.call('GET', `/service-points/${point}/usage?from=2026-11-05&to=2026-11-05&granularity=hour`)).body;
    expect(await eventually(async () => (await usage()).totals.importWh === 120)).toBe(true);
    expect((await usage()).intervals.slice(11, 14).map((i: { importWh: number | null }) => i.importWh)).toEqual([40, 80, null]);
    const outside = async () => (await world.api.call('GET', `/vee-exceptions?serial=${first}&rule=outside-installation`)).body.items;
    expect(await eventually(async () => (await outside()).length === 1)).toBe(true);
  });

  it('a work order naming a meter metering does not know is dead-lettered with the reason', async () => {
    const point = uuidv7();
    const ghost = serial('wo-ghost');
    await world.publish(WorkOrderCompletedV1, completed(point, 'meter-install', '2026-11-01T09:00:00Z', ghost));
    let reason = '';
    expect(
      await eventually(async () => {
        const letter = (await listDeadLetters(world.kafka, WORK_ORDERS_GROUP)).find((d) => d.error.includes(ghost));
        reason = letter?.error ?? '';
        return letter !== undefined;
      }),
    ).toBe(true);
    expect(reason).toMatch(/not-found|not found/);
  });

  it('the API keeps a point to one meter and a meter to one point, and a serial to one meter', async () => {
    const a = serial('api-a');
    const b = serial('api-b');
    await registerMeter(world.api, a);
    await registerMeter(world.api, b);
    const again = await world.api.call(
      'POST',
      '/meters',
      {
        serial: a,
        commodity: 'electricity',
        kind: 'interval',
        registers: [{ code: '1.8.0', measure: 'energy', direction: 'import', unit: 'kWh', multiplier: '1', dials: 6 }],
      },
      ['billing-ops'],
    );
    expect(again).toMatchObject({ status: 409, body: { code: 'meter-serial-taken' } });
    const point = await installedMeter(world.api, a, '2026-11-01T00:00:00Z');
    expect(await world.api.call('POST', `/service-points/${point}/meters`, { serial: b, installedAt: '2026-11-02T00:00:00Z' }, ['billing-ops'])).toMatchObject({
      status: 409,
      body: { code: 'service-point-has-meter' },
    });
    expect(
      await world.api.call('POST', `/service-points/${uuidv7()}/meters`, { serial: a, installedAt: '2026-11-02T00:00:00Z' }, ['billing-ops']),
    ).toMatchObject({
      status: 409,
      body: { code: 'meter-installed-elsewhere' },
    });
    expect(await world.api.call('POST', `/service-points/${point}/meters/${a}/remove`, { removedAt: '2026-10-01T00:00:00Z' }, ['billing-ops'])).toMatchObject({
      status: 422,
      body: { code: 'removed-before-installed' },
    });
    expect(
      (await world.api.call('POST', `/service-points/${point}/meters/exchange`, { removedSerial: a, serial: b, at: '2026-11-03T00:00:00Z' }, ['billing-ops']))
        .status,
    ).toBe(200);
    expect((await installations(point)).map((i) => [i.serial, i.removedAt])).toEqual([
      [a, '2026-11-03T00:00:00.000Z'],
      [b, null],
    ]);
    // A CSR reads the history but does not change the inventory.
    expect(
      (await world.api.call('POST', '/meters', { serial: serial('csr'), commodity: 'electricity', kind: 'interval', registers: [] }, ['csr'])).status,
    ).toBe(403);
  });
});
