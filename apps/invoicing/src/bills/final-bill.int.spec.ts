import {
  AccountOpenedV1,
  FinalBillRequestedV1,
  FinalBillWithdrawnV1,
  ServiceAgreementStartedV2,
  Topics,
  uuidv7,
  type UsageProfileRequestedV1,
} from '@utilia/contracts';
import { eventually, TopicRecorder } from '@utilia/platform/testing';
import { answerUsage, flatTariff, publishTariff, startInvoicing, type InvoicingWorld } from '../testing';

describe('the final bill at move-out', () => {
  let world: InvoicingWorld;
  const published = new TopicRecorder();
  beforeAll(async () => {
    await published.start(Topics.invoicingEvents);
    world = await startInvoicing();
  });
  afterAll(async () => {
    await world?.close();
    await published.stop();
  });

  it('bills the days of the cycle period up to the last day of service, issued when service ends; the request again bills nothing twice', async () => {
    const code = `T-FINAL-${Date.now().toString(36)}`.toUpperCase();
    await publishTariff(world, code, flatTariff('30', '0.2'));
    const accountId = uuidv7();
    await world.publish(AccountOpenedV1, {
      accountId,
      accountNumber: '0000007777',
      customerId: uuidv7(),
      currency: 'USD',
      billCycle: '07',
      openedOn: '2026-01-01',
    });
    const ref = { agreementId: uuidv7(), accountId, servicePointId: uuidv7() };
    await world.publish(ServiceAgreementStartedV2, { ...ref, commodity: 'electricity', tariffCode: code, startDate: '2026-01-01', tariffVersionId: null });
    expect(await eventually(async () => (await world.api.call('GET', `/accounts/${accountId}`)).body.agreements?.length === 1)).toBe(true);
    expect(await eventually(async () => (await world.api.call('GET', `/tariffs/${code}`)).status === 200)).toBe(true);

    const final = { accountId, agreementId: ref.agreementId, servicePointId: ref.servicePointId, finalDate: '2026-07-20', finalReadWorkOrderId: uuidv7() };
    await world.publish(FinalBillRequestedV1, final);
    const request = () =>
      published.messages.find((m) => m.type === 'utilia.invoicing.usage-profile-requested.v1' && m.data.agreementId === ref.agreementId)?.data as
        UsageProfileRequestedV1 | undefined;
    expect(await eventually(async () => request() !== undefined)).toBe(true);
    expect(request()).toMatchObject({ periodStart: '2026-07-07', periodEnd: '2026-07-20' });
    await answerUsage(world, request() as UsageProfileRequestedV1, 14, 1000);

    const invoices = async () => (await world.api.call('GET', `/invoices?accountId=${accountId}`)).body.items as Array<Record<string, string>>;
    expect(await eventually(async () => (await invoices()).length === 1)).toBe(true);
    // 14 of the cycle's 31 days: 30 × 14/31 = 13.55, and 336 kWh × 0.2 = 67.20.
    expect((await invoices())[0]).toMatchObject({
      periodFrom: '2026-07-07',
      periodTo: '2026-07-21',
      issueDate: '2026-07-21',
      dueDate: '2026-08-11',
      total: '80.75',
    });

    await world.publish(FinalBillRequestedV1, final);
    await new Promise((r) => setTimeout(r, 1500));
    expect(published.messages.filter((m) => m.type === 'utilia.invoicing.usage-profile-requested.v1' && m.data.agreementId === ref.agreementId)).toHaveLength(
      1,
    );
    expect(await invoices()).toHaveLength(1);
  });

  it('a final bill withdrawn before it is issued is cancelled: the usage answer bills nothing', async () => {
    const code = `T-WDRN-${Date.now().toString(36)}`.toUpperCase();
    await publishTariff(world, code, flatTariff('30', '0.2'));
    const accountId = uuidv7();
    await world.publish(AccountOpenedV1, {
      accountId,
      accountNumber: '0000007778',
      customerId: uuidv7(),
      currency: 'USD',
      billCycle: '07',
      openedOn: '2026-01-01',
    });
    const ref = { agreementId: uuidv7(), accountId, servicePointId: uuidv7() };
    await world.publish(ServiceAgreementStartedV2, { ...ref, commodity: 'electricity', tariffCode: code, startDate: '2026-01-01', tariffVersionId: null });
    expect(await eventually(async () => (await world.api.call('GET', `/accounts/${accountId}`)).body.agreements?.length === 1)).toBe(true);
    await world.publish(FinalBillRequestedV1, {
      accountId,
      agreementId: ref.agreementId,
      servicePointId: ref.servicePointId,
      finalDate: '2026-07-20',
      finalReadWorkOrderId: uuidv7(),
    });
    const request = () =>
      published.messages.find((m) => m.type === 'utilia.invoicing.usage-profile-requested.v1' && m.data.agreementId === ref.agreementId)?.data as
        UsageProfileRequestedV1 | undefined;
    expect(await eventually(async () => request() !== undefined)).toBe(true);
    await world.publish(FinalBillWithdrawnV1, { accountId, agreementId: ref.agreementId, finalDate: '2026-07-20', reason: 'the move-out was called off' });
    // A marker after the withdrawal on the same partition: once the copies consumer has it, the partition
    // is delivered up to there; a second more lets the final-bill consumer (another group) catch up.
    const marker = { agreementId: uuidv7(), accountId, servicePointId: uuidv7() };
    await world.publish(ServiceAgreementStartedV2, { ...marker, commodity: 'electricity', tariffCode: code, startDate: '2026-01-01', tariffVersionId: null });
    expect(await eventually(async () => (await world.api.call('GET', `/accounts/${accountId}`)).body.agreements?.length === 2)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    await answerUsage(world, request() as UsageProfileRequestedV1, 14, 1000);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await world.api.call('GET', `/invoices?accountId=${accountId}`)).body.items).toEqual([]);
  });
});
