import {
  AccountOpenedV1,
  FinalBillRequestedV1,
  FinalBillWithdrawnV1,
  ServiceAgreementStartedV2,
  ServiceAgreementStoppedV1,
  uuidv7,
  type UsageProfileRequestedV1,
} from '@utilia/contracts';
import { eventually, TopicRecorder } from '@utilia/platform/testing';
import {
  answer,
  answerUsage,
  flatTariff,
  invoicesOf,
  nthUsageRequest,
  openAccount,
  publishTariff,
  startAgreement,
  useInvoicing,
  tariffCopied,
  waitFor,
  type InvoicingWorld,
} from '../testing';

describe('the final bill at move-out', () => {
  let world: InvoicingWorld;
  const published = new TopicRecorder();
  useInvoicing(published, (w) => (world = w));

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

  it("bills every agreement of the account that ended in the final period: the water stopped on the 10th, the electricity's last day the 16th", async () => {
    const code = `T-FINALS-${Date.now().toString(36)}`.toUpperCase();
    await publishTariff(world, code, flatTariff('31', '0.1'));
    await tariffCopied(world, code);
    const accountId = await openAccount(world, '07');
    const water = await startAgreement(world, accountId, code, '2026-01-01');
    const power = await startAgreement(world, accountId, code, '2026-01-01');
    await world.publish(ServiceAgreementStoppedV1, { ...water, endDate: '2026-08-10', reason: 'move-out', finalBillRequested: false });
    await world.publish(ServiceAgreementStoppedV1, { ...power, endDate: '2026-08-16', reason: 'move-out', finalBillRequested: true });
    await waitFor(
      async () => ((await world.api.call('GET', `/accounts/${accountId}`)).body.agreements ?? []).every((a: { endDate: string | null }) => a.endDate !== null),
      'the stops copied',
    );
    await world.publish(FinalBillRequestedV1, { ...power, finalDate: '2026-08-16', finalReadWorkOrderId: uuidv7() });
    const waterRequest = await nthUsageRequest(published, water.agreementId);
    const powerRequest = await nthUsageRequest(published, power.agreementId);
    expect(waterRequest).toMatchObject({ periodStart: '2026-08-07', periodEnd: '2026-08-10' });
    expect(powerRequest).toMatchObject({ periodStart: '2026-08-07', periodEnd: '2026-08-16' });
    await answer(world, waterRequest, 1000);
    await answer(world, powerRequest, 1000);
    await waitFor(async () => (await invoicesOf(world, accountId)).length === 2, 'both final bills');
    const invoices = await invoicesOf(world, accountId);
    // 31 a month: 1.00 a day of the 31-day cycle, and 24 kWh a day at 0.1.
    expect(invoices.find((i) => i.agreementId === water.agreementId)).toMatchObject({ kind: 'final', periodTo: '2026-08-11', total: '13.60' });
    expect(invoices.find((i) => i.agreementId === power.agreementId)).toMatchObject({ kind: 'final', periodTo: '2026-08-17', total: '34.00' });

    // The cycle's run on 09-07 has nothing left to bill for them.
    await world.api.call('POST', '/bill-runs', { cycle: '07', runDate: '2026-09-07' }, ['billing-ops']);
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      published.messages.filter(
        (m) => m.type === 'utilia.invoicing.usage-profile-requested.v1' && [water.agreementId, power.agreementId].includes(m.data.agreementId),
      ),
    ).toHaveLength(2);
  });
});
