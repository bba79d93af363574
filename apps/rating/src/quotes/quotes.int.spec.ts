import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TopicPlan } from '@utilia/contracts';
import { createKafka, ensureTopics, JsonLogger } from '@utilia/platform';
import { startServiceApi, testConfig, type ServiceApi } from '@utilia/platform/testing';
import { rateCalendarMonths, type Tariff } from '@utilia/rating';
import { AppModule } from '../app.module';
import { SEED_CATALOG } from '../seed/catalog';
import { greenButtonUsage } from './green-button';
import { monthlyUsage } from './quote';
import { shapeOf } from './shape';

const RESIDENTIAL = ['E-RES-FLAT', 'E-RES-TIER', 'E-RES-TOU-C', 'E-RES-EV-TOU'];
const monthlyKwh = ['520', '470', '480', '430', '450', '560', '720', '760', '640', '500', '470', '540'];

/** A seed tariff as libs/rating rates it, straight from the seed file (versions end where the next starts). */
function seedTariff(code: string): Tariff {
  const t = SEED_CATALOG.find((x) => x.code === code);
  if (!t) throw new Error(`no seed tariff ${code}`);
  const sorted = [...t.versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  return {
    id: t.code,
    currency: t.currency,
    timeZone: t.timeZone,
    versions: sorted.map((v, i) => {
      const end = v.effectiveTo ?? sorted[i + 1]?.effectiveFrom;
      return { ...v.definition, id: `v${i}`, effectiveFrom: v.effectiveFrom, ...(end ? { effectiveTo: end } : {}) };
    }),
  };
}

describe('quotes and tariff comparison over HTTP, on the seed catalog', () => {
  let api: ServiceApi;

  beforeAll(async () => {
    const kafka = createKafka('rating-test', (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), new JsonLogger('test', 'error', () => undefined));
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, TopicPlan);
    await admin.disconnect();
    api = await startServiceApi(testConfig('rating'), AppModule.register);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('the seed catalog loads once, published; loading it again changes nothing', async () => {
    const first = await api.call('POST', '/catalog/seed', {}, ['admin']);
    expect(first.status).toBe(200);
    expect([...first.body.created, ...first.body.existing].sort()).toEqual(SEED_CATALOG.map((t) => t.code).sort());
    expect((await api.call('POST', '/catalog/seed', {}, ['admin'])).body.created).toEqual([]);
    expect((await api.call('POST', '/catalog/seed', {}, ['billing-ops'])).status).toBe(403);
    const flat = (await api.call('GET', '/tariffs/E-RES-FLAT?on=2026-06-01')).body;
    expect(flat.inForce).not.toBeNull();
    expect(flat.versions[0]).toMatchObject({ status: 'published', authoredBy: 'seed:catalog', approvedBy: 'seed:review' });
  });

  it('a year of monthly totals on a typical shape: each tariff billed month by month, cheapest first, as libs/rating bills it', async () => {
    const answer = await api.call(
      'POST',
      '/quotes',
      { tariffCodes: RESIDENTIAL, currentTariffCode: 'E-RES-FLAT', usage: { monthly: { from: '2026-01-01', monthlyKwh, shape: 'residential' } } },
      ['csr'],
    );
    expect(answer.status).toBe(200);
    const quotes = answer.body.quotes as Array<{ tariffCode: string; total: string; annualTotal: string; differenceToCurrent: string; bills: unknown[] }>;
    expect(quotes.map((q) => q.tariffCode).sort()).toEqual([...RESIDENTIAL].sort());
    const totals = quotes.map((q) => Number(q.total));
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    for (const q of quotes) {
      expect(q.bills).toHaveLength(12);
      expect(q.annualTotal).toBe(q.total);
      // The same usage through libs/rating directly gives the same figure.
      const { series, to } = monthlyUsage(monthlyKwh, shapeOf('residential'), '2026-01-01', 'America/Los_Angeles');
      const direct = rateCalendarMonths({ tariff: seedTariff(q.tariffCode), usage: { load: series }, account: { metering: 'none' }, from: '2026-01-01', to });
      expect(q.total).toBe(direct.total);
      const current = quotes.find((x) => x.tariffCode === 'E-RES-FLAT') as { total: string };
      expect(Number(q.differenceToCurrent)).toBeCloseTo(Number(q.total) - Number(current.total), 2);
    }
  });

  it('an interval series with exports under net billing is credited; unknown and unpublished codes are refused', async () => {
    const hours = 30 * 24;
    const importWh = Array.from({ length: hours }, (_, h) => (h % 24 >= 10 && h % 24 < 15 ? 0 : 800));
    const exportWh = Array.from({ length: hours }, (_, h) => (h % 24 >= 10 && h % 24 < 15 ? 1500 : 0));
    const body = {
      tariffCodes: ['E-RES-TOU-NB'],
      usage: { intervals: { start: '2026-06-01T07:00:00.000Z', intervalMinutes: 60, importWh, exportWh } },
      metering: 'net-billing',
    };
    const answer = await api.call('POST', '/quotes', body, ['customer']);
    expect(answer.status).toBe(200);
    const lines = answer.body.quotes[0].bills.flatMap((b: { lines: Array<{ component: string }> }) => b.lines.map((l) => l.component));
    expect(lines).toContain('export-credit');
    expect((await api.call('POST', '/quotes', { ...body, tariffCodes: ['NO-SUCH'] })).body).toMatchObject({ status: 404, code: 'tariff-not-found' });
    expect((await api.call('POST', '/quotes', { ...body, usage: { intervals: { ...body.usage.intervals, exportWh: [1] } } })).body).toMatchObject({
      status: 422,
      code: 'usage-lengths',
    });
  });

  it("a Green Button file's hourly energy is quoted as libs/rating bills it", async () => {
    const xml = readFileSync(path.resolve(__dirname, '../../../../fixtures/greenbutton/greenbutton_objects/TestGBDataHourlyNineDaysBinnedDaily.xml'), 'utf8');
    const code = `GB-FLAT-${Date.now().toString(36)}`.toUpperCase();
    await api.call(
      'POST',
      '/tariffs',
      {
        code,
        name: 'Flat since 2000',
        commodity: 'electricity',
        customerClass: 'residential',
        currency: 'USD',
        timeZone: 'America/New_York',
        utility: 'Utilia Demo',
        description: '',
      },
      ['billing-ops'],
    );
    const flat = { fixed: [{ amount: '10', per: 'month' }], energy: { tierPolicy: 'per-period', periods: [{ tiers: [{ rate: '0.2' }] }] } };
    const [v] = (await api.call('POST', `/tariffs/${code}/versions`, { effectiveFrom: '2000-01-01', definition: flat }, ['billing-ops'])).body.versionIds;
    await api.call('POST', `/tariffs/${code}/versions/${v}/approve`, {}, ['csr-supervisor']);
    await api.call('POST', `/tariffs/${code}/versions/${v}/publish`, {}, ['csr-supervisor']);

    const answer = await api.upload(`/quotes/green-button?tariffs=${code}`, xml, 'application/xml', ['csr']);
    expect(answer.status).toBe(200);
    expect(answer.body.usage).toEqual({ intervals: 216, intervalMinutes: 60, missing: 0, skipped: 0 });
    const gb = greenButtonUsage(xml);
    const kwh = answer.body.quotes[0].bills
      .flatMap((b: { lines: Array<{ component: string; quantity: string }> }) => b.lines)
      .filter((l: { component: string }) => l.component === 'energy');
    expect(kwh.reduce((s: number, l: { quantity: string }) => s + Number(l.quantity) * 1000, 0)).toBeCloseTo(
      gb.load.wh.reduce((s, w) => s + w, 0),
      6,
    );
    expect((await api.upload(`/quotes/green-button?tariffs=${code}`, '<feed>not espi', 'application/xml', ['csr'])).status).toBe(422);
    expect((await api.upload('/quotes/green-button', xml, 'application/xml', ['csr'])).body).toMatchObject({ status: 400 });
  });
});
