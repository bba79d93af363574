import { CreditNoteIssuedV1, InvoiceIssuedV1, Topics, uuidv7 } from '@utilia/contracts';
import { createKafka, JsonLogger, listDeadLetters } from '@utilia/platform';
import { describeServiceBoot, testConfig, TopicRecorder } from '@utilia/platform/testing';
import { billingConsumer } from '../billing/billing.handler';
import { AppModule } from '../app.module';
import { invoice, openAccount, startPayments, waitFor, type PaymentsWorld } from '../testing';

describeServiceBoot('payments', () => testConfig('payments'), AppModule.register);

describe('payments: invoices on the ledger, payments allocated, reversals and refunds', () => {
  let world: PaymentsWorld;
  const published = new TopicRecorder();
  beforeAll(async () => {
    await published.start(Topics.paymentsEvents);
    world = await startPayments();
  });
  afterAll(async () => {
    await world?.close();
    await published.stop();
  });

  const pay = (body: object, key: string, roles = ['csr'] as Parameters<PaymentsWorld['api']['call']>[3], accounts?: string[]) =>
    world.api.call('POST', '/payments', body, roles, accounts, { 'idempotency-key': key });
  const balanceOf = async (accountId: string) => (await world.api.call('GET', `/accounts/${accountId}/balance?asOf=2026-04-15`, undefined, ['csr'])).body;

  it('an invoice is a receivable; a payment pays the oldest first, an overpayment is a credit for the next invoice', async () => {
    const accountId = await openAccount(world);
    const feb = invoice(accountId, '100.00', '2026-02-07', '2026-02-28');
    const mar = invoice(accountId, '80.00', '2026-03-07', '2026-03-28');
    await world.publish(InvoiceIssuedV1, feb);
    await world.publish(InvoiceIssuedV1, mar);
    await waitFor(async () => (await balanceOf(accountId)).openItems === 2, 'both invoices posted');
    expect(await balanceOf(accountId)).toMatchObject({ balance: { amount: '180.00', currency: 'USD' }, pastDue: { amount: '180.00' } });

    const paid = await pay(
      { accountId, amount: { amount: '150.00', currency: 'USD' }, channel: 'bank-transfer', reference: feb.invoiceNumber },
      `k-${uuidv7()}`,
    );
    expect(paid.status).toBe(201);
    expect(paid.body.allocations).toEqual([
      expect.objectContaining({ number: feb.invoiceNumber, amount: '100.00' }),
      expect.objectContaining({ number: mar.invoiceNumber, amount: '50.00' }),
    ]);
    expect(paid.body.balance).toEqual({ amount: '30.00', currency: 'USD' });

    const over = await pay({ accountId, amount: { amount: '50', currency: 'USD' }, channel: 'cash', reference: 'counter' }, `k-${uuidv7()}`);
    expect(over.body).toMatchObject({ balance: { amount: '-20.00' }, available: { amount: '20.00' } });
    // The next invoice is paid by the credit as it arrives.
    const apr = invoice(accountId, '45.00', '2026-04-07', '2026-04-28');
    await world.publish(InvoiceIssuedV1, apr);
    await waitFor(async () => (await balanceOf(accountId)).balance.amount === '25.00', 'the April invoice');
    const items = (await world.api.call('GET', `/accounts/${accountId}/open-items`, undefined, ['csr'])).body.items;
    expect(items).toEqual([expect.objectContaining({ number: apr.invoiceNumber, amount: '45.00', openAmount: '25.00' })]);
    // Each move is announced for the account 360 view.
    await waitFor(
      async () =>
        published.messages.some(
          (m) => m.type === 'utilia.payments.account-balance-changed.v1' && m.data.accountId === accountId && m.data.balance.amount === '25.00',
        ),
      'the balance event',
    );
    const announced = published.messages.find(
      (m) => m.type === 'utilia.payments.account-balance-changed.v1' && m.data.accountId === accountId && m.data.balance.amount === '25.00',
    );
    expect(announced?.data).toMatchObject({
      openItems: 1,
      items: [
        {
          kind: 'invoice',
          number: apr.invoiceNumber,
          dueDate: '2026-04-28',
          amount: { amount: '45.00', currency: 'USD' },
          open: { amount: '25.00', currency: 'USD' },
        },
      ],
    });
    expect(published.messages.filter((m) => m.type === 'utilia.payments.payment-received.v1' && m.data.accountId === accountId)).toHaveLength(2);
  });

  it('Idempotency-Key: the same key and body answer the first answer; another body is refused; concurrent requests make one payment', async () => {
    const accountId = await openAccount(world);
    await world.publish(InvoiceIssuedV1, invoice(accountId, '60.00', '2026-02-07', '2026-02-28'));
    await waitFor(async () => (await balanceOf(accountId)).openItems === 1, 'the invoice');
    const body = {
      accountId,
      amount: { amount: '10.00', currency: 'USD' },
      channel: 'card',
      reference: 'portal',
      card: { token: 'tok_visa_abc123', last4: '4242' },
    };
    const key = `k-${uuidv7()}`;
    const first = await pay(body, key);
    const again = await pay(body, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await pay({ ...body, amount: { amount: '11.00', currency: 'USD' } }, key)).body).toMatchObject({ status: 422, code: 'idempotency-key-reused' });
    // Another client may use the same key for its own payment.
    expect((await pay(body, key, ['billing-ops'])).body.paymentId).not.toBe(first.body.paymentId);

    const racing = `k-${uuidv7()}`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => pay(body, racing)));
    expect(new Set(answers.map((a) => a.body.paymentId)).size).toBe(1);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const payments = (await world.api.call('GET', `/accounts/${accountId}/payments`, undefined, ['csr'])).body.items;
    expect(payments).toHaveLength(3);
    expect((await balanceOf(accountId)).balance.amount).toBe('30.00');
    expect((await pay(body, '')).status).toBe(400);
  });

  it('a card number never enters: refused wherever it is, and a card payment carries a token and last four only', async () => {
    const accountId = await openAccount(world);
    const refused = await pay(
      { accountId, amount: { amount: '5', currency: 'USD' }, channel: 'bank-transfer', reference: 'card 4111 1111 1111 1111' },
      `k-${uuidv7()}`,
    );
    expect(refused.body).toMatchObject({ status: 422, code: 'card-number-refused' });
    expect(JSON.stringify(refused.body)).not.toContain('4111');
    expect(world.api.service.logs.join('\n')).not.toContain('4111 1111');
    expect((await pay({ accountId, amount: { amount: '5', currency: 'USD' }, channel: 'card', reference: 'x' }, `k-${uuidv7()}`)).body).toMatchObject({
      code: 'card-details',
    });
    expect((await pay({ accountId, amount: { amount: '5', currency: 'EUR' }, channel: 'cash', reference: 'x' }, `k-${uuidv7()}`)).body).toMatchObject({
      code: 'currency-mismatch',
    });
    expect((await pay({ accountId: uuidv7(), amount: { amount: '5', currency: 'USD' }, channel: 'cash', reference: 'x' }, `k-${uuidv7()}`)).body).toMatchObject(
      { status: 404 },
    );
  });

  it('a returned direct debit reopens what it paid and charges a fee; a refund pays back no more than the credit; a credit note closes its invoice', async () => {
    const accountId = await openAccount(world);
    const feb = invoice(accountId, '100.00', '2026-02-07', '2026-02-28');
    await world.publish(InvoiceIssuedV1, feb);
    await waitFor(async () => (await balanceOf(accountId)).openItems === 1, 'the invoice');
    const debit = await pay(
      { accountId, amount: { amount: '130.00', currency: 'USD' }, channel: 'direct-debit', reference: feb.invoiceNumber, endToEndId: `E2E-${Date.now()}` },
      `k-${uuidv7()}`,
    );
    expect(debit.body.balance.amount).toBe('-30.00');

    expect(
      (
        await world.api.call(
          'POST',
          `/accounts/${accountId}/refunds`,
          { amount: { amount: '31', currency: 'USD' }, channel: 'bank-transfer', reason: 'overpaid' },
          ['billing-ops'],
          undefined,
          { 'idempotency-key': `k-${uuidv7()}` },
        )
      ).body,
    ).toMatchObject({ status: 422, code: 'refund-exceeds-credit' });
    const refund = await world.api.call(
      'POST',
      `/accounts/${accountId}/refunds`,
      { amount: { amount: '10', currency: 'USD' }, channel: 'bank-transfer', reason: 'overpaid' },
      ['billing-ops'],
      undefined,
      { 'idempotency-key': `k-${uuidv7()}` },
    );
    expect(refund.body).toMatchObject({ balance: { amount: '-20.00' }, available: { amount: '20.00' } });

    const reversal = { kind: 'returned-direct-debit', reason: 'insufficient funds', returnReason: 'AM04', fee: { amount: '15.00', currency: 'USD' } };
    const reversed = await world.api.call('POST', `/payments/${debit.body.paymentId}/reverse`, reversal, ['billing-ops'], undefined, {
      'idempotency-key': `k-${uuidv7()}`,
    });
    expect(reversed.status).toBe(201);
    // 100 open again, the fee, and the refunded 10 are owed: 125, each an open item (collections sees them).
    expect(reversed.body.balance.amount).toBe('125.00');
    const items = (await world.api.call('GET', `/accounts/${accountId}/open-items`, undefined, ['csr'])).body.items;
    expect(items.map((i: { kind: string; openAmount: string }) => [i.kind, i.openAmount])).toEqual([
      ['invoice', '100.00'],
      ['reversal', '10.00'],
      ['returned-payment-fee', '15.00'],
    ]);
    expect(
      (await world.api.call('POST', `/payments/${debit.body.paymentId}/reverse`, reversal, ['billing-ops'], undefined, { 'idempotency-key': `k-${uuidv7()}` }))
        .body,
    ).toMatchObject({ status: 409 });
    await waitFor(
      async () => published.messages.some((m) => m.type === 'utilia.payments.billable-charge-raised.v1' && m.data.accountId === accountId),
      'the fee for the next invoice',
    );

    const creditNote = {
      creditNoteId: uuidv7(),
      creditNoteNumber: `CN-${Date.now() % 1e9}`,
      invoiceId: feb.invoiceId,
      invoiceNumber: feb.invoiceNumber,
      accountId,
      agreementId: feb.agreementId,
      periodStart: feb.periodStart,
      periodEnd: feb.periodEnd,
      issueDate: '2026-03-10',
      currency: 'USD',
      lines: feb.lines,
      charges: [],
      total: '100.00',
      reason: 'usage corrected',
    };
    // Published twice, each time in an event of its own (a republished copy has a new event id, so the
    // inbox does not know it): posted once, and the account's events after it still flow.
    await world.publish(CreditNoteIssuedV1, creditNote);
    await world.publish(CreditNoteIssuedV1, creditNote);
    await waitFor(async () => (await balanceOf(accountId)).balance.amount === '25.00', 'the credit note');
    const march = invoice(accountId, '5.00', '2026-03-11', '2026-04-01');
    await world.publish(InvoiceIssuedV1, march);
    await waitFor(async () => (await balanceOf(accountId)).balance.amount === '30.00', 'the next invoice');
    // A credit note whose lines do not add up to its total can never be posted: a dead letter with the
    // sums, not a retry that would hold up the account's later documents.
    const number = `CN-BAD-${Date.now() % 1e9}`;
    await world.publish(CreditNoteIssuedV1, { ...creditNote, creditNoteId: uuidv7(), creditNoteNumber: number, lines: [], total: '5.00' });
    await world.publish(InvoiceIssuedV1, invoice(accountId, '5.00', '2026-03-12', '2026-04-02'));
    await waitFor(async () => (await balanceOf(accountId)).balance.amount === '35.00', 'the invoice after it');
    const kafka = createKafka(
      'payments-test-dlq',
      (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      new JsonLogger('test', 'error', () => undefined),
    );
    await waitFor(
      async () =>
        (await listDeadLetters(kafka, billingConsumer.groupId)).some((d) =>
          d.error.includes(`credit note ${number}: its lines add up to 0, not its total 5.00`),
        ),
      'the dead letter',
    );
    const open = (await world.api.call('GET', `/accounts/${accountId}/open-items`, undefined, ['csr'])).body.items;
    expect(open.map((i: { kind: string }) => i.kind).sort()).toEqual(['invoice', 'invoice', 'returned-payment-fee', 'reversal']);
  });

  it('the ledger balances; revenue by component and the journal export; a customer sees only its own account', async () => {
    const accountId = await openAccount(world);
    await world.publish(InvoiceIssuedV1, invoice(accountId, '210.00', '2026-02-07', '2026-02-28'));
    await waitFor(async () => (await balanceOf(accountId)).openItems === 1, 'the invoice');
    const csv = await world.api.text('/journal.csv?from=2026-01-01&to=2027-01-01', ['auditor']);
    expect(csv.status).toBe(200);
    const rows = csv.text.trim().split('\n');
    expect(rows[0]).toBe('date,entry,kind,reference,account_code,account_name,customer_account,currency,debit,credit,description');
    const revenue = (await world.api.call('GET', '/revenue?from=2026-01-01&to=2027-01-01', undefined, ['billing-ops'])).body;
    expect(revenue.lines.map((l: { code: string }) => l.code)).toEqual(expect.arrayContaining(['2300', '4100', '4110']));
    expect((await world.api.call('GET', '/revenue?from=2026-01-01&to=2027-01-01', undefined, ['csr'])).status).toBe(403);
    const aging = (await world.api.call('GET', '/aging?asOf=2026-04-15', undefined, ['billing-ops'])).body;
    expect(aging.accounts.find((a: { accountId: string }) => a.accountId === accountId)).toMatchObject({
      buckets: { current: '0.00', '31-60': '210.00' },
      total: '210.00',
    });

    expect((await world.api.call('GET', `/accounts/${accountId}/balance`, undefined, ['customer'], [accountId])).status).toBe(200);
    expect((await world.api.call('GET', `/accounts/${accountId}/balance`, undefined, ['customer'], [uuidv7()])).status).toBe(404);
    expect(
      (
        await pay(
          { accountId, amount: { amount: '5', currency: 'USD' }, channel: 'card', reference: 'x', card: { token: 'tok_abcdef', last4: '4242' } },
          `k-${uuidv7()}`,
          ['customer'],
          [uuidv7()],
        )
      ).status,
    ).toBe(404);
  });
});
