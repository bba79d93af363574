import { camtXml } from '@utilia/bankfiles/testing';
import Big from 'big.js';
import {
  addDays,
  Api,
  HeadEnd,
  moveIn,
  publishTariff,
  flatTariff,
  readDateBefore,
  settled,
  today,
  dayValues,
  System,
  until,
  withLogs,
  daysOf,
  type Household,
} from './harness';

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
  const invoiceOf = (name: keyof typeof households): Invoice => {
    const invoice = invoices[name];
    if (!invoice) throw new Error(`${name} has no invoice: the first step failed`);
    return invoice;
  };
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
    await publishTariff(api, tariffCode, addDays(moveInDate, -60), flatTariff('12.00', '0.80'));
    // Today's move-in: the crew's meter-install work order, completed, becomes metering's installation.
    const eve = await moveIn(api, { name: 'eve', cycle, tariffCode, moveIn: today(), run, meter: 'work-order' });
    // The billed households moved in 15 days before the read date; their meters went in that day.
    for (const name of ['ada', 'bea', 'cal', 'dan'] as const)
      households[name] = await moveIn(api, { name, cycle, tariffCode, moveIn: moveInDate, run, meter: 'backdated' });
    for (const h of [eve, ...Object.values(households)]) await settled(api, h);
    // Bea has a medical protection from her move-in: she is never disconnected.
    await api.post('customer', `/customers/${households.bea.customerId}/protections`, { kind: 'medical', from: moveInDate, evidence: 'doctor letter' }, [
      'csr',
    ]);

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
      // Enough that a partial payment leaves more than the collections minimum (25) past due.
      expect(new Big(invoice.total).gt(60)).toBe(true);
      invoices[name] = invoice;
      // payments' ledger has it as the account's balance.
      await until(`${name}'s invoice in the ledger`, async () => new Big(await balanceOf(h)).eq(invoice.total));
    }

    const pdf = await api.call('invoicing', 'GET', `/invoices/${invoiceOf('ada').id}/pdf`, ['csr']);
    expect(pdf.status).toBe(200);
    expect(pdf.contentType).toMatch(/application\/pdf/);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('a corrected reading: a credit note cancels the invoice, a rebill shows the line diff, the ledger follows', async () => {
    const cal = households.cal;
    const day = addDays(moveInDate, 3);
    // The head-end resends the evening of the fourth day with higher values (a late correction).
    const values = dayValues(cal.serial, day);
    await headend.sendCorrection(
      cal.serial,
      day,
      [72, 73, 74, 75, 76, 77, 78, 79].map((i) => [i, values[i] + 2000]),
    );
    const [creditNote] = await until('the credit note', async () => {
      const notes = (
        await api.get<{ items: Array<{ id: string; total: string; invoiceId?: string }> }>('invoicing', `/credit-notes?accountId=${cal.accountId}`, ['csr'])
      ).items;
      return notes.length > 0 && notes;
    });
    const all = await until('the rebill', async () => {
      const list = await invoicesOf(cal);
      return list.length === 2 && list;
    });
    const [original] = all.filter((i) => i.id === invoiceOf('cal').id);
    const [rebillRef] = all.filter((i) => i.kind === 'rebill');
    expect(original.creditedBy).toBe(creditNote.id);
    const rebill = await api.get('invoicing', `/invoices/${rebillRef.id}`, ['csr']);
    // 8 quarter hours 2 kWh higher: 16 kWh more at 0.80.
    expect(new Big(rebill.total).minus(original.total).toFixed(2)).toBe('12.80');
    expect(rebill.replaces).toMatchObject({ invoiceId: original.id });
    expect(JSON.stringify(rebill.replaces)).toMatch(/delta/);
    await until("cal's ledger: the credit note and the rebill", async () => new Big(await balanceOf(cal)).eq(rebill.total));
  });

  test('a camt.053 statement with a transfer for the invoice number: the payment is matched to the account', async () => {
    const dan = households.dan;
    const invoice = invoiceOf('dan');
    const xml = camtXml({
      message: 'camt.053',
      statements: [
        {
          id: `E2E-STMT-${run}`,
          iban: 'DE89370400440532013000',
          currency: 'USD',
          balances: [
            { type: 'OPBD', amount: '0.00', currency: 'USD', creditDebit: 'CRDT' },
            { type: 'CLBD', amount: invoice.total, currency: 'USD', creditDebit: 'CRDT' },
          ],
          entries: [
            {
              amount: invoice.total,
              currency: 'USD',
              creditDebit: 'CRDT',
              booking: addDays(runDate, 10),
              value: addDays(runDate, 10),
              servicerReference: `E2E-${run}-1`,
              domain: ['PMNT', 'RCDT', 'ESCT'],
              transactions: [
                { endToEndId: `E2E-${run}-DAN`, amount: invoice.total, currency: 'USD', debtorName: 'Dan E2E', unstructured: [`Invoice ${invoice.number}`] },
              ],
            },
          ],
        },
      ],
    });
    const imported = await api.ok('payments', 'POST', '/bank-statements', ['billing-ops'], xml, { contentType: 'application/xml' });
    expect(imported).toMatchObject({ entries: 1, outcomes: { 'pay-account': 1, suspense: 0 }, problems: [] });
    const payments = await api.get('payments', `/accounts/${dan.accountId}/payments`, ['csr']);
    expect(payments.items).toEqual([expect.objectContaining({ channel: 'bank-transfer', receivedOn: addDays(runDate, 10) })]);
    expect(new Big(await balanceOf(dan)).eq(0)).toBe(true);
  });

  test('partial payment, late fee, reminder, final notice, disconnection work order; a protected customer is never disconnected', async () => {
    const { ada, bea, dan, cal } = households;
    await api.pay(ada.accountId, '20.00', addDays(runDate, 5), invoiceOf('ada').number);
    expect(new Big(await balanceOf(ada)).eq(new Big(invoiceOf('ada').total).minus(20))).toBe(true);

    // The daily job on the day each step falls due: late fee after the grace days, then reminder,
    // final notice and disconnection request (the defaults: 5, 7, 14, 10 days).
    const due = addDays(runDate, 21);
    const lateFeeDay = addDays(due, 6);
    const steps = [lateFeeDay, addDays(lateFeeDay, 7), addDays(lateFeeDay, 21), addDays(lateFeeDay, 31)];
    const answers = [];
    for (const date of steps) answers.push(await api.post('payments', '/collections/run', { date }, ['billing-ops']));
    expect(answers.map((a) => [a.lateFees, a.reminders, a.finalNotices, a.disconnectionRequests])).toEqual([
      [2, 0, 0, 0],
      [0, 2, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]);

    const caseOf = async (h: Household) => (await api.get('payments', `/accounts/${h.accountId}/collections`, ['csr'])).cases;
    const [adaCase] = await caseOf(ada);
    expect(adaCase.steps.map((s: { step: string }) => s.step)).toEqual(expect.arrayContaining(['late-fee', 'reminder', 'final-notice', 'disconnection']));
    const [beaCase] = await caseOf(bea);
    expect(beaCase.steps.map((s: { step: string }) => s.step)).toEqual(expect.arrayContaining(['late-fee', 'reminder', 'withheld']));
    expect(beaCase.steps.map((s: { step: string }) => s.step)).not.toContain('disconnection');
    expect(await caseOf(dan)).toEqual([]);
    expect(await caseOf(cal)).toEqual([]);

    // The late fee is a charge for ada's next invoice in invoicing.
    const charges = await until("invoicing's copy of the late fee", async () => {
      const list = (await api.get('invoicing', `/charges?accountId=${ada.accountId}`, ['csr'])).items;
      return list.length > 0 && list;
    });
    expect(charges).toEqual([expect.objectContaining({ status: 'pending' })]);

    // The customer service turned the request into a disconnection work order.
    const workOrders = async (h: Household) =>
      (await api.get('customer', `/work-orders?accountId=${h.accountId}`, ['csr'])).items as Array<{
        workOrderId?: string;
        id?: string;
        type: string;
        status: string;
      }>;
    const disconnect = await until('the disconnection work order', async () => (await workOrders(ada)).find((w) => w.type === 'disconnect'));
    expect(disconnect.status).toBe('scheduled');
    expect((await workOrders(bea)).filter((w) => w.type === 'disconnect')).toEqual([]);
  });

  test('the crew disconnects; payment in full; a reconnection work order', async () => {
    const ada = households.ada;
    const list = (await api.get('customer', `/work-orders?accountId=${ada.accountId}`, ['csr'])).items as Array<Record<string, string>>;
    const [disconnect] = list.filter((w) => w.type === 'disconnect');
    const id = disconnect.workOrderId ?? disconnect.id;
    await api.post('customer', `/work-orders/${id}/dispatch`, { crew: 'e2e-crew' }, ['csr']);
    await api.post('customer', `/work-orders/${id}/complete`, { completedAt: new Date().toISOString() }, ['csr']);
    await until(
      'the point disconnected',
      async () => (await api.get('customer', `/service-points/${ada.servicePointId}`, ['csr'])).connectionStatus === 'disconnected',
    );

    const owed = await balanceOf(ada);
    await api.pay(ada.accountId, owed, today(), invoiceOf('ada').number);
    expect(new Big(await balanceOf(ada)).eq(0)).toBe(true);
    const [closed] = (await api.get('payments', `/accounts/${ada.accountId}/collections`, ['csr'])).cases;
    expect(closed.status).toBe('closed');
    const reconnect = await until('the reconnection work order', async () =>
      ((await api.get('customer', `/work-orders?accountId=${ada.accountId}`, ['csr'])).items as Array<{ type: string; status: string }>).find(
        (w) => w.type === 'reconnect',
      ),
    );
    expect(reconnect.status).toBe('scheduled');
  });
});
