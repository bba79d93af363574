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

describe('usage that does not come in time', () => {
  let world: InvoicingWorld;
  const published = new TopicRecorder();
  // Eight seconds stand for the hours a utility would wait.
  useInvoicing(published, (w) => (world = w), { usageTimeoutSeconds: 8, sweepSeconds: 1, usageTimeoutPolicy: 'estimate' });

  it('is estimated from the last actual bills and billed, then rebilled from the actual usage; without history the bill is held until the usage comes', async () => {
    const tariff = `T-LATE-${Date.now().toString(36)}`.toUpperCase();
    await publishTariff(world, tariff, flatTariff('30', '0.2'));
    await tariffCopied(world, tariff);
    const accountId = await openAccount(world, '17');
    const known = await startAgreement(world, accountId, tariff, '2026-01-01');
    await world.api.call('POST', '/bill-runs', { cycle: '17', runDate: '2026-06-17' }, ['billing-ops']);
    await answer(world, await nthUsageRequest(published, known.agreementId), 1000); // 31 days, 744 kWh: 24 kWh a day
    await waitFor(async () => (await invoicesOf(world, accountId)).length === 1, 'the actual bill');

    const fresh = await startAgreement(world, accountId, tariff, '2026-06-20');
    const { runId } = (await world.api.call('POST', '/bill-runs', { cycle: '17', runDate: '2026-07-17' }, ['billing-ops'])).body;
    const late = await nthUsageRequest(published, known.agreementId, 2);
    const lateFresh = await nthUsageRequest(published, fresh.agreementId);
    // Metering does not answer: after the timeout the known agreement is billed on 30 days × 24 kWh.
    await waitFor(async () => (await invoicesOf(world, accountId)).length === 2, 'the estimated bill', 30_000);
    const [estimated] = await invoicesOf(world, accountId);
    expect(estimated).toMatchObject({ agreementId: known.agreementId, periodFrom: '2026-06-17', total: '174.00' });
    expect((await world.api.call('GET', `/invoices/${estimated.id}`)).body.usage).toMatchObject({ importWh: 720_000, estimatedIntervals: 720 });
    // The first bill of the new agreement has nothing to go by: held.
    const holds = async () =>
      (await world.api.call('GET', `/bill-runs/${runId}/holds`)).body.items as Array<{ agreementId: string; reasons: Array<{ rule: string }> }>;
    await waitFor(async () => (await holds()).some((h) => h.agreementId === fresh.agreementId), 'the hold');
    expect((await holds()).find((h) => h.agreementId === fresh.agreementId)?.reasons.map((r) => r.rule)).toEqual(['usage-timeout']);

    // The actual usage arrives: 864 kWh, not 720: credit note and rebill; the held bill is drafted and issued.
    await answer(world, late, 1200);
    await answer(world, lateFresh, 1000); // 27 days: 30 × 27/30 + 648 kWh × 0.2
    await waitFor(async () => (await invoicesOf(world, accountId)).filter((i) => i.creditedBy === null).length === 3, 'the rebill and the first bill');
    const current = (await invoicesOf(world, accountId)).filter((i) => i.creditedBy === null);
    expect(current.find((i) => i.kind === 'rebill')).toMatchObject({ agreementId: known.agreementId, total: '202.80' });
    expect(current.find((i) => i.agreementId === fresh.agreementId)).toMatchObject({ kind: 'cycle', total: '156.60' });
    const rebill = current.find((i) => i.kind === 'rebill') as Record<string, string>;
    const corrections = (await world.api.call('GET', `/bills/${rebill.billId}/corrections`)).body.items;
    expect(corrections).toEqual([expect.objectContaining({ cause: { kind: 'actual-usage' }, status: 'rebilled', invoiceId: rebill.id })]);
  });
});
