import { AccountDetailsChangedV1, AccountOpenedV1, ServiceAgreementStartedV2, Topics, uuidv7, type UsageProfileRequestedV1 } from '@utilia/contracts';
import { eventually, TopicRecorder } from '@utilia/platform/testing';
import { answerUsage, flatTariff, publishTariff, startInvoicing, type InvoicingWorld } from '../testing';

describe('a bill run: usage requested, rated with the replicated tariff, checked, issued or held', () => {
  let world: InvoicingWorld;
  let api: InvoicingWorld['api'];
  let publish: InvoicingWorld['publish'];
  const published = new TopicRecorder();

  beforeAll(async () => {
    await published.start(Topics.invoicingEvents);
    world = await startInvoicing();
    ({ api, publish } = world);
  });
  afterAll(async () => {
    await world?.close();
    await published.stop();
  });

  it('a move-in mid-period gets a prorated first bill with a gap-free number and the due date of its terms; a tariff never published holds the bill; a second start bills nothing twice', async () => {
    const code = `T-BILL-${Date.now().toString(36)}`.toUpperCase();
    await publishTariff(world, code, flatTariff('30', '0.2'));
    const accountId = uuidv7();
    const customerId = uuidv7();
    await publish(AccountOpenedV1, { accountId, accountNumber: '0000009999', customerId, currency: 'USD', billCycle: '07', openedOn: '2026-06-01' });
    await publish(AccountDetailsChangedV1, {
      accountId,
      billingAddress: { line1: 'PO Box 2', city: 'Springfield', postalCode: '62701', country: 'US' },
      billCycle: '07',
      customerClass: 'residential',
      roles: [{ customerId, role: 'main' }],
    });
    const onTariff = { agreementId: uuidv7(), accountId, servicePointId: uuidv7() };
    const onMissing = { agreementId: uuidv7(), accountId, servicePointId: uuidv7() };
    await publish(ServiceAgreementStartedV2, { ...onTariff, commodity: 'electricity', tariffCode: code, startDate: '2026-06-22', tariffVersionId: null });
    await publish(ServiceAgreementStartedV2, {
      ...onMissing,
      commodity: 'electricity',
      tariffCode: `${code}-NONE`,
      startDate: '2026-01-01',
      tariffVersionId: null,
    });
    expect(await eventually(async () => (await api.call('GET', `/accounts/${accountId}`)).body.agreements?.length === 2)).toBe(true);
    expect(await eventually(async () => (await api.call('GET', `/tariffs/${code}`)).status === 200)).toBe(true);

    const started = await api.call('POST', '/bill-runs', { cycle: '07', runDate: '2026-07-07' }, ['billing-ops']);
    expect(started.status).toBe(201);
    const runId = started.body.runId;
    const requestOf = (agreementId: string) =>
      published.messages.find((m) => m.type === 'utilia.invoicing.usage-profile-requested.v1' && m.data.agreementId === agreementId)?.data as
        UsageProfileRequestedV1 | undefined;
    expect(await eventually(async () => requestOf(onTariff.agreementId) !== undefined && requestOf(onMissing.agreementId) !== undefined)).toBe(true);
    // The first bill asks for the days since the move-in only.
    expect(requestOf(onTariff.agreementId)).toMatchObject({ periodStart: '2026-06-22', periodEnd: '2026-07-06' });

    // Metering answers: 1 kWh every hour of the days asked.
    const answer = (request: UsageProfileRequestedV1, days: number) => answerUsage(world, request, days, 1000);
    await answer(requestOf(onTariff.agreementId) as UsageProfileRequestedV1, 15);
    await answer(requestOf(onMissing.agreementId) as UsageProfileRequestedV1, 30);

    const invoices = async () => (await api.call('GET', `/invoices?accountId=${accountId}`)).body.items as Array<Record<string, string>>;
    expect(await eventually(async () => (await invoices()).length === 1)).toBe(true);
    // 30 × 15/30 + 360 kWh × 0.2 = 15 + 72.
    const [invoice] = await invoices();
    expect(invoice).toMatchObject({
      agreementId: onTariff.agreementId,
      periodFrom: '2026-06-22',
      periodTo: '2026-07-07',
      issueDate: '2026-07-07',
      dueDate: '2026-07-28',
      total: '87.00',
    });
    expect(invoice.number).toMatch(/^INV-\d{9}$/);
    const issued = () => published.messages.find((m) => m.type === 'utilia.invoicing.invoice-issued.v1' && m.data.invoiceId === invoice.id);
    expect(await eventually(async () => issued() !== undefined)).toBe(true);
    expect(issued()?.data).toMatchObject({ invoiceNumber: invoice.number, total: '87.00', accountId });

    const holds = async () =>
      (await api.call('GET', `/bill-runs/${runId}/holds`)).body.items as Array<{ agreementId: string; reasons: Array<{ rule: string }> }>;
    expect(await eventually(async () => (await holds()).some((h) => h.agreementId === onMissing.agreementId))).toBe(true);
    expect((await holds()).find((h) => h.agreementId === onMissing.agreementId)?.reasons.map((r) => r.rule)).toEqual(['missing-tariff']);

    // Started again: resumed, nothing billed twice.
    const again = await api.call('POST', '/bill-runs', { cycle: '07', runDate: '2026-07-07' }, ['billing-ops']);
    expect(again.body).toMatchObject({ runId, resumed: true });
    await answer(requestOf(onTariff.agreementId) as UsageProfileRequestedV1, 15);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await invoices()).toHaveLength(1);
    const progress = (await api.call('GET', `/bill-runs/${runId}`)).body;
    expect(progress.issued + progress.held + progress.awaitingUsage).toBe(progress.bills);
  });

  it('billing-ops release a held bill with a note (it is issued as rated) or cancel one; a bill that could not be rated is not released', async () => {
    const code = `T-BIG-${Date.now().toString(36)}`.toUpperCase();
    await publishTariff(world, code, flatTariff('2000', '0.2'));
    const accountId = uuidv7();
    const customerId = uuidv7();
    await publish(AccountOpenedV1, { accountId, accountNumber: '0000009998', customerId, currency: 'USD', billCycle: '12', openedOn: '2026-01-01' });
    const first = { agreementId: uuidv7(), accountId, servicePointId: uuidv7() };
    const unrated = { agreementId: uuidv7(), accountId, servicePointId: uuidv7() };
    await publish(ServiceAgreementStartedV2, { ...first, commodity: 'electricity', tariffCode: code, startDate: '2026-01-01', tariffVersionId: null });
    await publish(ServiceAgreementStartedV2, {
      ...unrated,
      commodity: 'electricity',
      tariffCode: `${code}-NONE`,
      startDate: '2026-01-01',
      tariffVersionId: null,
    });
    expect(await eventually(async () => (await api.call('GET', `/accounts/${accountId}`)).body.agreements?.length === 2)).toBe(true);
    expect(await eventually(async () => (await api.call('GET', `/tariffs/${code}`)).status === 200)).toBe(true);
    const { runId } = (await api.call('POST', '/bill-runs', { cycle: '12', runDate: '2026-09-12' }, ['billing-ops'])).body;
    const requestOf = (agreementId: string) =>
      published.messages.find((m) => m.type === 'utilia.invoicing.usage-profile-requested.v1' && m.data.agreementId === agreementId)?.data as
        UsageProfileRequestedV1 | undefined;
    expect(await eventually(async () => requestOf(first.agreementId) !== undefined && requestOf(unrated.agreementId) !== undefined)).toBe(true);
    for (const r of [requestOf(first.agreementId), requestOf(unrated.agreementId)] as UsageProfileRequestedV1[]) await answerUsage(world, r, 31, 500);
    const holds = async () =>
      (await api.call('GET', `/bill-runs/${runId}/holds`)).body.items as Array<{ billId: string; agreementId: string; reasons: Array<{ rule: string }> }>;
    expect(
      await eventually(async () => (await holds()).filter((h) => h.agreementId === first.agreementId || h.agreementId === unrated.agreementId).length === 2),
    ).toBe(true);
    const heldFirst = (await holds()).find((h) => h.agreementId === first.agreementId) as { billId: string; reasons: Array<{ rule: string }> };
    const heldUnrated = (await holds()).find((h) => h.agreementId === unrated.agreementId) as { billId: string };
    expect(heldFirst.reasons.map((r) => r.rule)).toEqual(['first-bill']);

    expect((await api.call('POST', `/bills/${heldFirst.billId}/release`, { note: 'checked: large site' }, ['csr'])).status).toBe(403);
    const released = await api.call('POST', `/bills/${heldFirst.billId}/release`, { note: 'checked: large site' }, ['billing-ops']);
    expect(released.status).toBe(200);
    const invoice = (await api.call('GET', `/invoices/${released.body.invoiceId}`)).body;
    expect(invoice).toMatchObject({ agreementId: first.agreementId, total: '2074.40' }); // 2000 + 372 kWh × 0.2
    expect((await api.call('POST', `/bills/${heldFirst.billId}/release`, { note: 'again' }, ['billing-ops'])).body).toMatchObject({
      status: 409,
      code: 'bill-not-held',
    });

    expect((await api.call('POST', `/bills/${heldUnrated.billId}/release`, { note: 'x' }, ['billing-ops'])).body).toMatchObject({
      status: 409,
      code: 'bill-not-rated',
    });
    expect((await api.call('POST', `/bills/${heldUnrated.billId}/cancel`, { reason: 'tariff withdrawn' }, ['billing-ops'])).body).toMatchObject({
      status: 'cancelled',
    });
    expect((await api.call('GET', `/invoices?accountId=${accountId}`)).body.items).toHaveLength(1);
  });

  it('a run on a day that is not the cycle read date is refused; only billing-ops and admins start runs', async () => {
    expect((await api.call('POST', '/bill-runs', { cycle: '07', runDate: '2026-07-08' }, ['billing-ops'])).body).toMatchObject({
      status: 422,
      code: 'not-a-read-date',
    });
    expect((await api.call('POST', '/bill-runs', { cycle: '07', runDate: '2026-07-07' }, ['csr'])).status).toBe(403);
    expect((await api.call('POST', '/bill-runs', { cycle: '99', runDate: '2026-07-07' }, ['admin'])).body).toMatchObject({ status: 404 });
  });
});
