import { parseEspi } from '@utilia/greenbutton';
import { canonicalDecimal, corpusText, corpusXmlFiles, expectedInspect, expectedRendering } from '@utilia/greenbutton/testing';
import { installedMeter, registerMeter, serial, startMetering, type MeteringWorld } from '../testing';

type Stored = { start: string; seconds: number; value: string; quality: string; source: string | null; cost: string | null };

/** A decimal string × 10^power, exactly (for values stored with the power of ten they came with). */
function scaled(value: bigint, power: number): string {
  if (power >= 0) return (value * 10n ** BigInt(power)).toString();
  const s = value.toString().padStart(-power + 1, '0');
  return canonicalDecimal(`${s.slice(0, power)}.${s.slice(power)}`);
}

describe('readings uploaded as Green Button XML and CSV', () => {
  let world: MeteringWorld;
  const inspected = expectedInspect();

  beforeAll(async () => {
    world = await startMetering();
  });
  afterAll(() => world?.close());

  /** A new meter installed since 2000, so no check finds the corpus' old readings outside an installation. */
  async function freshMeter(name: string): Promise<string> {
    const meter = serial(name);
    await registerMeter(world.api, meter);
    await installedMeter(world.api, meter, '2000-01-01T00:00:00Z');
    return meter;
  }

  async function stored(meter: string, channel: string, from: number, to: number): Promise<Stored[]> {
    const out: Stored[] = [];
    for (let a = from; a < to; a += 90 * 86_400) {
      const iso = (s: number) => new Date(s * 1000).toISOString();
      const res = await world.api.call('GET', `/meters/${meter}/readings?from=${iso(a)}&to=${iso(Math.min(to, a + 90 * 86_400))}&channel=${channel}`);
      expect(res.status).toBe(200);
      out.push(...res.body.readings);
    }
    return out;
  }

  const withBlocks = corpusXmlFiles().filter((f) => inspected[f].intervalBlocks.length > 0);

  it.each(withBlocks)('%s: every reading comes through the upload, and the stored usage has the same counts and sums', async (file) => {
    const xml = corpusText(file);
    const meter = await freshMeter('gb');
    const doc = parseEspi(xml);
    // Bare blocks (and the file whose ReadingType link names two) need their unit from the uploader.
    const bare = doc.intervalBlocks.some((b) => !b.readingType);
    const res = await world.api.upload(`/meters/${meter}/green-button${bare ? '?uom=72&powerOfTenMultiplier=0' : ''}`, xml, 'application/atom+xml');
    expect(res.status).toBe(200);
    expect(res.body.refusedBlocks).toEqual([]);
    expect(res.body.refused).toEqual([]);
    const expected = inspected[file].intervalBlocks;
    const count = expected.reduce((s, b) => s + b.count, 0);
    expect(res.body.stored + res.body.unchanged).toBe(count);

    const type = doc.intervalBlocks.find((b) => b.readingType)?.readingType?.fields;
    const power = Number(type?.powerOfTenMultiplier ?? 0);
    const uom = type?.uom ?? '72';
    const channel = uom === '72' ? 'energy:import:Wh:0' : `energy:import:${uom === '169' ? 'therm' : uom}:${power}`;
    const starts = expected.flatMap((b) => [Date.parse(b.firstStart as string) / 1000, Date.parse(b.lastStart as string) / 1000]);
    const readings = await stored(meter, channel, Math.min(...starts), Math.max(...starts) + 86_400 * 40);
    // A reading sent twice in the file (the same interval in two blocks, with the same value) is stored once.
    const distinct = new Map(doc.intervalBlocks.flatMap((b) => b.readings.map((r) => [r.timePeriod.start, r] as const)));
    expect(readings).toHaveLength(distinct.size);
    expect(res.body.stored).toBe(distinct.size);
    const valueSum = (
      uom === '72' ? [...distinct.values()].map((r) => BigInt(r.value) * 10n ** BigInt(power)) : [...distinct.values()].map((r) => BigInt(r.value))
    ).reduce((s, v) => s + v, 0n);
    expect(readings.reduce((s, r) => s + BigInt(r.value), 0n)).toBe(valueSum);
    if (distinct.size === count) {
      const raw = expected.reduce((s, b) => s + BigInt(b.valueSum), 0n);
      expect(valueSum).toBe(uom === '72' ? raw * 10n ** BigInt(power) : raw);
      expect(readings.reduce((s, r) => s + BigInt(r.cost ?? '0'), 0n)).toBe(expected.reduce((s, b) => s + BigInt(b.costSum), 0n));
    }
    expect(new Set(readings.map((r) => r.seconds))).toEqual(new Set(expected.flatMap((b) => Object.keys(b.durations).map(Number))));

    // Uploading the file again changes nothing.
    const again = await world.api.upload(`/meters/${meter}/green-button${bare ? '?uom=72&powerOfTenMultiplier=0' : ''}`, xml, 'application/atom+xml');
    expect(again.body).toMatchObject({ stored: 0, replaced: 0, unchanged: count });
  });

  it.each(['TestGBDataHourlyNineDaysBinnedDaily', 'electric_containerized', 'gas_direct'])(
    'greenbutton_objects/%s.xml: each stored reading is the one greenbutton_objects lists (start, length, value, cost)',
    async (name) => {
      const meter = await freshMeter('gbo');
      const res = await world.api.upload(`/meters/${meter}/green-button`, corpusText(`greenbutton_objects/${name}.xml`), 'application/xml');
      expect(res.status).toBe(200);
      const want = expectedRendering(`greenbutton_objects/expected_${name}.txt`).readings;
      const gas = want[0].unit === 'therm';
      const channel = gas ? 'energy:import:therm:-3' : 'energy:import:Wh:0';
      const got = await stored(meter, channel, want[0].start, want[want.length - 1].start + want[want.length - 1].seconds);
      expect(
        got.map((r) => ({
          start: Date.parse(r.start) / 1000,
          seconds: r.seconds,
          value: gas ? scaled(BigInt(r.value), -3) : r.value,
          cost: r.cost === null ? undefined : scaled(BigInt(r.cost), -5),
        })),
      ).toEqual(
        want.map((w) => ({
          start: w.start,
          seconds: w.seconds,
          value: canonicalDecimal(w.value),
          cost: w.cost === undefined ? undefined : canonicalDecimal(w.cost),
        })),
      );
    },
  );

  it('a Green Button export of a service point reads back, through the importer, to the same values and qualities', async () => {
    const meter = serial('export');
    await registerMeter(world.api, meter);
    const point = await installedMeter(world.api, meter, '2026-01-01T00:00:00Z');
    const lines = ['meter,start,length,value,unit,quality'];
    for (let i = 0; i < 96 * 2; i++) {
      lines.push(
        `${meter},${new Date(Date.parse('2026-03-07T00:00:00Z') + i * 900_000).toISOString()},900,${100 + (i % 7)},Wh,${i === 5 ? 'estimated' : 'actual'}`,
      );
    }
    expect((await world.api.upload('/readings/csv', lines.join('\n'), 'text/csv')).body).toMatchObject({ stored: 192, refusedLines: [] });

    const exported = await world.api.text(`/service-points/${point}/green-button?from=2026-03-07&to=2026-03-08`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const other = await freshMeter('import');
    const back = await world.api.upload(`/meters/${other}/green-button`, exported.text, 'application/atom+xml');
    expect(back.body).toMatchObject({ stored: 192, refused: [], refusedBlocks: [] });

    const span = [Date.parse('2026-03-07T00:00:00Z') / 1000, Date.parse('2026-03-09T00:00:00Z') / 1000] as const;
    const shape = (rs: Stored[]) => rs.map((r) => [r.start, r.seconds, r.value, r.quality]);
    const original = await stored(meter, 'energy:import:Wh:0', ...span);
    expect(shape(await stored(other, 'energy:import:Wh:0', ...span))).toEqual(shape(original));
    expect(original[5].quality).toBe('estimated');
  });

  it('a CSV upload stores the lines it can and names each other line with the reason; a file that is not CSV is a 400', async () => {
    const meter = await freshMeter('csv');
    const csv = [
      'meter,start,length,value,unit',
      `${meter},2026-03-01T00:00:00Z,900,1.25,kWh`,
      `${meter},2026-03-01T00:15:00Z,900,1.0005,kWh`,
      `NOPE-${meter},2026-03-01T00:30:00Z,900,3,Wh`,
      `${meter},yesterday,900,3,Wh`,
      `${meter},2026-03-01T00:45:00Z,900,4,W`,
      `${meter},2099-03-01T00:00:00Z,900,4,Wh`,
      `${meter},2026-03-01T01:00:00Z,900,400,Wh`,
    ].join('\r\n');
    const res = await world.api.upload('/readings/csv', csv, 'text/csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stored: 3, unchanged: 0 }); // two energy readings, one demand reading
    expect(res.body.refusedLines).toEqual([
      { line: 3, reason: '1.0005 is not a whole number of Wh' },
      { line: 4, reason: `meter NOPE-${meter} is not in the inventory` },
      { line: 5, reason: 'start yesterday is not an ISO-8601 instant with its offset' },
    ]);
    expect(res.body.refused.map((r: { reason: string }) => r.reason.split(':')[0])).toEqual(['future-timestamp']);
    const readings = await stored(meter, 'energy:import:Wh:0', Date.parse('2026-03-01T00:00:00Z') / 1000, Date.parse('2026-03-02T00:00:00Z') / 1000);
    expect(readings.map((r) => [r.start, r.value, r.source])).toEqual([
      ['2026-03-01T00:00:00.000Z', '1250', 'upload:test-csr'],
      ['2026-03-01T01:00:00.000Z', '400', 'upload:test-csr'],
    ]);
    const demand = await stored(meter, 'demand:import:W:0', Date.parse('2026-03-01T00:00:00Z') / 1000, Date.parse('2026-03-02T00:00:00Z') / 1000);
    expect(demand.map((r) => r.value)).toEqual(['4']);

    expect(await world.api.upload('/readings/csv', 'meter;start\nx;y', 'text/csv')).toMatchObject({ status: 400, body: { code: 'unreadable-csv' } });
    expect(await world.api.upload('/readings/csv', `meter,start,length,value,unit\n"${meter},2026`, 'text/csv')).toMatchObject({
      status: 400,
      body: { code: 'unreadable-csv' },
    });
    expect(await world.api.upload(`/meters/${meter}/green-button`, '<feed><entry></feed>', 'application/xml')).toMatchObject({
      status: 400,
      body: { code: 'unreadable-green-button' },
    });
  });
});
