import {
  AccountClosedV1,
  AccountDetailsChangedV1,
  CustomerProtectionAddedV1,
  DisconnectionRefusedV1,
  InvoiceIssuedV1,
  Topics,
  uuidv7,
  type DisconnectionRequestedV1,
  type InvoiceCharge,
  type Uuid,
} from '@utilia/contracts';
import { CommandRunner } from '@utilia/platform';
import { TopicRecorder } from '@utilia/platform/testing';
import Big from 'big.js';
import { invoice, openAccount, startPayments, waitFor, type PaymentsWorld } from '../testing';
import { noCounts } from './collections.handler';

// Journeys of the daily collections job on the real PostgreSQL and Kafka, each on its own account.
// The service runs on a test clock set to each run's day. All dates are before 2026: the other
// payments tests bill in 2026, so a run here never finds their invoices past due (files may run
// side by side on one database). Every journey that runs the daily job is in this file: a run looks at
// every account, so two files running it at once would step on each other's dates.

const clock = { at: new Date('2025-01-01T12:00:00Z'), now: () => new Date(clock.at) };

describe('collections: late fee, reminder, final notice, disconnection; exemptions, holds, arrangements, write-offs, deposits', () => {
  let world: PaymentsWorld;
  const published = new TopicRecorder();
  beforeAll(async () => {
    await published.start(Topics.paymentsEvents);
    world = await startPayments({ graceDays: 3, moratoria: [{ label: '12-01..02-28', from: '12-01', to: '02-28', yearly: true }] }, clock);
  });
  afterAll(async () => {
    await world?.close();
    await published.stop();
  });

  /** Runs the daily job for a day, the service's clock on that day. */
  async function runDay(date: string) {
    clock.at = new Date(`${date}T12:00:00Z`);
    const res = await world.api.call('POST', '/collections/run', { date }, ['billing-ops']);
    expect(res.status).toBe(200);
    return res.body;
  }
  const eventsOf = (accountId: string, type: string) => published.messages.filter((m) => m.type === type && m.data?.accountId === accountId);
  const waitForEvent = async (accountId: string, type: string, count = 1) => {
    await waitFor(async () => eventsOf(accountId, type).length >= count, `${count} × ${type} of ${accountId}`);
    return eventsOf(accountId, type);
  };
  const collectionsOf = async (accountId: string) => (await world.api.call('GET', `/accounts/${accountId}/collections`, undefined, ['csr'])).body;
  const balanceOf = async (accountId: string, asOf: string) =>
    (await world.api.call('GET', `/accounts/${accountId}/balance?asOf=${asOf}`, undefined, ['csr'])).body;
  const pay = async (accountId: string, amount: string, receivedOn: string) => {
    const res = await world.api.call(
      'POST',
      '/payments',
      { accountId, amount: { amount, currency: 'USD' }, channel: 'bank-transfer', reference: 'collections', receivedOn },
      ['csr'],
      undefined,
      { 'idempotency-key': `k-${uuidv7()}` },
    );
    expect(res.status).toBe(201);
    return res.body;
  };
  /** An account with one invoice posted, waiting until payments has it. */
  async function accountOwing(total: string, issueDate: string, dueDate: string, opened: Parameters<typeof openAccount>[2] = {}): Promise<Uuid> {
    const accountId = await openAccount(world, 'USD', opened);
    await world.publish(InvoiceIssuedV1, invoice(accountId, total, issueDate, dueDate));
    await waitFor(async () => (await balanceOf(accountId, issueDate)).openItems === 1, 'the invoice');
    return accountId;
  }
  const steps = (view: { cases: Array<{ steps: Array<{ step: string; on: string }> }> }, k = 0) => view.cases[k].steps.map((s) => `${s.on} ${s.step}`);

  it('past due: a capped late fee after grace, a reminder, a final notice, DisconnectionRequested; paid in full: ReconnectionRequested', async () => {
    const accountId = await accountOwing('2000.00', '2025-03-07', '2025-03-28');
    await runDay('2025-03-31'); // three days of grace: nothing yet
    expect((await collectionsOf(accountId)).cases).toEqual([]);

    await runDay('2025-04-01');
    const [fee] = await waitForEvent(accountId, 'utilia.payments.late-fee-charged.v1');
    // 1.5 % of 2000 is 30: capped at 25.
    expect(fee.data).toMatchObject({ pastDue: { amount: '2000.00', currency: 'USD' }, fee: { amount: '25.00', currency: 'USD' }, chargedOn: '2025-04-01' });
    const charge = (await waitForEvent(accountId, 'utilia.payments.billable-charge-raised.v1'))[0].data;
    expect(charge).toMatchObject({ chargeId: fee.data.chargeId, kind: 'late-fee', amount: { amount: '25.00' } });
    const [opened] = await waitForEvent(accountId, 'utilia.payments.collections-case-changed.v1');
    expect(opened.data).toMatchObject({ status: 'opened', reason: 'past-due', arrears: { amount: '2000.00' }, changedOn: '2025-04-01' });

    await runDay('2025-04-07');
    await runDay('2025-04-08'); // a week after the late fee
    const [reminder] = await waitForEvent(accountId, 'utilia.payments.collections-notice-sent.v1');
    expect(reminder.data).toMatchObject({ notice: 'reminder', arrears: { amount: '2000.00' }, sentOn: '2025-04-08', payBy: '2025-04-21' });
    await runDay('2025-04-22');
    const final = (await waitForEvent(accountId, 'utilia.payments.collections-notice-sent.v1', 2))[1];
    expect(final.data).toMatchObject({ notice: 'final-notice', sentOn: '2025-04-22', payBy: '2025-05-01' });
    await runDay('2025-05-01'); // the last day to pay
    expect(eventsOf(accountId, 'utilia.payments.disconnection-requested.v1')).toEqual([]);
    await runDay('2025-05-02');
    const [request] = await waitForEvent(accountId, 'utilia.payments.disconnection-requested.v1');
    expect(request.data).toMatchObject({ accountId, arrears: { amount: '2000.00', currency: 'USD' }, finalNoticeOn: '2025-04-22' });
    expect(request.key).toBe(accountId);

    const view = await collectionsOf(accountId);
    expect(view.cases[0]).toMatchObject({ status: 'open', nextStep: null, finalNoticeOn: '2025-04-22', disconnectionRequestedOn: '2025-05-02' });
    expect(steps(view)).toEqual(['2025-04-01 opened', '2025-04-01 late-fee', '2025-04-08 reminder', '2025-04-22 final-notice', '2025-05-02 disconnection']);

    clock.at = new Date('2025-05-04T12:00:00Z');
    // A cheque dated before the due date and recorded late: the case is judged on the day collections last looked.
    await pay(accountId, '10.00', '2025-03-20');
    expect((await collectionsOf(accountId)).cases[0]).toMatchObject({ status: 'open' });
    await pay(accountId, '2015.00', '2025-05-04');
    const [reconnection] = await waitForEvent(accountId, 'utilia.payments.reconnection-requested.v1');
    expect(reconnection.data).toMatchObject({ disconnectionRequestId: (request.data as DisconnectionRequestedV1).requestId, reason: 'paid-in-full' });
    expect((await collectionsOf(accountId)).cases[0]).toMatchObject({ status: 'closed', closeReason: 'paid-in-full', closedOn: '2025-05-04' });
    expect((await waitForEvent(accountId, 'utilia.payments.collections-case-changed.v1', 2))[1].data).toMatchObject({
      status: 'closed',
      reason: 'paid-in-full',
    });
    // A customer sees its own account's collections, not another's.
    expect((await world.api.call('GET', `/accounts/${accountId}/collections`, undefined, ['customer'], [accountId])).status).toBe(200);
    expect((await world.api.call('GET', `/accounts/${accountId}/collections`, undefined, ['customer'], [uuidv7()])).status).toBe(404);
  });

  it('the daily job run twice for a date does nothing twice', async () => {
    const accountId = await accountOwing('300.00', '2025-06-07', '2025-06-28');
    const first = await runDay('2025-07-02');
    expect(first).toMatchObject({ date: '2025-07-02' });
    expect(first.casesOpened).toBeGreaterThanOrEqual(1);
    await waitForEvent(accountId, 'utilia.payments.late-fee-charged.v1');
    const again = await runDay('2025-07-02');
    expect(again).toEqual({ date: '2025-07-02', ...noCounts() });
    // Two runs of one day at once: still one of each.
    await Promise.all([runDay('2025-07-09'), runDay('2025-07-09')]);
    await runDay('2025-07-09');
    await waitForEvent(accountId, 'utilia.payments.collections-notice-sent.v1');
    await new Promise((r) => setTimeout(r, 1500));
    expect(eventsOf(accountId, 'utilia.payments.late-fee-charged.v1')).toHaveLength(1);
    expect(eventsOf(accountId, 'utilia.payments.collections-notice-sent.v1')).toHaveLength(1);
    expect(steps(await collectionsOf(accountId))).toEqual(['2025-07-02 opened', '2025-07-02 late-fee', '2025-07-09 reminder']);
    // The day the job runs for is today or earlier.
    clock.at = new Date('2025-07-09T12:00:00Z');
    expect((await world.api.call('POST', '/collections/run', { date: '2025-07-10' }, ['billing-ops'])).body).toMatchObject({ code: 'run-date-in-future' });
    expect((await world.api.call('POST', '/collections/run', { date: '2025-07-09' }, ['csr'])).status).toBe(403);
  });

  it('a protected customer gets the fee and the reminder, never a final notice nor a disconnection request', async () => {
    const customerId = uuidv7();
    await world.publish(CustomerProtectionAddedV1, {
      customerId,
      protectionId: uuidv7(),
      kind: 'life-support',
      from: '2024-01-01',
      to: null,
      evidence: 'oxygen concentrator; letter from the clinic',
    });
    const accountId = await accountOwing('500.00', '2024-03-07', '2024-03-28', { customerId });
    const commands = world.api.service.app.get(CommandRunner);
    await waitFor(async () => (await commands.read('select 1 from p_protection where customer_id = $1', [customerId])).length === 1, 'the protection copied');
    for (const day of ['2024-04-01', '2024-04-08', '2024-04-22', '2024-04-23', '2024-05-02', '2024-06-30']) await runDay(day);
    await waitForEvent(accountId, 'utilia.payments.collections-step-withheld.v1');
    await waitForEvent(accountId, 'utilia.payments.collections-notice-sent.v1');
    expect(eventsOf(accountId, 'utilia.payments.collections-notice-sent.v1').map((m) => m.data.notice)).toEqual(['reminder']);
    expect(eventsOf(accountId, 'utilia.payments.disconnection-requested.v1')).toEqual([]);
    // Said once, not every day.
    expect(eventsOf(accountId, 'utilia.payments.collections-step-withheld.v1').map((m) => m.data)).toEqual([
      expect.objectContaining({
        step: 'final-notice',
        reason: 'customer-protected',
        detail: 'the customer is protected (life-support)',
        withheldOn: '2024-04-22',
      }),
    ]);
    expect(steps(await collectionsOf(accountId))).toEqual(['2024-04-01 opened', '2024-04-01 late-fee', '2024-04-08 reminder', '2024-04-22 withheld']);
  });

  it('in a winter moratorium the notices go out but the disconnection waits for its end', async () => {
    const accountId = await accountOwing('400.00', '2024-10-07', '2024-10-28');
    for (const day of ['2024-11-01', '2024-11-08', '2024-11-22', '2024-12-02', '2025-01-15', '2025-02-28']) await runDay(day);
    await waitForEvent(accountId, 'utilia.payments.collections-step-withheld.v1');
    expect(eventsOf(accountId, 'utilia.payments.collections-notice-sent.v1').map((m) => m.data.notice)).toEqual(['reminder', 'final-notice']);
    expect(eventsOf(accountId, 'utilia.payments.disconnection-requested.v1')).toEqual([]);
    expect(eventsOf(accountId, 'utilia.payments.collections-step-withheld.v1').map((m) => m.data)).toEqual([
      expect.objectContaining({
        step: 'disconnection',
        reason: 'moratorium',
        detail: 'no disconnection in the moratorium 12-01..02-28',
        withheldOn: '2024-12-02',
      }),
    ]);
    await runDay('2025-03-01');
    const [request] = await waitForEvent(accountId, 'utilia.payments.disconnection-requested.v1');
    expect(request.data).toMatchObject({ finalNoticeOn: '2024-11-22', arrears: { amount: '400.00' } });
  });

  it("customer's DisconnectionRefused puts the case on hold with the reason; nothing more happens until it is paid, and no reconnection is asked", async () => {
    const accountId = await accountOwing('250.00', '2023-03-07', '2023-03-28');
    for (const day of ['2023-04-01', '2023-04-08', '2023-04-22', '2023-05-02']) await runDay(day);
    const [request] = await waitForEvent(accountId, 'utilia.payments.disconnection-requested.v1');
    await world.publish(DisconnectionRefusedV1, {
      requestId: (request.data as DisconnectionRequestedV1).requestId,
      accountId,
      reason: 'customer-protected',
      detail: "the account's customer is protected (medical); disconnection refused",
      protections: ['medical'],
      refusedOn: '2023-05-03',
    });
    const onHold = (await waitForEvent(accountId, 'utilia.payments.collections-case-changed.v1', 2))[1];
    expect(onHold.data).toMatchObject({ status: 'on-hold', reason: 'disconnection-refused', changedOn: '2023-05-03', arrears: { amount: '250.00' } });
    expect(onHold.data.detail).toContain('customer-protected');
    expect((await collectionsOf(accountId)).cases[0]).toMatchObject({ status: 'on-hold', holdReason: 'customer-protected', heldOn: '2023-05-03' });
    expect((await world.api.call('GET', '/collections/cases?status=on-hold&limit=100', undefined, ['csr-supervisor'])).body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ accountId, status: 'on-hold', pastDue: '250.00' })]),
    );

    // A new invoice goes past due: no fee, no step while on hold.
    await world.publish(InvoiceIssuedV1, invoice(accountId, '90.00', '2023-05-07', '2023-05-28'));
    await waitFor(async () => (await balanceOf(accountId, '2023-06-15')).openItems === 3, 'the June invoice');
    await runDay('2023-06-15');
    expect(eventsOf(accountId, 'utilia.payments.late-fee-charged.v1')).toHaveLength(1);

    clock.at = new Date('2023-06-20T12:00:00Z');
    await pay(accountId, '343.75', '2023-06-20');
    await waitForEvent(accountId, 'utilia.payments.collections-case-changed.v1', 3);
    expect((await collectionsOf(accountId)).cases[0]).toMatchObject({ status: 'closed', closeReason: 'paid-in-full' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(eventsOf(accountId, 'utilia.payments.reconnection-requested.v1')).toEqual([]);
  });

  it('an arrangement of three installments: the disconnection called off, installments on the coming bills, one missed: broken and back in collections', async () => {
    const accountId = await accountOwing('300.00', '2022-01-07', '2022-01-28');
    for (const day of ['2022-02-01', '2022-02-08', '2022-02-22', '2022-03-04']) await runDay(day);
    const [request] = await waitForEvent(accountId, 'utilia.payments.disconnection-requested.v1');

    clock.at = new Date('2022-03-10T12:00:00Z');
    expect((await world.api.call('POST', `/accounts/${accountId}/arrangements`, { installments: 3 }, ['csr'])).status).toBe(403);
    const made = await world.api.call('POST', `/accounts/${accountId}/arrangements`, { installments: 3 }, ['csr-supervisor']);
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toBe(`/api/v1/accounts/${accountId}/collections`);
    expect(made.body).toMatchObject({ status: 'active', arrears: '300.00', madeOn: '2022-03-10' });
    expect(made.body.installments.map((i: { amount: string; billDate: string }) => [i.amount, i.billDate])).toEqual([
      ['100.00', '2022-04-07'],
      ['100.00', '2022-05-07'],
      ['100.00', '2022-06-07'],
    ]);
    expect((await world.api.call('POST', `/accounts/${accountId}/arrangements`, { installments: 3 }, ['billing-ops'])).body).toMatchObject({
      status: 409,
      code: 'arrangement-active',
    });
    const [reconnection] = await waitForEvent(accountId, 'utilia.payments.reconnection-requested.v1');
    expect(reconnection.data).toMatchObject({ disconnectionRequestId: (request.data as DisconnectionRequestedV1).requestId, reason: 'payment-arrangement' });
    const [arrangement] = await waitForEvent(accountId, 'utilia.payments.payment-arrangement-made.v1');
    expect(arrangement.data).toMatchObject({
      arrears: { amount: '300.00' },
      installments: [{ number: 1, amount: { amount: '100.00' }, dueDate: '2022-04-28' }, {}, {}],
    });
    expect((await collectionsOf(accountId)).cases[0]).toMatchObject({ status: 'closed', closeReason: 'payment-arrangement' });
    expect((await balanceOf(accountId, '2022-03-10')).pastDue.amount).toBe('0.00');

    /** invoicing's bill of 80.00 that shows the account's charges raised from the `from`-th on (a late fee, an installment). */
    const billWithCharges = async (issueDate: string, dueDate: string, from: number, raisedSoFar: number) => {
      const raised = await waitForEvent(accountId, 'utilia.payments.billable-charge-raised.v1', raisedSoFar);
      const charges: InvoiceCharge[] = raised
        .slice(from)
        .map((m) => ({ chargeId: m.data.chargeId, kind: m.data.kind, description: m.data.description, amount: m.data.amount.amount }));
      const total = charges.reduce((t, c) => t.plus(c.amount), new Big('80.00')).toFixed(2);
      const bill = invoice(accountId, '80.00', issueDate, dueDate);
      await world.publish(InvoiceIssuedV1, { ...bill, charges, total });
      await waitFor(async () => (await balanceOf(accountId, issueDate)).openItems === 1 + charges.length, 'the bill');
      return total;
    };

    await runDay('2022-04-02'); // five days before the April bill
    expect(await billWithCharges('2022-04-07', '2022-04-28', 0, 2)).toBe('184.50'); // the late fee and installment 1
    clock.at = new Date('2022-04-20T12:00:00Z');
    await pay(accountId, '184.50', '2022-04-20');
    await runDay('2022-05-02');
    await billWithCharges('2022-05-07', '2022-05-28', 2, 3);
    await runDay('2022-05-31'); // due 05-28, three days of grace
    expect(eventsOf(accountId, 'utilia.payments.payment-arrangement-broken.v1')).toEqual([]);
    await runDay('2022-06-01');
    const [broken] = await waitForEvent(accountId, 'utilia.payments.payment-arrangement-broken.v1');
    // Installment 2 missed; installment 3 was never raised: owed again at once, with the arrears' age.
    expect(broken.data).toMatchObject({ reason: 'installment-missed', missedInstallment: 2, owed: { amount: '200.00' }, brokenOn: '2022-06-01' });
    const reopened = (await waitForEvent(accountId, 'utilia.payments.collections-case-changed.v1', 3))[2];
    expect(reopened.data).toMatchObject({ status: 'opened', reason: 'arrangement-broken', changedOn: '2022-06-01' });
    // Back in collections: the final notice (the reminder went out before the arrangement).
    const notices = await waitForEvent(accountId, 'utilia.payments.collections-notice-sent.v1', 3);
    expect(notices[2].data).toMatchObject({ notice: 'final-notice', sentOn: '2022-06-01', arrears: { amount: '280.00' } });
    const view = await collectionsOf(accountId);
    expect(view.arrangements[0]).toMatchObject({ status: 'broken', breakReason: 'installment-missed', endedOn: '2022-06-01' });
    expect(view.arrangements[0].installments.map((i: { open: string; raisedOn: string | null }) => [i.raisedOn, i.open])).toEqual([
      ['2022-04-02', '0.00'],
      ['2022-05-02', '100.00'],
      [null, '100.00'],
    ]);
    expect(view.cases.map((c: { status: string; openedReason: string }) => [c.status, c.openedReason])).toEqual([
      ['open', 'arrangement-broken'],
      ['closed', 'past-due'],
    ]);
    const items = (await world.api.call('GET', `/accounts/${accountId}/open-items`, undefined, ['csr'])).body.items;
    expect(items.map((i: { kind: string; dueDate: string | null; openAmount: string }) => [i.kind, i.dueDate, i.openAmount])).toEqual([
      ['arrears', '2022-01-28', '100.00'],
      ['installment', '2022-05-28', '100.00'],
      ['invoice', '2022-05-28', '80.00'],
      ['late-fee', null, '1.20'], // on the May bill, back in collections
    ]);
  });

  it('a write-off pays the open items from bad debt, once per Idempotency-Key, and closes the case without asking for a reconnection', async () => {
    const accountId = await accountOwing('120.00', '2021-03-07', '2021-03-28');
    await runDay('2021-04-01');
    await waitForEvent(accountId, 'utilia.payments.late-fee-charged.v1');
    clock.at = new Date('2021-06-01T12:00:00Z');
    const body = { amount: { amount: '120.00', currency: 'USD' }, reason: 'customer cannot be traced' };
    const writeOff = (b: object, key: string, roles: Parameters<PaymentsWorld['api']['call']>[3] = ['csr-supervisor']) =>
      world.api.call('POST', `/accounts/${accountId}/write-offs`, b, roles, undefined, { 'idempotency-key': key });
    expect((await writeOff(body, `k-${uuidv7()}`, ['csr'])).status).toBe(403);
    expect((await writeOff({ ...body, amount: { amount: '500.00', currency: 'USD' } }, `k-${uuidv7()}`)).body).toMatchObject({
      status: 422,
      code: 'write-off-exceeds-balance',
    });
    const key = `k-${uuidv7()}`;
    const first = await writeOff(body, key);
    expect(first.status).toBe(201);
    // What is left is the late fee, not yet billed.
    expect(first.body.balance).toEqual({ amount: '1.80', currency: 'USD' });
    const again = await writeOff(body, key);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [written] = await waitForEvent(accountId, 'utilia.payments.account-written-off.v1');
    expect(written.data).toMatchObject({ amount: { amount: '120.00' }, reason: 'customer cannot be traced', writtenOffOn: '2021-06-01' });
    expect((await collectionsOf(accountId)).cases[0]).toMatchObject({ status: 'closed', closeReason: 'written-off' });
    expect(eventsOf(accountId, 'utilia.payments.account-written-off.v1')).toHaveLength(1);
  });

  /** What customer deposits (2100) hold for an account: credits less debits of its entries. */
  const depositsHeld = async (accountId: string) =>
    (
      await world.api.service.app
        .get(CommandRunner)
        .read<{ held: string }>(
          `select coalesce(sum(l.credit - l.debit), 0)::text as held from journal_line l join journal_entry e on e.id = l.entry_id where e.account_id = $1 and l.ledger_code = '2100'`,
          [accountId],
        )
    )[0].held;

  it('a commercial account owes a deposit on its next bill; at close it pays the debt left and the rest is refunded', async () => {
    const customerId = uuidv7();
    const accountId = await openAccount(world, 'USD', { customerId });
    await world.publish(AccountDetailsChangedV1, {
      accountId,
      billingAddress: { line1: '1 Mill Road', city: 'Springfield', postalCode: '62701', country: 'US' },
      billCycle: '07',
      customerClass: 'commercial',
      roles: [{ customerId, role: 'main' }],
    });
    const [required] = await waitForEvent(accountId, 'utilia.payments.deposit-required.v1');
    expect(required.data).toMatchObject({ amount: { amount: '250.00', currency: 'USD' }, basis: 'customer-class', reason: 'customer class commercial' });
    const [charge] = await waitForEvent(accountId, 'utilia.payments.billable-charge-raised.v1');
    expect(charge.data).toMatchObject({ chargeId: required.data.chargeId, kind: 'deposit', amount: { amount: '250.00' } });
    // The same class again (another details change) asks for nothing more.
    await world.publish(AccountDetailsChangedV1, {
      accountId,
      billingAddress: { line1: '2 Mill Road', city: 'Springfield', postalCode: '62701', country: 'US' },
      billCycle: '07',
      customerClass: 'commercial',
      roles: [{ customerId, role: 'main' }],
    });

    clock.at = new Date('2020-02-10T12:00:00Z');
    await pay(accountId, '250.00', '2020-02-10');
    expect(await depositsHeld(accountId)).toBe('250');
    await world.publish(InvoiceIssuedV1, invoice(accountId, '80.00', '2020-03-07', '2020-03-28'));
    await waitFor(async () => (await balanceOf(accountId, '2020-03-07')).balance.amount === '80.00', 'the March bill');

    await world.publish(AccountClosedV1, { accountId, closedOn: '2020-04-01' });
    const [applied] = await waitForEvent(accountId, 'utilia.payments.deposit-applied.v1');
    expect(applied.data).toMatchObject({ amount: { amount: '80.00' }, unpaid: { amount: '0.00' }, appliedOn: '2020-04-01' });
    const [refunded] = await waitForEvent(accountId, 'utilia.payments.deposit-refunded.v1');
    expect(refunded.data).toMatchObject({ amount: { amount: '170.00' }, channel: 'check', reason: 'account-closed', refundedOn: '2020-04-01' });
    expect((await balanceOf(accountId, '2020-04-01')).balance.amount).toBe('0.00');
    expect(await depositsHeld(accountId)).toBe('0');
    expect(eventsOf(accountId, 'utilia.payments.deposit-required.v1')).toHaveLength(1);
    expect((await collectionsOf(accountId)).deposits).toEqual([
      expect.objectContaining({ status: 'applied', amount: '250.00', paid: '250.00', applied: '80.00', refunded: '170.00', releasedOn: '2020-04-01' }),
    ]);
  });

  it('a deposit for a failed credit check is refunded after twelve months of bills paid on time, not to an account that paid late', async () => {
    clock.at = new Date('2019-01-10T12:00:00Z');
    const onTime = await openAccount(world);
    const late = await openAccount(world);
    for (const accountId of [onTime, late]) {
      const res = await world.api.call('POST', `/accounts/${accountId}/credit-checks`, { result: 'fail', agency: 'Equifax' }, ['csr']);
      expect(res.status).toBe(201);
      expect(res.body.depositId).toEqual(expect.any(String));
      await pay(accountId, '200.00', '2019-01-15');
      await world.publish(InvoiceIssuedV1, invoice(accountId, '60.00', '2019-02-07', '2019-02-28'));
      await world.publish(InvoiceIssuedV1, invoice(accountId, '70.00', '2019-03-07', '2019-03-28'));
      await waitFor(async () => (await balanceOf(accountId, '2019-03-07')).balance.amount === '130.00', 'two bills');
    }
    expect((await waitForEvent(onTime, 'utilia.payments.credit-check-recorded.v1'))[0].data).toMatchObject({ result: 'fail', agency: 'Equifax' });
    expect((await waitForEvent(onTime, 'utilia.payments.deposit-required.v1'))[0].data).toMatchObject({ amount: { amount: '200.00' }, basis: 'credit-check' });
    await pay(onTime, '60.00', '2019-02-20');
    await pay(onTime, '70.00', '2019-03-25');
    await pay(late, '130.00', '2019-03-10'); // February's bill paid late

    await runDay('2020-01-14');
    await runDay('2020-01-15');
    const [refund] = await waitForEvent(onTime, 'utilia.payments.deposit-refunded.v1');
    expect(refund.data).toMatchObject({ amount: { amount: '200.00' }, reason: 'on-time-payment', refundedOn: '2020-01-15' });
    expect(await depositsHeld(onTime)).toBe('0');
    expect(await depositsHeld(late)).toBe('200');
    expect(eventsOf(late, 'utilia.payments.deposit-refunded.v1')).toEqual([]);
    expect((await collectionsOf(onTime)).deposits[0]).toMatchObject({ status: 'refunded', refunded: '200.00', releaseReason: 'on-time-payment' });
    // The balance did not move: the deposit was paid back from what was held, not from the receivable.
    expect((await balanceOf(onTime, '2020-01-15')).balance.amount).toBe('0.00');
  });
});
