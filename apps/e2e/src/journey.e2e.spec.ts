import Big from 'big.js';
import { addDays, Api, HeadEnd, moveIn, publishTariff, flatTariff, readDateBefore, settled, today, System, until, withLogs, daysOf, type Household } from './harness';

// A customer's life with the utility, through the five services' HTTP APIs only (as a CSR tool,
// billing-ops and a head-end would call them), the services running as processes of their own over
// the real Kafka and PostgreSQL. Business dates are picked relative to today so that the whole
// collections ladder (due date + grace + reminder + final notice + disconnection: 58 days after the
// bill) lies in the past, where the daily collections job may be run for each date.

interface Invoice {
  id: string;
  number: string;
  accountId: string;
  kind: string;
  total: string;
  dueDate: string;
  issueDate: string;
  creditedBy: string | null;
}

describe('a customer journey across the five services', () => {
  let system: System | undefined;
  let api: Api;
  const headend = new HeadEnd();
  const run = Date.now().toString(36).toUpperCase();
  // The bill run's date: a read date of a cycle at least 62 days ago.
  const { runDate, cycle } = readDateBefore(62);
  const moveInDate = addDays(runDate, -15);
  const tariffCode = `E2E-FLAT-${run}`;
  const households: Record<'ada' | 'bea' | 'cal' | 'dan', Household> = {} as never;
  const invoices: Partial<Record<keyof typeof households, Invoice>> = {};
  const test = (name: string, body: () => Promise<void>) => it(name, () => withLogs(() => system, body));

  const invoicesOf = async (h: Household) => (await api.get<{ items: Invoice[] }>('invoicing', `/invoices?accountId=${h.accountId}`, ['csr'])).items;
  const balanceOf = async (h: Household) => (await api.get('payments', `/accounts/${h.accountId}/balance`, ['csr'])).balance.amount as string;

  beforeAll(async () => {
    // Move-ins may be dated back to the bill period 2-3 months ago (the default limit is 60 days).
    system = await System.start({ env: { customer: { BACKDATE_LIMIT_DAYS: '150' } } });
    api = new Api(system);
    await headend.start();
  }, 180_000);
  afterAll(async () => {
    await headend.stop();
    await system?.stop();
  }, 60_000);

  test('move-in, meter installation work order, readings over Kafka, bill run: an invoice per agreement, its PDF, in the ledger', async () => {
    await publishTariff(api, tariffCode, addDays(moveInDate, -60), flatTariff('12.00', '0.30'));
    // Today's move-in: the crew's meter-install work order, completed, becomes metering's installation.
    const eve = await moveIn(api, { name: 'eve', cycle, tariffCode, moveIn: today(), run, meter: 'work-order' });
    // The billed households moved in 15 days before the read date; their meters went in that day.
    for (const name of ['ada', 'bea', 'cal', 'dan'] as const)
      households[name] = await moveIn(api, { name, cycle, tariffCode, moveIn: moveInDate, run, meter: 'backdated' });
    for (const h of [eve, ...Object.values(households)]) await settled(api, h);

    // The head-end sends every quarter hour from the move-in to the read date.
    await headend.sendDays(
      Object.values(households).map((h) => h.serial),
      daysOf(moveInDate, runDate),
    );
    for (const h of Object.values(households)) {
      await until(`${h.serial}'s readings stored`, async () => {
        const r = await api.get('metering', `/meters/${h.serial}/readings?from=${moveInDate}T00:00:00Z&to=${runDate}T00:00:00Z`, ['csr']);
        return r.readings.length === headend.sent.get(h.serial);
      });
    }

    const started = await api.post('invoicing', '/bill-runs', { cycle, runDate }, ['billing-ops']);
    const progress = await until(
      'the bill run issued every bill',
      async () => {
        const p = await api.get('invoicing', `/bill-runs/${started.runId}`, ['billing-ops']);
        return p.status === 'started' && p.awaitingUsage === 0 && p.issued + p.held + p.failed === p.bills && p;
      },
      120_000,
    );
    expect(progress).toMatchObject({ bills: 4, issued: 4, held: 0, failed: 0 });

    for (const [name, h] of Object.entries(households) as Array<[keyof typeof households, Household]>) {
      const [invoice, ...more] = await invoicesOf(h);
      expect(more).toEqual([]);
      expect(invoice).toMatchObject({ kind: 'cycle', issueDate: runDate, dueDate: addDays(runDate, 21) });
      expect(new Big(invoice.total).gt(25)).toBe(true);
      invoices[name] = invoice;
      // payments' ledger has it as the account's balance.
      await until(`${name}'s invoice in the ledger`, async () => new Big(await balanceOf(h)).eq(invoice.total));
    }

    const pdf = await api.call('invoicing', 'GET', `/invoices/${invoices.ada!.id}/pdf`, ['csr']);
    expect(pdf.status).toBe(200);
    expect(pdf.contentType).toMatch(/application\/pdf/);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
