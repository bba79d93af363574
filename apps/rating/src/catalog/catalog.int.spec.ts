import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TopicPlan, Topics } from '@utilia/contracts';
import { createKafka, ensureTopics, JsonLogger } from '@utilia/platform';
import { eventually, startServiceApi, testConfig, TopicRecorder, type ServiceApi } from '@utilia/platform/testing';
import { AppModule } from '../app.module';

const URDB_DIR = path.resolve(__dirname, '../../../../fixtures/urdb');
const flat = (rate: string) => ({ fixed: [{ amount: '10', per: 'month' }], energy: { tierPolicy: 'per-period', periods: [{ tiers: [{ rate }] }] } });

describe('the tariff catalog over HTTP, with its events on rating.events', () => {
  let api: ServiceApi;
  const published = new TopicRecorder();
  const code = (name: string) => `T-${name}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.toUpperCase().slice(0, 50);
  const tariff = (c: string) => ({
    code: c,
    name: 'Residential flat',
    commodity: 'electricity',
    customerClass: 'residential',
    currency: 'USD',
    timeZone: 'America/Los_Angeles',
    utility: 'Utilia Demo Power',
    description: 'One rate all day',
  });

  beforeAll(async () => {
    const kafka = createKafka('rating-test', (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), new JsonLogger('test', 'error', () => undefined));
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, TopicPlan);
    await admin.disconnect();
    await published.start(Topics.ratingEvents);
    api = await startServiceApi(testConfig('rating'), AppModule.register);
  });
  afterAll(async () => {
    await api?.close();
    await published.stop();
  });

  it('billing-ops writes a version, a supervisor approves it, it is published with its whole definition and is in force from its date', async () => {
    const c = code('flat');
    expect((await api.call('POST', '/tariffs', tariff(c), ['billing-ops'])).status).toBe(201);
    expect((await api.call('POST', '/tariffs', tariff(c), ['billing-ops'])).body).toMatchObject({ status: 409, code: 'tariff-code-taken' });
    const drafted = await api.call('POST', `/tariffs/${c}/versions`, { effectiveFrom: '2026-01-01', definition: flat('0.31') }, ['billing-ops']);
    expect(drafted.status).toBe(201);
    const [v1] = drafted.body.versionIds;
    const approved = await api.call('POST', `/tariffs/${c}/versions/${v1}/approve`, { note: 'prices checked against the filing' }, ['csr-supervisor']);
    expect(approved.body).toMatchObject({ status: 'approved', authoredBy: 'test-billing-ops', approvedBy: 'test-csr-supervisor' });
    const out = await api.call('POST', `/tariffs/${c}/versions/${v1}/publish`, {}, ['billing-ops']);
    expect(out.body).toMatchObject({ status: 'published', publishedBy: 'test-billing-ops', problem: null });

    const isPublished = (m: { type: string; data: { versionId?: string } }) =>
      m.type === 'utilia.rating.tariff-version-published.v1' && m.data.versionId === v1;
    expect(await eventually(async () => published.messages.some(isPublished))).toBe(true);
    expect(published.messages.find(isPublished)?.data).toMatchObject({
      code: c,
      commodity: 'electricity',
      effectiveFrom: '2026-01-01',
      definition: flat('0.31'),
    });

    // A version from July ends the first one; the catalog says which is in force on a day.
    const [v2] = (await api.call('POST', `/tariffs/${c}/versions`, { effectiveFrom: '2026-07-01', definition: flat('0.33') }, ['billing-ops'])).body.versionIds;
    await api.call('POST', `/tariffs/${c}/versions/${v2}/approve`, {}, ['admin']);
    await api.call('POST', `/tariffs/${c}/versions/${v2}/publish`, {}, ['csr-supervisor']);
    const june = (await api.call('GET', `/tariffs/${c}?on=2026-06-30`)).body;
    expect(june.inForce).toBe(v1);
    expect(june.versions.map((v: { id: string; endsOn: string | null }) => [v.id, v.endsOn])).toEqual([
      [v1, '2026-07-01'],
      [v2, null],
    ]);
    expect((await api.call('GET', `/tariffs/${c}?on=2026-07-01`)).body.inForce).toBe(v2);
    expect((await api.call('GET', `/tariffs?commodity=electricity&on=2025-12-31`)).body.items.find((t: { code: string }) => t.code === c).inForce).toBeNull();
  });

  it('refuses four eyes that are two, a version libs/rating cannot rate, overlapping dates, and a change to a published version', async () => {
    const c = code('rules');
    await api.call('POST', '/tariffs', tariff(c), ['admin']);
    const [own] = (await api.call('POST', `/tariffs/${c}/versions`, { effectiveFrom: '2026-01-01', definition: flat('0.2') }, ['admin'])).body.versionIds;
    expect((await api.call('POST', `/tariffs/${c}/versions/${own}/approve`, {}, ['admin'])).body).toMatchObject({ status: 422, code: 'four-eyes' });

    const bad = flat('cheap');
    const [wrong] = (await api.call('POST', `/tariffs/${c}/versions`, { effectiveFrom: '2027-01-01', definition: bad }, ['billing-ops'])).body.versionIds;
    expect((await api.call('GET', `/tariffs/${c}/versions/${wrong}`)).body.problem).toContain('energy.periods[0].tiers[0].rate');
    const refused = (await api.call('POST', `/tariffs/${c}/versions/${wrong}/approve`, {}, ['csr-supervisor'])).body;
    expect(refused).toMatchObject({ status: 422, code: 'version-invalid' });
    expect(refused.detail).toContain('energy.periods[0].tiers[0].rate');

    const clash = await api.call('POST', `/tariffs/${c}/versions`, { effectiveFrom: '2026-01-01', definition: flat('0.25') }, ['billing-ops']);
    expect(clash.body).toMatchObject({ status: 409, code: 'version-overlap' });
    expect(clash.body.detail).toContain(own);

    await api.call('POST', `/tariffs/${c}/versions/${own}/approve`, {}, ['csr-supervisor']);
    await api.call('POST', `/tariffs/${c}/versions/${own}/publish`, {}, ['admin']);
    expect((await api.call('POST', `/tariffs/${c}/versions/${own}/discard`, { reason: 'mistake' }, ['admin'])).body).toMatchObject({
      status: 409,
      code: 'version-published',
    });
    // A correction for its dates supersedes it once published.
    const [fix] = (
      await api.call('POST', `/tariffs/${c}/versions`, { effectiveFrom: '2026-01-01', definition: flat('0.21'), supersedes: own }, ['billing-ops'])
    ).body.versionIds;
    await api.call('POST', `/tariffs/${c}/versions/${fix}/approve`, {}, ['csr-supervisor']);
    await api.call('POST', `/tariffs/${c}/versions/${fix}/publish`, {}, ['csr-supervisor']);
    const view = (await api.call('GET', `/tariffs/${c}?on=2026-03-01`)).body;
    expect(view.inForce).toBe(fix);
    expect(view.versions.find((v: { id: string }) => v.id === own)).toMatchObject({ status: 'published', supersededBy: fix });
    const isCorrection = (m: { type: string; data: { versionId?: string } }) =>
      m.type === 'utilia.rating.tariff-version-published.v1' && m.data.versionId === fix;
    expect(await eventually(async () => published.messages.some(isCorrection))).toBe(true);
    expect(published.messages.find(isCorrection)?.data.supersedes).toBe(own);
  });

  it('imports a URDB rate as a draft that rates, and names the URDB field of a bad one', async () => {
    const c = code('urdb');
    await api.call('POST', '/tariffs', { ...tariff(c), customerClass: 'commercial', timeZone: 'UTC' }, ['billing-ops']);
    const urdb = JSON.parse(readFileSync(path.join(URDB_DIR, 'reopt-multi-tier-urdb-response.json'), 'utf8'));
    const imported = await api.call('POST', `/tariffs/${c}/versions/urdb?effectiveFrom=2026-01-01`, urdb, ['billing-ops']);
    expect(imported.status).toBe(201);
    const version = (await api.call('GET', `/tariffs/${c}/versions/${imported.body.versionIds[0]}`)).body;
    expect(version).toMatchObject({ status: 'draft', problem: null, effectiveFrom: '2026-01-01' });
    expect(version.origin).toMatch(/^urdb:/);
    expect(version.definition.netMetering).toEqual({ netting: 'per-period' });

    const broken = JSON.parse(JSON.stringify(urdb));
    const rate = broken.items ? broken.items[0] : broken;
    rate.energyratestructure[0][0].rate = 'a lot';
    const refused = await api.call('POST', `/tariffs/${c}/versions/urdb?effectiveFrom=2027-01-01`, broken, ['billing-ops']);
    expect(refused.body).toMatchObject({ status: 422, code: 'urdb-invalid' });
    expect(refused.body.detail).toContain('energyratestructure[0][0].rate');
  });

  it('deny by default: a CSR reads but writes nothing, a customer reads nothing', async () => {
    expect((await api.call('POST', '/tariffs', tariff(code('csr')), ['csr'])).status).toBe(403);
    expect((await api.call('GET', '/tariffs', undefined, ['csr'])).status).toBe(200);
    expect((await api.call('GET', '/tariffs', undefined, ['customer'])).status).toBe(403);
    expect((await api.call('GET', '/tariffs/NO-SUCH-TARIFF')).body).toMatchObject({ status: 404, code: 'tariff-not-found' });
  });
});
