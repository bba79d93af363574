import { UsageCorrectedV1, uuidv7, type CreditNoteIssuedV1, type InvoiceIssuedV1 } from '@utilia/contracts';
import { TopicRecorder } from '@utilia/platform/testing';
import {
  answer,
  flatTariff,
  invoicesOf,
  nthUsageRequest,
  openAccount,
  publishTariff,
  startAgreement,
  useInvoicing,
  tariffCopied,
  usageRequests,
  waitFor,
  type InvoicingWorld,
} from '../testing';

describe('corrections: a billed period rated again, credited and rebilled with the difference line by line', () => {
  let world: InvoicingWorld;
  const published = new TopicRecorder();
  useInvoicing(published, (w) => (world = w));

  const code = (name: string) => `T-${name}-${Date.now().toString(36)}`.toUpperCase();
  const corrected = (r: { requestId: string; agreementId: string; accountId: string; servicePointId: string; periodStart: string; periodEnd: string }) => ({
    correctionId: uuidv7(),
    requestId: r.requestId as never,
    agreementId: r.agreementId as never,
    accountId: r.accountId as never,
    servicePointId: r.servicePointId as never,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    previousImportWh: 744_000,
    importWh: 669_600,
    reason: 'readings for the period arrived late or changed after it was delivered',
  });

  it('UsageCorrected: the bill is rated again from fresh usage, its invoice credited in full and a rebill issued with the line diff; the same correction twice changes nothing', async () => {
    const tariff = code('CORR');
    await publishTariff(world, tariff, flatTariff('30', '0.2'));
    await tariffCopied(world, tariff);
    const accountId = await openAccount(world, '15');
    const ref = await startAgreement(world, accountId, tariff, '2026-01-01');
    expect((await world.api.call('POST', '/bill-runs', { cycle: '15', runDate: '2026-08-15' }, ['billing-ops'])).status).toBe(201);
    const first = await nthUsageRequest(published, ref.agreementId);
    await answer(world, first, 1000); // 744 kWh: 30 + 148.80
    await waitFor(async () => (await invoicesOf(world, accountId)).length === 1, 'the first invoice');
    const [original] = await invoicesOf(world, accountId);
    expect(original).toMatchObject({ total: '178.80', kind: 'cycle', creditedBy: null });

    // Metering: late readings lowered the period's usage.
    const correction = corrected(first);
    await world.publish(UsageCorrectedV1, correction);
    const again = await nthUsageRequest(published, ref.agreementId, 2);
    expect(again).toMatchObject({ periodStart: '2026-07-15', periodEnd: '2026-08-14' });
    expect(again.requestId).not.toBe(first.requestId);
    await answer(world, again, 900); // 669.6 kWh: 30 + 133.92

    await waitFor(async () => (await invoicesOf(world, accountId)).length === 2, 'the rebill');
    const invoices = await invoicesOf(world, accountId);
    const rebill = invoices.find((i) => i.kind === 'rebill') as Record<string, string>;
    expect(rebill).toMatchObject({ total: '163.92', periodFrom: '2026-07-15', periodTo: '2026-08-15', creditedBy: null });
    const credited = invoices.find((i) => i.id === original.id) as Record<string, string>;
    expect(credited.creditedBy).toEqual(expect.any(String));
    const credits = (await world.api.call('GET', `/credit-notes?accountId=${accountId}`)).body.items;
    expect(credits).toEqual([
      expect.objectContaining({ id: credited.creditedBy, invoiceId: original.id, total: '178.80', reason: expect.stringContaining('usage corrected') }),
    ]);
    expect(credits[0].number).toMatch(/^CN-\d{9}$/);

    const detail = (await world.api.call('GET', `/invoices/${rebill.id}`)).body;
    expect(detail.replaces).toMatchObject({ invoiceId: original.id, invoiceNumber: original.number, creditNoteId: credited.creditedBy });
    // Only the energy line changed, and it says why: the fixed charge is the same.
    expect(detail.replaces.changes).toEqual([
      expect.objectContaining({
        component: 'energy',
        oldQuantity: '744',
        newQuantity: '669.6',
        oldAmount: '148.8',
        newAmount: '133.92',
        delta: '-14.88',
        why: expect.stringContaining('744.000 kWh became 669.600 kWh'),
      }),
    ]);
    // Payments hears of both: the credit note, then the rebill naming what it replaces.
    await waitFor(async () => published.messages.some((m) => m.type === 'utilia.invoicing.invoice-issued.v1' && m.data.invoiceId === rebill.id), 'events');
    const creditNote = published.messages.find((m) => m.type === 'utilia.invoicing.credit-note-issued.v1' && m.data.invoiceId === original.id)
      ?.data as CreditNoteIssuedV1;
    expect(creditNote).toMatchObject({ total: '178.80', invoiceNumber: original.number, accountId });
    const issued = published.messages.find((m) => m.data.invoiceId === rebill.id)?.data as InvoiceIssuedV1;
    expect(issued).toMatchObject({ kind: 'rebill', total: '163.92', replaces: { invoiceId: original.id, creditNoteId: creditNote.creditNoteId } });

    // The same correction again (a redelivery): nothing asked, nothing issued.
    await world.publish(UsageCorrectedV1, correction);
    // A new correction that does not change the amount: asked and rated, nothing issued.
    await world.publish(UsageCorrectedV1, { ...corrected(again), correctionId: uuidv7() });
    const third = await nthUsageRequest(published, ref.agreementId, 3);
    await answer(world, third, 900);
    const bill = rebill.billId;
    await waitFor(
      async () => ((await world.api.call('GET', `/bills/${bill}/corrections`)).body.items ?? []).some((c: { status: string }) => c.status === 'unchanged'),
      'the second correction',
    );
    expect(usageRequests(published, ref.agreementId)).toHaveLength(3);
    expect(await invoicesOf(world, accountId)).toHaveLength(2);
    const history = (await world.api.call('GET', `/bills/${bill}/corrections`)).body.items;
    expect(history.map((c: { status: string; cause: { kind: string } }) => [c.cause.kind, c.status])).toEqual([
      ['usage', 'rebilled'],
      ['usage', 'unchanged'],
    ]);
  });

  it('a tariff version published for days already billed rebills them, saying which version now prices them', async () => {
    const tariff = code('RETRO');
    const v1 = await publishTariff(world, tariff, flatTariff('30', '0.2'));
    await tariffCopied(world, tariff);
    const accountId = await openAccount(world, '15');
    const ref = await startAgreement(world, accountId, tariff, '2026-01-01');
    await world.api.call('POST', '/bill-runs', { cycle: '15', runDate: '2026-09-15' }, ['billing-ops']);
    await answer(world, await nthUsageRequest(published, ref.agreementId), 1000); // 31 days: 744 kWh
    await waitFor(async () => (await invoicesOf(world, accountId)).length === 1, 'the invoice');

    // rating publishes a correction of v1 for the same dates: 0.25 per kWh.
    const v2 = await publishTariff(world, tariff, flatTariff('30', '0.25'), uuidv7(), v1);
    const again = await nthUsageRequest(published, ref.agreementId, 2);
    await answer(world, again, 1000);
    await waitFor(async () => (await invoicesOf(world, accountId)).some((i) => i.kind === 'rebill'), 'the rebill');
    const rebill = (await invoicesOf(world, accountId)).find((i) => i.kind === 'rebill') as Record<string, string>;
    expect(rebill.total).toBe('216.00'); // 30 + 744 × 0.25
    const { replaces } = (await world.api.call('GET', `/invoices/${rebill.id}`)).body;
    // The customer charge is the same in both versions: only the energy line is listed.
    expect(replaces.changes).toEqual([expect.objectContaining({ component: 'energy', delta: '37.2', why: expect.stringContaining(`version ${v2}`) })]);
  });

  it('a correction of a held bill replaces its draft: no credit note, still held for billing-ops', async () => {
    const tariff = code('HELDC');
    await publishTariff(world, tariff, flatTariff('2000', '0.2'));
    await tariffCopied(world, tariff);
    const accountId = await openAccount(world, '15');
    const ref = await startAgreement(world, accountId, tariff, '2026-01-01');
    const { runId } = (await world.api.call('POST', '/bill-runs', { cycle: '15', runDate: '2026-10-15' }, ['billing-ops'])).body;
    const first = await nthUsageRequest(published, ref.agreementId);
    await answer(world, first, 1000); // a first bill of 2000 + 30 days × 24 kWh × 0.2 = 2144.00: held
    const hold = async () =>
      ((await world.api.call('GET', `/bill-runs/${runId}/holds`)).body.items as Array<{ agreementId: string; total: string }>).find(
        (h) => h.agreementId === ref.agreementId,
      );
    await waitFor(async () => (await hold()) !== undefined, 'the hold');
    expect((await hold())?.total).toBe('2144.00');
    await world.publish(UsageCorrectedV1, corrected(first));
    await answer(world, await nthUsageRequest(published, ref.agreementId, 2), 500);
    await waitFor(async () => (await hold())?.total === '2072.00', 'the new draft'); // 2000 + 360 kWh × 0.2
    expect(await invoicesOf(world, accountId)).toEqual([]);
    expect((await world.api.call('GET', `/credit-notes?accountId=${accountId}`)).body.items).toEqual([]);
  });
});
