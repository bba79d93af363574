import { DataSource } from 'typeorm';
import { readModels } from '../app.module';
import { addDays, localDateOf } from '@utilia/platform';
import { startCustomerApi, type CustomerApi } from '../shared/testing';

const today = localDateOf(new Date(), 'UTC');
const address = (line1: string) => ({ line1, city: 'Shelbyville', region: 'IL', postalCode: '62565', country: 'US' });

describe('finding customers and seeing an account from every side', () => {
  let api: CustomerApi;
  const unique = Date.now().toString(36);
  let accountId: string;
  let accountNumber: string;
  let servicePointId: string;

  beforeAll(async () => {
    api = await startCustomerApi();
    await api.knowTariffs({ 'C-1': { commodity: 'electricity', customerClass: 'commercial' }, 'W-1': 'water' });
    const customer = await api.call('POST', '/customers', {
      kind: 'organisation',
      organisationName: `Zephyr Bakery ${unique}`,
      preferences: { paperless: true, language: 'fr-CA', channels: ['email'] },
    });
    ({ accountId, accountNumber } = (
      await api.call('POST', '/accounts', {
        customerId: customer.body.customerId,
        currency: 'CAD',
        billCycle: '03',
        billingAddress: address('1 Bakery Lane'),
        customerClass: 'commercial',
      })
    ).body);
    const premise = await api.call('POST', '/premises', { address: address(`${unique} Quarry Road`), premiseType: 'commercial' });
    servicePointId = (await api.call('POST', `/premises/${premise.body.premiseId}/service-points`, { commodity: 'electricity', marketId: `Q-${unique}` })).body
      .servicePointId;
    const start = await api.call('POST', '/service-agreements', { accountId, servicePointId, tariffCode: 'C-1', startDate: addDays(today, -1) });
    expect(start.status).toBe(201);
    // The point was never connected: the move-in scheduled a connection.
    expect(start.body.connectWorkOrderId).toEqual(expect.any(String));
  });
  afterAll(() => api?.close());

  it('bad input is a 400 problem naming every field at fault, and nothing is written', async () => {
    const r = await api.call('POST', '/service-agreements', { accountId: 'nope', servicePointId, tariffCode: '', startDate: '2025-02-30' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'validation-failed', status: 400 });
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(['accountId', 'tariffCode', 'startDate']);
  });

  it('a move-in dated before the backdate limit is refused with a machine-readable code', async () => {
    const other = await api.call('POST', `/premises`, { address: address(`${unique} Old Mill`), premiseType: 'house' });
    const sp = await api.call('POST', `/premises/${other.body.premiseId}/service-points`, { commodity: 'water', marketId: `W-${unique}` });
    const r = await api.call('POST', '/service-agreements', {
      accountId,
      servicePointId: sp.body.servicePointId,
      tariffCode: 'W-1',
      startDate: addDays(today, -61),
    });
    expect(r.body).toMatchObject({ status: 422, code: 'date-too-far-in-past' });
  });

  it('roles guard every route: no token 401, an auditor cannot write, a customer sees only its own account', async () => {
    expect((await fetch(`${api.service.url}/api/v1/accounts/${accountId}/360`)).status).toBe(401);
    expect((await api.call('POST', '/premises', { address: address('x'), premiseType: 'house' }, ['auditor'])).status).toBe(403);
    expect((await api.call('GET', `/accounts/${accountId}/360`, undefined, ['auditor'])).status).toBe(200);
    expect((await api.call('GET', `/accounts/${accountId}/360`, undefined, ['customer'], [accountId])).status).toBe(200);
    expect((await api.call('GET', `/accounts/${accountId}/360`, undefined, ['customer'], ['01a21f3e-3d21-7bdf-8ca5-3b2f1e301f4a'])).status).toBe(404);
    expect((await api.call('GET', `/search?q=zephyr`, undefined, ['customer'], [accountId])).status).toBe(403);
  });

  it('a meter fitted by a completed work order makes the customer findable by its serial prefix', async () => {
    const wo = await api.call('POST', '/work-orders', {
      type: 'meter-install',
      servicePointId,
      appointment: { from: `${addDays(today, 1)}T08:00:00Z`, to: `${addDays(today, 1)}T12:00:00Z` },
    });
    expect(wo.status).toBe(201);
    expect((await api.call('POST', `/work-orders/${wo.body.workOrderId}/complete`, { completedAt: new Date().toISOString() })).body).toMatchObject({
      status: 409,
      code: 'work-order-not-dispatched',
    });
    expect((await api.call('POST', `/work-orders/${wo.body.workOrderId}/dispatch`, { crew: 'east-1' })).status).toBe(200);
    const done = await api.call('POST', `/work-orders/${wo.body.workOrderId}/complete`, {
      completedAt: new Date().toISOString(),
      meterSerial: `ZX${unique}`,
      reads: [{ register: '1.8.0', value: '0.0', readAt: new Date(Date.now() - 120_000).toISOString() }],
    });
    expect(done.status).toBe(200);
    const found = await api.call('GET', `/search?q=zx${unique.slice(0, 4)}&kind=meter-serial`);
    expect(found.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'meter-serial', label: `ZX${unique}`, accountId, accountNumber, customerName: `Zephyr Bakery ${unique}` }),
      ]),
    );
    const wos = await api.call('GET', `/work-orders?servicePointId=${servicePointId}`);
    expect(wos.body.items.map((w: { type: string; status: string }) => [w.type, w.status])).toEqual([
      ['meter-install', 'completed'],
      ['connect', 'scheduled'],
    ]);
  });

  it('finds the customer by name, account number prefix and address, a page at a time', async () => {
    const byName = await api.call('GET', `/search?q=${encodeURIComponent(`bakery ${unique}`)}`);
    expect(byName.body.items).toEqual([expect.objectContaining({ kind: 'name', accountId, accountNumber })]);
    const byNumber = await api.call('GET', `/search?q=${accountNumber.slice(0, 9)}&kind=account-number`);
    expect(byNumber.body.items).toEqual([expect.objectContaining({ kind: 'account-number', accountId })]);
    const byAddress = await api.call('GET', `/search?q=${encodeURIComponent(`${unique} quarry`)}`);
    expect(byAddress.body.items).toEqual([expect.objectContaining({ kind: 'address', accountId, customerName: `Zephyr Bakery ${unique}` })]);
    const first = await api.call('GET', `/search?q=${encodeURIComponent(unique)}&limit=1`);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.call('GET', `/search?q=${encodeURIComponent(unique)}&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('records interactions and lists them newest first with a cursor', async () => {
    for (const reason of ['first call', 'second call', 'third call']) {
      expect(
        (await api.call('POST', '/interactions', { accountId, channel: 'phone', reason, notes: 'n', links: [{ kind: 'service-point', id: servicePointId }] }))
          .status,
      ).toBe(201);
    }
    const page1 = await api.call('GET', `/accounts/${accountId}/interactions?limit=2`);
    expect(page1.body.items.map((i: { reason: string; csr: string }) => [i.reason, i.csr])).toEqual([
      ['third call', 'test-csr'],
      ['second call', 'test-csr'],
    ]);
    const page2 = await api.call('GET', `/accounts/${accountId}/interactions?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toEqual({ items: [expect.objectContaining({ reason: 'first call' })], nextCursor: null });
  });

  it('the rebuild command replays the event store into every read model; twice gives the same views', async () => {
    const before = (await api.call('GET', `/accounts/${accountId}/360`)).body;
    const found = (await api.call('GET', `/search?q=${accountNumber}`)).body;
    expect((await api.call('POST', '/read-models/rebuild', undefined, ['csr-supervisor'])).status).toBe(403);
    // A read model wiped by hand (or by a bug) comes back from the events.
    await api.service.app.get(DataSource).query('delete from rm_account');
    expect((await api.call('GET', `/accounts/${accountId}/360`)).status).toBe(404);
    const first = await api.call('POST', '/read-models/rebuild', undefined, ['admin']);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ readModels: readModels.map((p) => p.table), replayed: expect.any(Number), tookMs: expect.any(Number) });
    expect(first.body.replayed).toBeGreaterThan(0);
    const second = await api.call('POST', '/read-models/rebuild', undefined, ['admin']);
    expect(second.body.replayed).toBeGreaterThanOrEqual(first.body.replayed);
    expect((await api.call('GET', `/accounts/${accountId}/360`)).body).toEqual(before);
    expect((await api.call('GET', `/search?q=${accountNumber}`)).body).toEqual(found);
  });
});
