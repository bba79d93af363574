import { addDays, localDateOf } from '@utilia/platform';
import { startCustomerApi, type CustomerApi } from '../shared/testing';

const today = localDateOf(new Date(), 'UTC');
const day = (n: number) => addDays(today, n);
const address = (line1: string) => ({ line1, city: 'Capital City', region: 'IL', postalCode: '62001', country: 'US' });

describe('what the read models answer, as a CSR and as a customer', () => {
  let api: CustomerApi;
  const unique = Date.now().toString(36);

  beforeAll(async () => {
    api = await startCustomerApi();
    await api.knowTariffs({ 'E-1': 'electricity', 'E-TOU': 'electricity' });
  });
  afterAll(() => api?.close());

  async function customerWithAccount(
    given: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ customerId: string; accountId: string; accountNumber: string }> {
    const customer = await api.call('POST', '/customers', { kind: 'person', givenName: given, familyName: `Tester${unique}`, ...extra });
    expect(customer.status).toBe(201);
    const account = await api.call('POST', '/accounts', {
      customerId: customer.body.customerId,
      currency: 'USD',
      billCycle: '07',
      billingAddress: address('PO Box 77'),
    });
    return { customerId: customer.body.customerId, ...account.body };
  }

  async function point(
    line1: string,
    commodity = 'electricity',
    marketId = `MP-${line1.replace(/\W/g, '')}-${unique}`,
  ): Promise<{ premiseId: string; servicePointId: string }> {
    const premise = await api.call('POST', '/premises', { address: address(line1), premiseType: 'house' });
    const sp = await api.call('POST', `/premises/${premise.body.premiseId}/service-points`, { commodity, marketId, connectionStatus: 'connected' });
    return { premiseId: premise.body.premiseId, servicePointId: sp.body.servicePointId };
  }

  it('a tariff change made today for a later day is shown as scheduled, and the tariff in force stays the current one', async () => {
    const { accountId } = await customerWithAccount('Future');
    const { servicePointId } = await point(`${unique} Tomorrow Road`);
    const { agreementId } = (await api.call('POST', '/service-agreements', { accountId, servicePointId, tariffCode: 'E-1', startDate: day(-5) })).body;
    expect((await api.call('POST', `/service-agreements/${agreementId}/tariff`, { tariffCode: 'E-TOU', effectiveFrom: day(14) })).status).toBe(200);
    const expected = { tariffCode: 'E-1', tariffFrom: day(-5), scheduledTariffChanges: [{ tariffCode: 'E-TOU', from: day(14) }] };
    expect((await api.call('GET', `/service-agreements/${agreementId}`)).body).toMatchObject(expected);
    expect((await api.call('GET', `/accounts/${accountId}/360`)).body.agreements).toEqual([expect.objectContaining(expected)]);
    expect((await api.call('GET', `/service-points/${servicePointId}`)).body.agreements).toEqual([expect.objectContaining(expected)]);
  });

  it('search by address and by meter ranks the agreement in force today first, then the incoming one, then the past one, and says which', async () => {
    const past = await customerWithAccount('Pastor');
    const current = await customerWithAccount('Present');
    const incoming = await customerWithAccount('Incoming');
    const { servicePointId } = await point(`${unique} Turnover Street`);
    await api.call('POST', '/service-agreements', { accountId: past.accountId, servicePointId, tariffCode: 'E-1', startDate: day(-40) });
    const handover = await api.call('POST', `/service-points/${servicePointId}/transfer`, { date: day(-20), toAccountId: current.accountId });
    expect(handover.status).toBe(200);
    expect((await api.call('POST', `/service-points/${servicePointId}/transfer`, { date: day(14), toAccountId: incoming.accountId })).status).toBe(200);
    const byAddress = await api.call('GET', `/search?q=${encodeURIComponent(`${unique} turnover`)}&kind=address`);
    expect(byAddress.body.items.map((h: { accountId: string; agreementStatus: string }) => [h.accountId, h.agreementStatus])).toEqual([
      [current.accountId, 'current'],
      [incoming.accountId, 'upcoming'],
      [past.accountId, 'past'],
    ]);
    // One hit a page walks the same order.
    const first = await api.call('GET', `/search?q=${encodeURIComponent(`${unique} turnover`)}&kind=address&limit=1`);
    const second = await api.call('GET', `/search?q=${encodeURIComponent(`${unique} turnover`)}&kind=address&limit=1&cursor=${first.body.nextCursor}`);
    expect([first.body.items[0].agreementStatus, second.body.items[0].agreementStatus]).toEqual(['current', 'upcoming']);

    const wo = (await api.call('POST', '/work-orders', { type: 'meter-install', servicePointId })).body.workOrderId;
    await api.call('POST', `/work-orders/${wo}/dispatch`, { crew: 'west-2' });
    expect((await api.call('POST', `/work-orders/${wo}/complete`, { completedAt: new Date().toISOString(), meterSerial: `TV${unique}` })).status).toBe(200);
    const byMeter = await api.call('GET', `/search?q=tv${unique}&kind=meter-serial`);
    expect(byMeter.body.items[0]).toMatchObject({ accountId: current.accountId, agreementStatus: 'current', customerName: `Present Tester${unique}` });
  });

  it('a market id taken on another premise is a 409 with a code, like one on the same premise', async () => {
    const marketId = `DUP-${unique}`;
    await point(`${unique} First Premise`, 'electricity', marketId);
    const other = await api.call('POST', '/premises', { address: address(`${unique} Second Premise`), premiseType: 'house' });
    const clash = await api.call('POST', `/premises/${other.body.premiseId}/service-points`, { commodity: 'electricity', marketId });
    expect(clash.body).toMatchObject({ status: 409, code: 'market-id-taken' });
  });

  it('a second premise at the same address (however it is written) is refused with the existing one; it can be registered on purpose', async () => {
    const first = await api.call('POST', '/premises', { address: address(`${unique} Twin Street 5`), premiseType: 'apartment' });
    const again = await api.call('POST', '/premises', { address: { ...address(`${unique}  twin street, 5`), city: 'CAPITAL CITY' }, premiseType: 'apartment' });
    expect(again.body).toMatchObject({ status: 422, code: 'premise-address-exists' });
    expect(again.body.detail).toContain(first.body.premiseId);
    const meant = await api.call('POST', '/premises', { address: address(`${unique} Twin Street 5`), premiseType: 'apartment', allowDuplicateAddress: true });
    expect(meant.status).toBe(201);
  });

  it('a connect work order records the meter it reports, and one cannot be completed before it was scheduled', async () => {
    const { accountId } = await customerWithAccount('Connie');
    const premise = await api.call('POST', '/premises', { address: address(`${unique} New Build Close`), premiseType: 'house' });
    const { servicePointId } = (
      await api.call('POST', `/premises/${premise.body.premiseId}/service-points`, { commodity: 'electricity', marketId: `NB-${unique}` })
    ).body;
    const { connectWorkOrderId } = (await api.call('POST', '/service-agreements', { accountId, servicePointId, tariffCode: 'E-1', startDate: today })).body;
    await api.call('POST', `/work-orders/${connectWorkOrderId}/dispatch`, { crew: 'north-9' });
    const early = await api.call('POST', `/work-orders/${connectWorkOrderId}/complete`, {
      completedAt: new Date(Date.now() - 3_600_000).toISOString(),
      meterSerial: `CN${unique}`,
    });
    expect(early.body).toMatchObject({ status: 422, code: 'completed-before-scheduled' });
    expect(
      (await api.call('POST', `/work-orders/${connectWorkOrderId}/complete`, { completedAt: new Date().toISOString(), meterSerial: `CN${unique}` })).status,
    ).toBe(200);
    expect((await api.call('GET', `/service-points/${servicePointId}`)).body).toMatchObject({ connectionStatus: 'connected', meterSerial: `CN${unique}` });
  });

  it('an unknown account is 404 everywhere, its interactions too', async () => {
    const unknown = '01a21f3e-3d21-7bdf-8ca5-3b2f1e301f4a';
    for (const path of [`/accounts/${unknown}`, `/accounts/${unknown}/360`, `/accounts/${unknown}/interactions`]) {
      expect((await api.call('GET', path)).body).toMatchObject({ status: 404, code: 'account-not-found' });
    }
  });

  it('a customer sees their own account without internal notes or staff ids, and identification masked to its last four characters', async () => {
    const { customerId, accountId } = await customerWithAccount('Priya', { identification: [{ kind: 'driving-licence', value: 'D12345678', issuer: 'IL' }] });
    await api.call('POST', `/customers/${customerId}/protections`, {
      kind: 'medical',
      from: day(-1),
      evidence: 'dialysis at home; letter from the clinic seen',
    });
    const { servicePointId } = await point(`${unique} Private Drive`);
    await api.call('POST', '/service-agreements', { accountId, servicePointId, tariffCode: 'E-1', startDate: day(-3) });
    await api.call('POST', '/work-orders', { type: 'read-check', servicePointId, notes: 'dog in the yard; gate code 4411' });
    await api.call('POST', '/interactions', { accountId, channel: 'phone', reason: 'billing question', notes: 'seemed upset; offer a payment plan next time' });

    const asCsr = (await api.call('GET', `/accounts/${accountId}/360`)).body;
    expect(asCsr.customer.details.identification[0].value).toBe('D12345678');
    expect(asCsr.recentInteractions[0]).toMatchObject({ notes: 'seemed upset; offer a payment plan next time', csr: 'test-csr' });

    const mine = (await api.call('GET', `/accounts/${accountId}/360`, undefined, ['customer'], [accountId])).body;
    expect(mine.customer.details.identification).toEqual([{ kind: 'driving-licence', value: '•••••5678', issuer: 'IL' }]);
    expect(mine.customer.protections).toEqual([expect.not.objectContaining({ evidence: expect.anything() })]);
    expect(mine.recentInteractions).toEqual([
      { id: expect.any(String), customerId, accountId, channel: 'phone', reason: 'billing question', links: [], occurredAt: expect.any(String) },
    ]);
    expect(mine.openWorkOrders[0]).not.toHaveProperty('notes');
    expect(mine.openWorkOrders[0]).not.toHaveProperty('requestedBy');
    const text = JSON.stringify(mine);
    for (const internal of ['D12345678', 'gate code', 'payment plan', 'letter from the clinic', 'test-csr']) expect(text).not.toContain(internal);

    const interactions = (await api.call('GET', `/accounts/${accountId}/interactions`, undefined, ['customer'], [accountId])).body;
    expect(interactions.items).toEqual([expect.not.objectContaining({ notes: expect.anything() })]);
    expect(JSON.stringify(interactions)).not.toContain('test-csr');
    expect((await api.call('GET', `/accounts/${accountId}`, undefined, ['customer'], [accountId])).body).toMatchObject({ id: accountId, status: 'open' });
  });
});
