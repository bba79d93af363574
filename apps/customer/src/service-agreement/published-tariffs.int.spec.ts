import { ServiceAgreementStartedV2, Topics, uuidv7 } from '@utilia/contracts';
import { addDays, localDateOf } from '@utilia/platform';
import { eventually } from '@utilia/platform/testing';
import { startCustomerApi, TopicRecorder, type CustomerApi } from '../shared/testing';

const today = localDateOf(new Date(), 'UTC');
const day = (n: number) => addDays(today, n);
const address = (line1: string) => ({ line1, city: 'North Haverbrook', region: 'IL', postalCode: '62444', country: 'US' });

describe('a move-in or tariff change names a tariff rating published, of the point, in force from the date', () => {
  let api: CustomerApi;
  const published = new TopicRecorder();
  const unique = Date.now().toString(36).toUpperCase();
  /** A tariff code no other test (or run) uses. */
  const code = (name: string) => `T-${name}-${unique}`;
  let accountId: string;

  beforeAll(async () => {
    await published.start(Topics.customerEvents);
    api = await startCustomerApi();
    await api.knowTariffs({ 'E-1': 'electricity', 'G-1': 'gas' });
    const customer = await api.call('POST', '/customers', { kind: 'person', givenName: 'Tara', familyName: `Tariff${unique}` });
    accountId = (
      await api.call('POST', '/accounts', { customerId: customer.body.customerId, currency: 'USD', billCycle: '07', billingAddress: address('PO Box 8') })
    ).body.accountId;
  });
  afterAll(async () => {
    await api?.close();
    await published.stop();
  });

  /** A connected point of `commodity` at a new premise. */
  async function point(commodity: 'electricity' | 'gas' | 'water'): Promise<string> {
    const premise = await api.call('POST', '/premises', { address: address(`${uuidv7().slice(-8)} Monorail Way`), premiseType: 'house' });
    const sp = await api.call('POST', `/premises/${premise.body.premiseId}/service-points`, {
      commodity,
      marketId: `${commodity}-${uuidv7().slice(-12)}`,
      connectionStatus: 'connected',
    });
    expect(sp.status).toBe(201);
    return sp.body.servicePointId;
  }

  const moveIn = (servicePointId: string, tariffCode: string, startDate = today) =>
    api.call('POST', '/service-agreements', { accountId, servicePointId, tariffCode, startDate });
  const changeTariff = (agreementId: string, tariffCode: string, effectiveFrom: string) =>
    api.call('POST', `/service-agreements/${agreementId}/tariff`, { tariffCode, effectiveFrom });

  /** An electricity agreement on E-1 since ten days ago. */
  async function onE1(): Promise<string> {
    const r = await moveIn(await point('electricity'), 'E-1', day(-10));
    expect(r.status).toBe(201);
    return r.body.agreementId;
  }

  /** The tariff version the move-in's ServiceAgreementStarted names. */
  async function startedOnVersion(agreementId: string): Promise<string | null> {
    const isIt = (m: TopicRecorder['messages'][number]) => m.type === ServiceAgreementStartedV2.type && m.data.agreementId === agreementId;
    expect(await eventually(async () => published.messages.some(isIt), 30_000)).toBe(true);
    return published.messages.find(isIt)?.data.tariffVersionId;
  }

  it('a code rating never published is refused, at move-in and at a tariff change, and nothing is written', async () => {
    const servicePointId = await point('electricity');
    const refused = await moveIn(servicePointId, 'E-TOU-MADE-UP');
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 422, code: 'tariff-unknown' });
    expect(refused.body.detail).toContain('E-TOU-MADE-UP');
    expect((await api.call('GET', `/service-points/${servicePointId}`)).body.agreements).toEqual([]);

    const agreementId = await onE1();
    expect((await changeTariff(agreementId, 'E-TOU-MADE-UP', day(5))).body).toMatchObject({ status: 422, code: 'tariff-unknown' });
    expect((await api.call('GET', `/service-agreements/${agreementId}`)).body).toMatchObject({ tariffCode: 'E-1', scheduledTariffChanges: [] });
  });

  it("a tariff of another commodity than the point's is refused: gas on electricity, electricity on gas", async () => {
    expect((await moveIn(await point('electricity'), 'G-1')).body).toMatchObject({ status: 422, code: 'tariff-commodity-mismatch' });
    const gasMoveIn = await moveIn(await point('gas'), 'E-1');
    expect(gasMoveIn.body).toMatchObject({ status: 422, code: 'tariff-commodity-mismatch' });
    expect(gasMoveIn.body.detail).toBe('tariff E-1 is for electricity; the service point delivers gas');
    expect((await changeTariff(await onE1(), 'G-1', day(5))).body).toMatchObject({ status: 422, code: 'tariff-commodity-mismatch' });
  });

  it("a tariff of another customer class than the account's is refused; a commercial account takes it", async () => {
    const c = code('COMM');
    await api.knowTariffs({ [c]: { commodity: 'electricity', customerClass: 'commercial' } });
    expect((await moveIn(await point('electricity'), c)).body).toMatchObject({ status: 422, code: 'tariff-class-mismatch' });
    const customer = await api.call('POST', '/customers', { kind: 'organisation', organisationName: `Kwik-E-Mart ${unique}` });
    const shop = (
      await api.call('POST', '/accounts', {
        customerId: customer.body.customerId,
        currency: 'USD',
        billCycle: '07',
        billingAddress: address('PO Box 9'),
        customerClass: 'commercial',
      })
    ).body.accountId;
    const started = await api.call('POST', '/service-agreements', {
      accountId: shop,
      servicePointId: await point('electricity'),
      tariffCode: c,
      startDate: today,
    });
    expect(started.status).toBe(201);
    expect((await changeTariff(started.body.agreementId, 'E-1', day(3))).body).toMatchObject({ status: 422, code: 'tariff-class-mismatch' });
  });

  it('a tariff is refused from a day none of its versions is in force: before its first, after its last has ended', async () => {
    const upcoming = code('UPCOMING');
    await api.publishTariffVersion({ code: upcoming, commodity: 'electricity', effectiveFrom: day(20), effectiveTo: null });
    const servicePointId = await point('electricity');
    const early = await moveIn(servicePointId, upcoming, day(19));
    expect(early.body).toMatchObject({ status: 422, code: 'tariff-not-in-force' });
    expect(early.body.detail).toBe(`no version of tariff ${upcoming} is in force on ${day(19)}; it is in force from ${day(20)}`);
    expect((await moveIn(servicePointId, upcoming, day(20))).status).toBe(201);

    const withdrawn = code('WITHDRAWN');
    await api.publishTariffVersion({ code: withdrawn, commodity: 'electricity', effectiveFrom: '2020-01-01', effectiveTo: day(-5) });
    const agreementId = await onE1();
    expect((await changeTariff(agreementId, withdrawn, today)).body).toMatchObject({ status: 422, code: 'tariff-not-in-force' });
    expect((await changeTariff(agreementId, withdrawn, day(-6))).status).toBe(200);
  });

  it('a code becomes valid once rating publishes a version of it, and the agreement names that version', async () => {
    const fresh = code('FRESH');
    const servicePointId = await point('water');
    expect((await moveIn(servicePointId, fresh)).body).toMatchObject({ status: 422, code: 'tariff-unknown' });

    const version = await api.publishTariffVersion({ code: fresh, commodity: 'water', effectiveFrom: day(-30) });
    const accepted = await moveIn(servicePointId, fresh);
    expect(accepted.status).toBe(201);
    expect(await startedOnVersion(accepted.body.agreementId)).toBe(version.versionId);
  });

  it('a correction that supersedes a version keeps the code valid for its dates, and the correction is the version named', async () => {
    const corrected = code('CORRECTED');
    const first = await api.publishTariffVersion({ code: corrected, commodity: 'electricity', effectiveFrom: day(-30), effectiveTo: day(60) });
    const correction = await api.publishTariffVersion({
      code: corrected,
      commodity: 'electricity',
      tariffId: first.tariffId,
      effectiveFrom: first.effectiveFrom,
      effectiveTo: first.effectiveTo,
      supersedes: first.versionId,
    });
    const moved = await moveIn(await point('electricity'), corrected);
    expect(moved.status).toBe(201);
    expect(await startedOnVersion(moved.body.agreementId)).toBe(correction.versionId);
    expect((await changeTariff(await onE1(), corrected, day(59))).status).toBe(200);
    // The correction has the dates of the version it replaced: from its end on, no version is in force.
    expect((await changeTariff(await onE1(), corrected, day(60))).body).toMatchObject({ status: 422, code: 'tariff-not-in-force' });
  });
});
