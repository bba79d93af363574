import { BillableChargeCancelledV1, BillableChargeRaisedV1, uuidv7, type InvoiceIssuedV1 } from '@utilia/contracts';
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
  waitFor,
  type InvoicingWorld,
} from '../testing';

describe("payments' charges on the next invoice", () => {
  let world: InvoicingWorld;
  const published = new TopicRecorder();
  useInvoicing(published, (w) => (world = w));

  it('a late fee raised by payments is a line of the next invoice and of no later one; a waived deposit is never shown', async () => {
    const tariff = `T-CHG-${Date.now().toString(36)}`.toUpperCase();
    await publishTariff(world, tariff, flatTariff('30', '0.2'));
    await tariffCopied(world, tariff);
    const accountId = await openAccount(world, '16');
    const ref = await startAgreement(world, accountId, tariff, '2026-01-01');
    const fee = { chargeId: uuidv7(), accountId: ref.accountId, kind: 'late-fee' as const, description: 'Late payment fee', raisedOn: '2026-07-20' };
    const deposit = { chargeId: uuidv7(), accountId: ref.accountId, kind: 'deposit' as const, description: 'Security deposit', raisedOn: '2026-07-21' };
    await world.publish(BillableChargeRaisedV1, { ...fee, amount: { amount: '5', currency: 'USD' } });
    await world.publish(BillableChargeRaisedV1, { ...deposit, amount: { amount: '100.00', currency: 'USD' } });
    await world.publish(BillableChargeCancelledV1, { chargeId: deposit.chargeId, accountId: ref.accountId, reason: 'waived: good credit check' });
    const charges = async () => (await world.api.call('GET', `/charges?accountId=${accountId}`)).body.items as Array<{ id: string; status: string }>;
    await waitFor(async () => (await charges()).some((c) => c.status === 'cancelled'), 'the charges');

    await world.api.call('POST', '/bill-runs', { cycle: '16', runDate: '2026-08-16' }, ['billing-ops']);
    await answer(world, await nthUsageRequest(published, ref.agreementId), 1000); // 31 days: 30 + 744 kWh × 0.2
    await waitFor(async () => (await invoicesOf(world, accountId)).length === 1, 'the invoice');
    const [invoice] = await invoicesOf(world, accountId);
    expect(invoice.total).toBe('183.80');
    const detail = (await world.api.call('GET', `/invoices/${invoice.id}`)).body;
    expect(detail.charges).toEqual([{ chargeId: fee.chargeId, kind: 'late-fee', description: 'Late payment fee', amount: '5.00' }]);
    expect(await charges()).toEqual([
      expect.objectContaining({ id: fee.chargeId, status: 'billed', invoiceId: invoice.id }),
      expect.objectContaining({ id: deposit.chargeId, status: 'cancelled', invoiceId: null }),
    ]);
    await waitFor(async () => published.messages.some((m) => m.data.invoiceId === invoice.id), 'InvoiceIssued');
    expect((published.messages.find((m) => m.data.invoiceId === invoice.id)?.data as InvoiceIssuedV1).charges).toEqual(detail.charges);

    // The next month's invoice bills the energy only.
    await world.api.call('POST', '/bill-runs', { cycle: '16', runDate: '2026-09-16' }, ['billing-ops']);
    await answer(world, await nthUsageRequest(published, ref.agreementId, 2), 1000);
    await waitFor(async () => (await invoicesOf(world, accountId)).length === 2, 'the second invoice');
    const [next] = await invoicesOf(world, accountId);
    expect(next).toMatchObject({ periodFrom: '2026-08-16', total: '178.80' });
    expect((await world.api.call('GET', `/invoices/${next.id}`)).body.charges).toEqual([]);
  });
});
