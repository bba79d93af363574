import { FinalBillRequestedV1, FinalBillWithdrawnV1, Topics } from '@utilia/contracts';
import { addDays, localDateOf } from '@utilia/platform';
import { eventually } from '@utilia/platform/testing';
import { startCustomerApi, TopicRecorder, type CustomerApi } from '../shared/testing';

const today = localDateOf(new Date(), 'UTC');
const day = (n: number) => addDays(today, n);
const address = (line1: string) => ({ line1, city: 'Ogdenville', region: 'IL', postalCode: '62999', country: 'US' });

describe('stops, transfers and tariff changes in the order a CSR makes them', () => {
  let api: CustomerApi;
  const published = new TopicRecorder();
  const unique = Date.now().toString(36);

  beforeAll(async () => {
    await published.start(Topics.customerEvents);
    api = await startCustomerApi();
    await api.knowTariffs({ 'E-1': 'electricity', 'E-TOU': 'electricity', 'W-1': 'water', 'G-1': 'gas' });
  });
  afterAll(async () => {
    await api?.close();
    await published.stop();
  });

  /** A customer's account with an electricity and a water point at one premise, both on supply since ten days ago. */
  async function household(name: string): Promise<{ accountId: string; electricity: string; water: string; power: string; waterPoint: string }> {
    const customer = await api.call('POST', '/customers', { kind: 'person', givenName: name, familyName: unique });
    const { accountId } = (
      await api.call('POST', '/accounts', { customerId: customer.body.customerId, currency: 'USD', billCycle: '07', billingAddress: address('PO Box 9') })
    ).body;
    const premise = await api.call('POST', '/premises', { address: address(`${unique} ${name} Lane`), premiseType: 'house' });
    const point = async (commodity: string) =>
      (
        await api.call('POST', `/premises/${premise.body.premiseId}/service-points`, {
          commodity,
          marketId: `${commodity.slice(0, 1)}-${name}-${unique}`,
          connectionStatus: 'connected',
        })
      ).body.servicePointId as string;
    const [power, waterPoint] = [await point('electricity'), await point('water')];
    const start = async (servicePointId: string, tariffCode: string) =>
      (await api.call('POST', '/service-agreements', { accountId, servicePointId, tariffCode, startDate: day(-10) })).body.agreementId as string;
    return { accountId, electricity: await start(power, 'E-1'), water: await start(waterPoint, 'W-1'), power, waterPoint };
  }

  async function otherAccount(name: string): Promise<string> {
    const customer = await api.call('POST', '/customers', { kind: 'person', givenName: name, familyName: unique });
    return (
      await api.call('POST', '/accounts', { customerId: customer.body.customerId, currency: 'USD', billCycle: '07', billingAddress: address('PO Box 10') })
    ).body.accountId;
  }

  /** The final-bill events of an account published so far, as [type, finalDate, agreementId]. */
  const finalBills = (accountId: string) =>
    published.messages
      .filter((m) => (m.type === FinalBillRequestedV1.type || m.type === FinalBillWithdrawnV1.type) && m.data.accountId === accountId)
      .map((m) => [m.type === FinalBillRequestedV1.type ? 'requested' : 'withdrawn', m.data.finalDate, m.data.agreementId]);

  it('water stopped for the 20th while electricity is open, then electricity transferred away on the 16th: the final bill of the 20th, once', async () => {
    const h = await household('Wanda');
    const waterStop = await api.call('POST', `/service-agreements/${h.water}/stop`, { endDate: day(19) });
    expect(waterStop).toMatchObject({ status: 200, body: { finalBillRequested: false } });
    const transfer = await api.call('POST', `/service-points/${h.power}/transfer`, { date: day(15), toAccountId: await otherAccount('Ned') });
    expect(transfer).toMatchObject({ status: 200, body: { stoppedAgreementId: h.electricity, finalBillRequested: true } });
    expect(await eventually(async () => finalBills(h.accountId).length > 0, 20_000)).toBe(true);
    // A final read for the water point's last day was scheduled with its stop; the final bill names it.
    const request = published.messages.find((m) => m.type === FinalBillRequestedV1.type && m.data.accountId === h.accountId);
    expect(request?.data).toEqual({
      accountId: h.accountId,
      agreementId: h.water,
      servicePointId: h.waterPoint,
      finalDate: day(19),
      finalReadWorkOrderId: waterStop.body.finalReadWorkOrderId,
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(finalBills(h.accountId)).toEqual([['requested', day(19), h.water]]);
  });

  it('a stop moved to another day moves the final bill; a stop called off withdraws it and cancels the final read', async () => {
    const h = await household('Otto');
    expect((await api.call('POST', `/service-agreements/${h.water}/stop`, { endDate: day(3) })).body.finalBillRequested).toBe(false);
    const stop = await api.call('POST', `/service-agreements/${h.electricity}/stop`, { endDate: day(5) });
    expect(stop.body.finalBillRequested).toBe(true);
    const moved = await api.call('PUT', `/service-agreements/${h.electricity}/stop`, { endDate: day(8) });
    expect(moved).toMatchObject({ status: 200, body: { agreementId: h.electricity, endDate: day(8), finalBillRequested: true } });
    expect((await api.call('GET', `/service-agreements/${h.electricity}`)).body).toMatchObject({ endDate: day(8), stopReason: 'move-out' });
    const cancelled = await api.call('DELETE', `/service-agreements/${h.electricity}/stop`);
    expect(cancelled).toMatchObject({ status: 200, body: { agreementId: h.electricity } });
    expect((await api.call('GET', `/service-agreements/${h.electricity}`)).body).toMatchObject({ endDate: null, stopReason: null });
    expect((await api.call('GET', `/work-orders/${stop.body.finalReadWorkOrderId}`)).body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'the move-out was called off',
    });
    // Calling it off twice, or moving a stop that is not there, is a conflict.
    expect((await api.call('DELETE', `/service-agreements/${h.electricity}/stop`)).body).toMatchObject({ status: 409, code: 'agreement-not-stopped' });
    expect(await eventually(async () => finalBills(h.accountId).length === 4, 20_000)).toBe(true);
    expect(finalBills(h.accountId)).toEqual([
      ['requested', day(5), h.electricity],
      ['withdrawn', day(5), h.electricity],
      ['requested', day(8), h.electricity],
      ['withdrawn', day(8), h.electricity],
    ]);
  });

  it('a tariff change ahead can be called off, which unblocks a transfer it stood in the way of', async () => {
    const h = await household('Tess');
    expect((await api.call('POST', `/service-agreements/${h.electricity}/tariff`, { tariffCode: 'E-TOU', effectiveFrom: day(20) })).status).toBe(200);
    const incoming = await otherAccount('Ivo');
    const blocked = await api.call('POST', `/service-points/${h.power}/transfer`, { date: day(10), toAccountId: incoming });
    expect(blocked.body).toMatchObject({ status: 422, code: 'tariff-change-after-stop' });
    const cancelled = await api.call('DELETE', `/service-agreements/${h.electricity}/tariff-changes/${day(20)}`);
    expect(cancelled).toMatchObject({ status: 200, body: { agreementId: h.electricity } });
    expect((await api.call('GET', `/service-agreements/${h.electricity}`)).body).toMatchObject({ tariffCode: 'E-1', scheduledTariffChanges: [] });
    expect((await api.call('DELETE', `/service-agreements/${h.electricity}/tariff-changes/${day(20)}`)).body).toMatchObject({
      status: 404,
      code: 'tariff-change-not-found',
    });
    expect((await api.call('DELETE', `/service-agreements/${h.electricity}/tariff-changes/not-a-date`)).body).toMatchObject({
      status: 400,
      code: 'validation-failed',
    });
    expect((await api.call('POST', `/service-points/${h.power}/transfer`, { date: day(10), toAccountId: incoming })).status).toBe(200);
  });

  it('a move-in dated further ahead than the limit (90 days) is refused with the reason', async () => {
    const h = await household('Yves');
    const premise = await api.call('POST', '/premises', { address: address(`${unique} Far Future Way`), premiseType: 'house' });
    const point = await api.call('POST', `/premises/${premise.body.premiseId}/service-points`, { commodity: 'gas', marketId: `G-far-${unique}` });
    const far = await api.call('POST', '/service-agreements', {
      accountId: h.accountId,
      servicePointId: point.body.servicePointId,
      tariffCode: 'G-1',
      startDate: '2030-01-01',
    });
    expect(far.body).toMatchObject({ status: 422, code: 'date-too-far-ahead' });
    expect(far.body.detail).toContain(`latest allowed: ${day(90)}`);
  });
});
