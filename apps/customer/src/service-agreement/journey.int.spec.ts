import { eventually } from '@utilia/platform/testing';
import { addDays, localDateOf } from '@utilia/platform';
import { startCustomerApi, TopicRecorder, type CustomerApi } from '../shared/testing';

const today = localDateOf(new Date(), 'UTC');
const address = (line1: string) => ({ line1, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' });

describe('a customer moves in, changes tariff, moves out and the point is transferred', () => {
  let api: CustomerApi;
  const topic = new TopicRecorder();

  beforeAll(async () => {
    await topic.start('customer.events');
    api = await startCustomerApi();
    await api.knowTariffs({ 'E-1': 'electricity', 'E-TOU': 'electricity', 'G-1': 'gas' });
  });
  afterAll(async () => {
    await api?.close();
    await topic.stop();
  });

  async function person(given: string, family: string): Promise<string> {
    const r = await api.call('POST', '/customers', {
      kind: 'person',
      givenName: given,
      familyName: family,
      contactPoints: [{ kind: 'mobile', value: '+1 555 0100', primary: true }],
    });
    expect(r.status).toBe(201);
    return r.body.customerId;
  }

  async function account(customerId: string): Promise<{ accountId: string; accountNumber: string }> {
    const r = await api.call('POST', '/accounts', { customerId, currency: 'USD', billCycle: '07', billingAddress: address('PO Box 1') });
    expect(r.status).toBe(201);
    return r.body;
  }

  it('runs the whole journey, publishing every step on customer.events and updating the 360 view', async () => {
    const unique = Date.now().toString(36);
    const ada = await person('Ada', `Lovelace${unique}`);
    const bob = await person('Bob', `Builder${unique}`);
    const lena = await person('Lena', `Landlord${unique}`);
    const adaAccount = await account(ada);
    const bobAccount = await account(bob);
    const lenaAccount = await account(lena);
    expect(adaAccount.accountNumber).toMatch(/^[0-9]{10}$/);

    const premise = await api.call('POST', '/premises', {
      address: address(`${unique} Elm Street`),
      premiseType: 'apartment',
      landlordAccountId: lenaAccount.accountId,
    });
    expect(premise.status).toBe(201);
    const point = await api.call('POST', `/premises/${premise.body.premiseId}/service-points`, {
      commodity: 'electricity',
      marketId: `MP-${unique}`,
      connectionStatus: 'connected',
    });
    expect(point.status).toBe(201);
    const servicePointId = point.body.servicePointId;

    // Move-in, ten days ago (within the backdate limit).
    const moveIn = await api.call('POST', '/service-agreements', {
      accountId: adaAccount.accountId,
      servicePointId,
      tariffCode: 'E-1',
      startDate: addDays(today, -10),
      meteringArrangement: 'net-metering',
    });
    expect(moveIn).toMatchObject({ status: 201, body: { connectWorkOrderId: null } });

    // Another move-in on the occupied point is a conflict, and nothing of it is kept.
    const clash = await api.call('POST', '/service-agreements', { accountId: bobAccount.accountId, servicePointId, tariffCode: 'E-1', startDate: today });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'service-point-occupied', status: 409 });

    // Tariff change from today.
    expect((await api.call('POST', `/service-agreements/${moveIn.body.agreementId}/tariff`, { tariffCode: 'E-TOU', effectiveFrom: today })).status).toBe(200);

    let view = await api.call('GET', `/accounts/${adaAccount.accountId}/360`);
    expect(view.status).toBe(200);
    expect(view.body.customer.displayName).toBe(`Ada Lovelace${unique}`);
    expect(view.body.agreements).toEqual([
      expect.objectContaining({
        id: moveIn.body.agreementId,
        status: 'active',
        tariffCode: 'E-TOU',
        meteringArrangement: 'net-metering',
        tariffs: [
          { tariffCode: 'E-1', from: addDays(today, -10) },
          { tariffCode: 'E-TOU', from: today },
        ],
      }),
    ]);
    expect(view.body.premises).toEqual([expect.objectContaining({ id: premise.body.premiseId, premiseType: 'apartment' })]);
    expect(view.body.notYetFed.map((p: { part: string }) => p.part)).toEqual([
      'balance',
      'lastInvoice',
      'usageSummary',
      'collections',
      'arrangement',
      'openVeeExceptions',
    ]);

    // Stopping before the start is refused.
    const early = await api.call('POST', `/service-agreements/${moveIn.body.agreementId}/stop`, { endDate: addDays(today, -11) });
    expect(early.body).toMatchObject({ status: 422, code: 'stop-before-start' });

    // Transfer to Bob in five days: Ada's agreement stops that day and Bob's starts the same day.
    const toBob = await api.call('POST', `/service-points/${servicePointId}/transfer`, { date: addDays(today, 5), toAccountId: bobAccount.accountId });
    expect(toBob).toMatchObject({
      status: 200,
      body: { stoppedAgreementId: moveIn.body.agreementId, toAccountId: bobAccount.accountId, landlordReversion: false, finalBillRequested: true },
    });

    // Bob leaves ten days later and nobody moves in: the landlord's account takes the point over.
    const reversion = await api.call('POST', `/service-points/${servicePointId}/transfer`, { date: addDays(today, 15) });
    expect(reversion).toMatchObject({
      status: 200,
      body: { stoppedAgreementId: toBob.body.agreementId, toAccountId: lenaAccount.accountId, landlordReversion: true },
    });

    // The landlord stops service (move-out): a final read and a final bill.
    const stop = await api.call('POST', `/service-agreements/${reversion.body.agreementId}/stop`, { endDate: addDays(today, 40) });
    expect(stop).toMatchObject({ status: 200, body: { finalBillRequested: true } });

    view = await api.call('GET', `/accounts/${adaAccount.accountId}/360`);
    expect(view.body.agreements[0]).toMatchObject({ endDate: addDays(today, 5), stopReason: 'transfer', status: 'active' });
    const lenaView = await api.call('GET', `/accounts/${lenaAccount.accountId}/360`);
    expect(lenaView.body.agreements[0]).toMatchObject({ startDate: addDays(today, 15), endDate: addDays(today, 40), tariffCode: 'E-TOU', status: 'pending' });
    // Her open work orders: the read that handed the point over to her, then her final read.
    expect(lenaView.body.openWorkOrders).toEqual([
      expect.objectContaining({ id: reversion.body.transferReadWorkOrderId, type: 'read-check', reason: 'transfer-read', status: 'scheduled' }),
      expect.objectContaining({ id: stop.body.finalReadWorkOrderId, type: 'read-check', reason: 'final-read', status: 'scheduled' }),
    ]);

    // Every step reached Kafka, keyed by the account.
    const ofPoint = () => topic.messages.filter((m) => m.data.servicePointId === servicePointId);
    expect(await eventually(async () => ofPoint().filter((m) => m.type.startsWith('utilia.customer.service-agreement-')).length >= 7, 20_000)).toBe(true);
    // Kafka keeps order per key (account), not across accounts.
    const ofAccount = (accountId: string) =>
      ofPoint()
        .filter((m) => m.key === accountId && m.type.startsWith('utilia.customer.service-agreement-'))
        .map((m) => m.type);
    expect(ofAccount(adaAccount.accountId)).toEqual([
      'utilia.customer.service-agreement-started.v2',
      'utilia.customer.service-agreement-tariff-changed.v1',
      'utilia.customer.service-agreement-stopped.v1',
    ]);
    expect(ofAccount(bobAccount.accountId)).toEqual(['utilia.customer.service-agreement-started.v2', 'utilia.customer.service-agreement-stopped.v1']);
    expect(ofAccount(lenaAccount.accountId)).toEqual(['utilia.customer.service-agreement-started.v2', 'utilia.customer.service-agreement-stopped.v1']);
    expect(
      await eventually(async () => topic.messages.some((m) => m.type === 'utilia.customer.final-bill-requested.v1' && m.key === lenaAccount.accountId), 10_000),
    ).toBe(true);
  });

  it('of two concurrent move-ins on one free point exactly one wins', async () => {
    const unique = `${Date.now().toString(36)}c`;
    const a = await account(await person('Con', `Current${unique}`));
    const b = await account(await person('Rival', `Racer${unique}`));
    const premise = await api.call('POST', '/premises', { address: address(`${unique} Race Road`), premiseType: 'house' });
    const point = await api.call('POST', `/premises/${premise.body.premiseId}/service-points`, {
      commodity: 'gas',
      marketId: `GAS-${unique}`,
      connectionStatus: 'connected',
    });
    const results = await Promise.all(
      [a, b, a, b].map((acc) =>
        api.call('POST', '/service-agreements', { accountId: acc.accountId, servicePointId: point.body.servicePointId, tariffCode: 'G-1', startDate: today }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const view = await api.call('GET', `/premises/${premise.body.premiseId}`);
    expect(view.body.servicePoints[0].agreements).toHaveLength(1);
  });
});
