import {
  AccountDetailsChangedV1,
  AccountOpenedV1,
  ServiceAgreementStartedV2,
  ServiceAgreementStoppedV1,
  ServiceAgreementTariffChangedV1,
  TariffVersionPublishedV1,
  uuidv7,
} from '@utilia/contracts';
import { CommandRunner } from '@utilia/platform';
import { eventually } from '@utilia/platform/testing';
import { rate } from '@utilia/rating';
import { startInvoicing, type InvoicingWorld } from '../testing';
import { tariffOf, tariffVersions } from './tariff.projections';

describe("invoicing's copies of accounts, agreements and tariffs, from customer's and rating's events on Kafka", () => {
  let world: InvoicingWorld;
  let api: InvoicingWorld['api'];
  let publish: InvoicingWorld['publish'];

  beforeAll(async () => {
    world = await startInvoicing();
    ({ api, publish } = world);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("keeps an account's bill cycle and class and its agreement's dates and tariff periods", async () => {
    const accountId = uuidv7();
    const agreementId = uuidv7();
    const servicePointId = uuidv7();
    const customerId = uuidv7();
    await publish(AccountOpenedV1, { accountId, accountNumber: '0000004242', customerId, currency: 'USD', billCycle: '07', openedOn: '2026-01-05' });
    await publish(AccountDetailsChangedV1, {
      accountId,
      billingAddress: { line1: 'PO Box 1', city: 'Springfield', postalCode: '62701', country: 'US' },
      billCycle: '07',
      customerClass: 'residential',
      roles: [{ customerId, role: 'main' }],
    });
    const ref = { agreementId, accountId, servicePointId };
    await publish(ServiceAgreementStartedV2, { ...ref, commodity: 'electricity', tariffCode: 'E-1', startDate: '2026-01-10', tariffVersionId: null });
    await publish(ServiceAgreementTariffChangedV1, { ...ref, tariffCode: 'E-TOU', previousTariffCode: 'E-1', effectiveFrom: '2026-03-01' });
    await publish(ServiceAgreementStoppedV1, { ...ref, endDate: '2026-06-30', reason: 'move-out', finalBillRequested: true });
    const view = async () => (await api.call('GET', `/accounts/${accountId}`)).body;
    expect(await eventually(async () => (await view()).agreements?.[0]?.endDate === '2026-06-30')).toBe(true);
    expect(await view()).toMatchObject({
      accountNumber: '0000004242',
      billCycle: '07',
      customerClass: 'residential',
      agreements: [
        {
          id: agreementId,
          startDate: '2026-01-10',
          endDate: '2026-06-30',
          tariffs: [
            { tariffCode: 'E-1', from: '2026-01-10' },
            { tariffCode: 'E-TOU', from: '2026-03-01' },
          ],
        },
      ],
    });
    expect((await api.call('GET', `/accounts/${accountId}`, undefined, ['customer'])).status).toBe(403);
  });

  it("keeps rating's published versions and rates with them: a correction replaces the version it supersedes", async () => {
    const code = `T-INV-${Date.now().toString(36)}`.toUpperCase();
    const tariffId = uuidv7();
    const facts = {
      tariffId,
      code,
      name: 'Flat',
      commodity: 'electricity',
      customerClass: 'residential',
      currency: 'USD',
      timeZone: 'UTC',
      utility: 'Utilia Demo',
      description: '',
    } as const;
    const flat = (r: string) => ({ energy: { tierPolicy: 'per-period', periods: [{ tiers: [{ rate: r }] }] } });
    const first = uuidv7();
    const fix = uuidv7();
    await publish(TariffVersionPublishedV1, {
      ...facts,
      versionId: first,
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      definition: flat('0.2'),
      supersedes: null,
      publishedBy: 'test',
    });
    await publish(TariffVersionPublishedV1, {
      ...facts,
      versionId: fix,
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      definition: flat('0.25'),
      supersedes: first,
      publishedBy: 'test',
    });
    expect(await eventually(async () => (await api.call('GET', `/tariffs/${code}`)).body.versions?.length === 2)).toBe(true);
    const tariff = tariffOf(await tariffVersions(api.service.app.get(CommandRunner), code));
    const bill = rate({
      tariff: tariff as NonNullable<typeof tariff>,
      period: { start: '2026-06-01', end: '2026-07-01' },
      usage: { load: { start: '2026-06-01T00:00:00Z', intervalMinutes: 60, wh: new Array(720).fill(1000) } },
    });
    expect(bill.total).toBe('180.00'); // 720 kWh × 0.25, the correction's rate
  });
});
