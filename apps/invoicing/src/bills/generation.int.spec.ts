import {
  AccountOpenedV1,
  FinalBillRequestedV1,
  ServiceAgreementStartedV2,
  uuidv7,
  type MeteringArrangement,
  type UsageProfileRequestedV1,
} from '@utilia/contracts';
import { eventually, TopicRecorder } from '@utilia/platform/testing';
import { answerUsage, flatTariff, publishTariff, useInvoicing, type InvoicingWorld } from '../testing';

// On-site generation is settled as the agreement's metering arrangement says (customer's
// `meteringArrangement` on ServiceAgreementStarted); without one, exports earn nothing.
describe('bills of agreements with on-site generation', () => {
  let world: InvoicingWorld;
  const published = new TopicRecorder();
  useInvoicing(published, (w) => (world = w));

  /** One account and agreement on the tariff, billed 14 days (a final bill) of 1 kWh imported and 1.5 kWh exported every hour. */
  async function billed(code: string, meteringArrangement?: MeteringArrangement) {
    const accountId = uuidv7();
    await world.publish(AccountOpenedV1, {
      accountId,
      accountNumber: '0000008888',
      customerId: uuidv7(),
      currency: 'USD',
      billCycle: '07',
      openedOn: '2026-01-01',
    });
    const ref = { agreementId: uuidv7(), accountId, servicePointId: uuidv7() };
    await world.publish(ServiceAgreementStartedV2, {
      ...ref,
      commodity: 'electricity',
      tariffCode: code,
      startDate: '2026-01-01',
      tariffVersionId: null,
      ...(meteringArrangement ? { meteringArrangement } : {}),
    });
    expect(await eventually(async () => (await world.api.call('GET', `/accounts/${accountId}`)).body.agreements?.length === 1)).toBe(true);
    await world.publish(FinalBillRequestedV1, { ...ref, finalDate: '2026-07-20', finalReadWorkOrderId: uuidv7() });
    const request = () =>
      published.messages.find((m) => m.type === 'utilia.invoicing.usage-profile-requested.v1' && m.data.agreementId === ref.agreementId)?.data as
        UsageProfileRequestedV1 | undefined;
    expect(await eventually(async () => request() !== undefined)).toBe(true);
    await answerUsage(world, request() as UsageProfileRequestedV1, 14, 1000, 1500);
    const invoices = async () => (await world.api.call('GET', `/invoices?accountId=${accountId}`)).body.items as Array<{ id: string; total: string }>;
    expect(await eventually(async () => (await invoices()).length === 1)).toBe(true);
    const [invoice] = await invoices();
    return (await world.api.call('GET', `/invoices/${invoice.id}`)).body as {
      total: string;
      lines: Array<{ component: string; quantity: string; amount: string }>;
    };
  }

  it('net billing nets each hour and credits the surplus at the sell price; without an arrangement the exports are not paid for', async () => {
    const code = `T-GEN-${Date.now().toString(36)}`.toUpperCase();
    await publishTariff(world, code, flatTariff('30', '0.2', '0.05'));
    expect(await eventually(async () => (await world.api.call('GET', `/tariffs/${code}`)).status === 200)).toBe(true);

    const plain = await billed(code);
    // 14 of July's 31 days of the $30 charge (13.55), 336 kWh at $0.20 (67.20); the 504 kWh exported earn nothing.
    expect(plain.total).toBe('80.75');
    expect(plain.lines.map((l) => l.component)).not.toContain('export-credit');

    const solar = await billed(code, 'net-billing');
    // Each hour nets to 0.5 kWh sent out: nothing bought, 168 kWh credited at $0.05 (-8.40).
    expect(solar.lines).toEqual(expect.arrayContaining([expect.objectContaining({ component: 'export-credit', amount: '-8.40' })]));
    expect(solar.total).toBe('5.15');
  });
});
