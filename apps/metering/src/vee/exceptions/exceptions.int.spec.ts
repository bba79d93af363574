import { Topics } from '@utilia/contracts';
import { eventually, TopicRecorder } from '@utilia/platform/testing';
import { installedMeter, registerMeter, serial, startMetering, type MeteringWorld } from '../../testing';

const T0 = Date.parse('2026-10-05T00:00:00Z');
const at = (i: number) => new Date(T0 + i * 900_000).toISOString();

describe('the VEE exceptions queue: a CSR lists, inspects, accepts, edits and re-estimates', () => {
  let world: MeteringWorld;
  const published = new TopicRecorder();

  beforeAll(async () => {
    await published.start(Topics.meteringEvents);
    world = await startMetering();
  });
  afterAll(async () => {
    await world?.close();
    await published.stop();
  });

  /** A meter with a normal day, then a day with a spike at 10:00 (interval 136) and an hour missing from 10:00 (intervals 136..139 of day two are 96+40..). */
  async function meterWithFindings(): Promise<{ meter: string; spike: { id: string }; gap: { id: string } }> {
    const meter = serial('vee');
    await registerMeter(world.api, meter);
    await installedMeter(world.api, meter, '2026-10-01T00:00:00Z');
    const line = (i: number, v: number) => `${meter},${at(i)},900,${v},Wh`;
    const day1 = Array.from({ length: 96 }, (_, i) => line(i, 100));
    expect((await world.api.upload('/readings/csv', ['meter,start,length,value,unit', ...day1].join('\n'), 'text/csv')).body.stored).toBe(96);
    const day2 = Array.from({ length: 96 }, (_, k) => 96 + k)
      .filter((i) => i < 136 || i >= 140)
      .map((i) => line(i, i === 106 ? 5000 : 100));
    const res = await world.api.upload('/readings/csv', ['meter,start,length,value,unit', ...day2].join('\n'), 'text/csv');
    expect(res.body).toMatchObject({ stored: 92, exceptions: 2 });
    const items = (await world.api.call('GET', `/vee-exceptions?serial=${meter}`)).body.items as Array<{ id: string; rule: string }>;
    expect(items.map((x) => x.rule).sort()).toEqual(['gap', 'spike']);
    return { meter, spike: items.find((x) => x.rule === 'spike') as { id: string }, gap: items.find((x) => x.rule === 'gap') as { id: string } };
  }

  const readings = async (meter: string, from: number, to: number) =>
    (await world.api.call('GET', `/meters/${meter}/readings?from=${at(from)}&to=${at(to)}`)).body.readings as Array<{
      start: string;
      value: string;
      quality: string;
      source: string;
    }>;

  it('a spike is inspected with the readings around it and edited to the right value, audited with who and why', async () => {
    const { meter, spike } = await meterWithFindings();
    const detail = (await world.api.call('GET', `/vee-exceptions/${spike.id}`)).body;
    expect(detail.exception).toMatchObject({ rule: 'spike', serial: meter, status: 'open' });
    expect(detail.readings.find((r: { start: string }) => r.start === at(106))).toMatchObject({ value: '5000', quality: 'A' });

    expect(await world.api.call('POST', `/vee-exceptions/${spike.id}/edit`, { values: [{ start: at(107), value: '1' }], note: 'wrong' })).toMatchObject({
      status: 422,
      body: { code: 'value-outside-exception' },
    });
    const edited = await world.api.call('POST', `/vee-exceptions/${spike.id}/edit`, {
      values: [{ start: at(106), value: '104' }],
      note: 'meter test showed 104 Wh',
    });
    expect(edited).toMatchObject({ status: 200, body: { changed: 1 } });
    expect((await readings(meter, 106, 107))[0]).toMatchObject({ value: '104', quality: 'edited', source: 'edit:test-csr' });
    const audit = (await world.api.call('GET', `/meters/${meter}/edits?from=${at(0)}&to=${at(192)}`)).body;
    expect(audit).toEqual([
      expect.objectContaining({
        start: at(106),
        oldValue: '5000',
        newValue: '104',
        oldQuality: 'A',
        newQuality: 'D',
        by: 'test-csr',
        reason: 'meter test showed 104 Wh',
      }),
    ]);
    expect(await world.api.call('POST', `/vee-exceptions/${spike.id}/accept`, {})).toMatchObject({ status: 409, body: { code: 'exception-settled' } });
    const resolved = (m: { type: string; data: { exceptionId?: string } }) =>
      m.type === 'utilia.metering.vee-exception-resolved.v1' && m.data.exceptionId === spike.id;
    expect(await eventually(async () => published.messages.some(resolved))).toBe(true);
    expect(published.messages.find(resolved)?.data).toMatchObject({ resolution: 'edited', by: 'test-csr', note: 'meter test showed 104 Wh' });
  });

  it('a gap is re-estimated (a short one by interpolation), and a look that finds nothing wrong is accepted', async () => {
    const { meter, gap, spike } = await meterWithFindings();
    const re = await world.api.call('POST', `/vee-exceptions/${gap.id}/re-estimate`, { note: 'the head-end lost an hour' });
    expect(re).toMatchObject({ status: 200, body: { changed: 4 } });
    expect((await readings(meter, 136, 140)).map((r) => [r.value, r.quality, r.source])).toEqual(Array(4).fill(['100', 'estimated', 'estimate:linear']));
    expect(await world.api.call('POST', `/vee-exceptions/${spike.id}/accept`, { note: 'a heat gun on a cold morning' })).toMatchObject({ status: 200 });
    const open = (await world.api.call('GET', `/vee-exceptions?serial=${meter}`)).body.items;
    expect(open).toEqual([]);
    const settled = (await world.api.call('GET', `/vee-exceptions?serial=${meter}&status=accepted`)).body.items;
    expect(settled).toEqual([expect.objectContaining({ id: spike.id, resolvedBy: 'test-csr', note: 'a heat gun on a cold morning' })]);
    // An auditor reads the queue but does not settle it.
    expect((await world.api.call('POST', `/vee-exceptions/${gap.id}/accept`, {}, ['auditor'])).status).toBe(403);
    expect((await world.api.call('GET', '/vee-exceptions?status=nope')).status).toBe(400);
  });
});
