import {
  AccountBalanceChangedV1,
  BillHeldV1,
  CollectionsCaseChangedV1,
  CollectionsNoticeSentV1,
  CollectionsStepWithheldV1,
  CreditNoteIssuedV1,
  defaultRegistry,
  InvoiceDeliveredV1,
  InvoiceIssuedV1,
  LateFeeChargedV1,
  PaymentArrangementMadeV1,
  toKafkaMessage,
  uuidv7,
  VeeExceptionRaisedV1,
  VeeExceptionResolvedV1,
  type EventEnvelope,
  type EventType,
  type InvoiceIssuedV1 as InvoiceIssued,
} from '@utilia/contracts';
import { addDays, createKafka, JsonLogger, listDeadLetters, localDateOf } from '@utilia/platform';
import { eventually } from '@utilia/platform/testing';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { startCustomerApi, type CustomerApi } from '../../shared/testing';
import { ArrangementPart, BalancePart, CollectionsPart, LastInvoicePart, UsageSummaryPart, VeeExceptionPart } from '../views';
import { ACCOUNT_360_GROUP } from './other-contexts.consumer';

const today = localDateOf(new Date(), 'UTC');
const day = (n: number) => addDays(today, n);
const usd = (amount: string) => ({ amount, currency: 'USD' });
const address = (line1: string) => ({ line1, city: 'Shelbyville', region: 'IL', postalCode: '62565', country: 'US' });

/** The errors of a part of the view against the schema /docs shows for it (none: it answers as documented). */
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const PART_SCHEMAS = {
  balance: BalancePart,
  lastInvoice: LastInvoicePart,
  usageSummary: UsageSummaryPart,
  collections: CollectionsPart,
  arrangement: ArrangementPart,
  openVeeExceptions: { type: 'array', items: VeeExceptionPart },
};
function undocumented(view: Record<string, unknown>): Record<string, unknown> {
  const errors: Record<string, unknown> = {};
  for (const [part, schema] of Object.entries(PART_SCHEMAS)) {
    if (!(part in view)) continue;
    const validate = ajv.compile(schema);
    if (!validate(view[part])) errors[part] = validate.errors;
  }
  return errors;
}

/** An event as its producer's event store published it: its stream, its version there, its data checked against the contract. */
interface Published {
  topic: string;
  envelope: EventEnvelope;
  streamVersion: number;
}

describe('the account 360 view shows what invoicing, payments and metering published', () => {
  let api: CustomerApi;
  let kafka: Kafka;
  let producer: Producer;
  const unique = Date.now().toString(36);
  const versions = new Map<string, number>();

  /** The next event of `stream`, as the producing service appends it (encode validates the data). */
  function event<T>(type: EventType<T>, data: T, stream: string): Published {
    const streamVersion = (versions.get(stream) ?? 0) + 1;
    versions.set(stream, streamVersion);
    const envelope = defaultRegistry.encode(type, data, { subject: stream, time: new Date().toISOString(), correlationId: uuidv7() });
    return { topic: type.topic, envelope, streamVersion };
  }

  /** Publishes on the real topics, one after the other (each key's messages keep their order). */
  async function publish(...events: Published[]): Promise<void> {
    for (const e of events) await producer.send({ topic: e.topic, messages: [toKafkaMessage(e.envelope, { streamVersion: e.streamVersion })] });
  }

  const view = async (accountId: string, roles?: ['customer']) =>
    (await api.call('GET', `/accounts/${accountId}/360`, undefined, roles, roles ? [accountId] : [])).body;

  async function accountOnSupply(name: string): Promise<{ accountId: string; agreementId: string; servicePointId: string }> {
    const customer = await api.call('POST', '/customers', { kind: 'person', givenName: name, familyName: `Threesixty${unique}` });
    const { accountId } = (
      await api.call('POST', '/accounts', { customerId: customer.body.customerId, currency: 'USD', billCycle: '07', billingAddress: address('1 Main') })
    ).body;
    const premise = await api.call('POST', '/premises', { address: address(`${unique} ${name} Lane`), premiseType: 'house' });
    const { servicePointId } = (
      await api.call('POST', `/premises/${premise.body.premiseId}/service-points`, { commodity: 'electricity', marketId: `E360-${name}-${unique}` })
    ).body;
    const start = await api.call('POST', '/service-agreements', { accountId, servicePointId, tariffCode: 'R-360', startDate: day(-50) });
    expect(start.status).toBe(201);
    return { accountId, agreementId: start.body.agreementId, servicePointId };
  }

  /** Which of these events the account 360 feed has recorded in its inbox (applied, or found already applied). */
  async function taken(events: Published[]): Promise<number> {
    const db = api.service.app.get(DataSource);
    const [row] = await db.query('select count(*)::int as n from inbox where consumer = $1 and event_id = any($2::text[])', [
      ACCOUNT_360_GROUP,
      events.map((e) => e.envelope.id),
    ]);
    return row.n;
  }

  /** The revision of every row of the account's parts: a write bumps it, so equal revisions mean nothing was applied again. */
  async function revisions(accountId: string, ids: string[]): Promise<unknown[]> {
    const db = api.service.app.get(DataSource);
    return db.query(
      `select 'balance' as t, id, revision from rm_account_balance where id = $1
       union all select 'invoice', id, revision from rm_invoice where account_id = $1
       union all select 'collections', id, revision from rm_collections where id = $1
       union all select 'arrangement', id, revision from rm_payment_arrangement where account_id = $1
       union all select 'vee', id, revision from rm_vee_exception where id = any($2::uuid[])
       order by t, id`,
      [accountId, ids],
    );
  }

  beforeAll(async () => {
    kafka = createKafka('account-360-test', (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), new JsonLogger('test', 'error', () => undefined));
    api = await startCustomerApi();
    await api.knowTariffs({ 'R-360': 'electricity' });
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await api?.close();
  });

  it('balance, last invoice with its link, billed usage, collections, arrangement and open VEE exceptions; the same events again change nothing', async () => {
    const { accountId, agreementId, servicePointId } = await accountOnSupply('Marge');
    const before = await view(accountId);
    expect(before.notYetFed.map((p: { part: string }) => p.part)).toEqual([
      'balance',
      'lastInvoice',
      'usageSummary',
      'collections',
      'arrangement',
      'openVeeExceptions',
    ]);

    // invoicing: two periods billed; the first credited and rebilled with corrected usage; the second
    // held, then released, and e-mailed (its delivery published on its own stream before the invoice).
    const [bill1, bill2, bill3] = [uuidv7(), uuidv7(), uuidv7()];
    const [first, second, rebill] = [uuidv7(), uuidv7(), uuidv7()];
    const invoice = (invoiceId: string, number: string, from: number, to: number, total: string, importWh: number): InvoiceIssued => ({
      invoiceId,
      invoiceNumber: number,
      runId: null,
      accountId,
      agreementId,
      servicePointId,
      periodStart: day(from),
      periodEnd: day(to),
      issueDate: day(to),
      dueDate: day(to + 21),
      currency: 'USD',
      lines: [],
      total,
      usage: { importWh, exportWh: 0, estimatedIntervals: 0 },
    });
    const firstIssued = event(InvoiceIssuedV1, invoice(first, `INV-${unique}-1`, -50, -30, '61.20', 300_000), bill1);
    const creditNoteId = uuidv7();
    const credited = event(
      CreditNoteIssuedV1,
      {
        creditNoteId,
        creditNoteNumber: `CN-${unique}-1`,
        invoiceId: first,
        invoiceNumber: `INV-${unique}-1`,
        accountId,
        agreementId,
        periodStart: day(-50),
        periodEnd: day(-30),
        issueDate: day(-12),
        currency: 'USD',
        lines: [],
        charges: [],
        total: '61.20',
        reason: 'a late reading corrected the usage',
      },
      bill1,
    );
    const rebilled = event(
      InvoiceIssuedV1,
      {
        ...invoice(rebill, `INV-${unique}-3`, -50, -30, '55.08', 270_000),
        issueDate: day(-12),
        dueDate: day(9),
        kind: 'rebill',
        replaces: { invoiceId: first, invoiceNumber: `INV-${unique}-1`, creditNoteId, reason: 'usage corrected', changes: [] },
      },
      bill3,
    );
    const held = event(
      BillHeldV1,
      {
        billId: bill2,
        runId: null,
        accountId,
        agreementId,
        periodStart: day(-30),
        periodEnd: day(-10),
        total: '240.00',
        reasons: [{ rule: 'high-bill', detail: 'three times the usual' }],
      },
      bill2,
    );
    const secondIssued = event(InvoiceIssuedV1, invoice(second, `INV-${unique}-2`, -30, -10, '240.00', 1_200_000), bill2);
    const delivered = event(
      InvoiceDeliveredV1,
      { documentId: second, documentNumber: `INV-${unique}-2`, accountId, channel: 'email', deliveredAt: '2026-12-01T08:30:00.000Z' },
      second,
    );

    // payments: the account's position, a collections case up to a disconnection withheld for protection, an arrangement.
    const openItems = [
      { kind: 'invoice', number: `INV-${unique}-1`, description: 'Invoice', issuedOn: day(-40), dueDate: day(-19), amount: usd('61.20'), open: usd('55.08') },
      { kind: 'invoice', number: `INV-${unique}-2`, description: 'Invoice', issuedOn: day(-10), dueDate: day(11), amount: usd('240.00'), open: usd('240.00') },
    ];
    const positions = [
      event(AccountBalanceChangedV1, { accountId, balance: usd('301.20'), pastDue: usd('61.20'), openItems: 2, asOf: day(-10), cause: 'invoice' }, accountId),
      event(
        AccountBalanceChangedV1,
        { accountId, balance: usd('295.08'), pastDue: usd('55.08'), openItems: 2, items: openItems, asOf: day(-5), cause: 'credit-note' },
        accountId,
      ),
    ];
    const caseId = uuidv7();
    const collections = [
      event(CollectionsCaseChangedV1, { caseId, accountId, status: 'opened', reason: 'past-due', arrears: usd('55.08'), changedOn: day(-8) }, caseId),
      event(
        LateFeeChargedV1,
        { caseId, accountId, chargeId: uuidv7(), itemNumber: `INV-${unique}-3`, pastDue: usd('55.08'), fee: usd('2.75'), chargedOn: day(-8) },
        caseId,
      ),
      event(
        CollectionsNoticeSentV1,
        { noticeId: uuidv7(), caseId, accountId, notice: 'reminder', arrears: usd('57.83'), sentOn: day(-6), payBy: day(1) },
        caseId,
      ),
      event(
        CollectionsStepWithheldV1,
        { caseId, accountId, step: 'final-notice', reason: 'customer-protected', detail: 'medical protection in force', withheldOn: day(-2) },
        caseId,
      ),
    ];
    const arrangementId = uuidv7();
    const arrangement = event(
      PaymentArrangementMadeV1,
      {
        arrangementId,
        accountId,
        arrears: usd('57.83'),
        installments: [
          { number: 1, amount: usd('28.92'), dueDate: day(20) },
          { number: 2, amount: usd('28.91'), dueDate: day(50) },
        ],
        madeOn: day(-1),
      },
      arrangementId,
    );

    // metering: one exception open, one resolved, one of a meter installed nowhere (skipped), one at another account's point.
    const [open, settled, nowhere, elsewhere] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const raise = (exceptionId: string, point: string | null, rule: 'spike' | 'gap') =>
      event(
        VeeExceptionRaisedV1,
        {
          exceptionId,
          meterId: uuidv7(),
          servicePointId: point,
          channel: 'energy:import:900',
          rule,
          from: `${day(-20)}T10:00:00.000Z`,
          to: `${day(-20)}T11:00:00.000Z`,
          detail: `${rule} on ${exceptionId}`,
        },
        exceptionId,
      );
    const openRaised = raise(open, servicePointId, 'spike');
    const settledRaised = raise(settled, servicePointId, 'gap');
    const settledResolved = event(
      VeeExceptionResolvedV1,
      {
        exceptionId: settled,
        meterId: (settledRaised.envelope.data as { meterId: string }).meterId,
        servicePointId,
        resolution: 'estimated',
        by: 'ops-1',
        note: null,
      },
      settled,
    );
    const vee = [openRaised, settledRaised, settledResolved, raise(nowhere, null, 'gap'), raise(elsewhere, uuidv7(), 'spike')];

    // Payments of an account this service does not know: kept aside, nothing breaks.
    const stranger = uuidv7();
    const strangers = [
      event(
        AccountBalanceChangedV1,
        { accountId: stranger, balance: usd('10.00'), pastDue: usd('0.00'), openItems: 1, asOf: today, cause: 'invoice' },
        stranger,
      ),
    ];

    // Out of order: the delivery before the invoice it delivers (two streams), the released invoice
    // (version 2 of its bill) before the hold (version 1), the credit note (version 2) before the first invoice.
    const all = [delivered, secondIssued, held, credited, firstIssued, rebilled, ...positions, ...collections, arrangement, ...vee, ...strangers];
    await publish(...all);

    const expected = {
      balance: { balance: usd('295.08'), pastDue: usd('55.08'), openItems: 2, items: openItems, asOf: day(-5), cause: 'credit-note' },
      lastInvoice: {
        id: second,
        number: `INV-${unique}-2`,
        kind: 'cycle',
        agreementId,
        servicePointId,
        periodStart: day(-30),
        periodEnd: day(-10),
        issueDate: day(-10),
        dueDate: day(11),
        amountDue: usd('240.00'),
        replacesInvoiceId: null,
        credited: null,
        delivery: { channel: 'email', deliveredAt: '2026-12-01T08:30:00.000Z' },
        documentUrl: `http://127.0.0.1:3004/api/v1/invoices/${second}/pdf`,
      },
      usageSummary: {
        periods: [
          {
            agreementId,
            servicePointId,
            periodStart: day(-30),
            periodEnd: day(-10),
            importWh: 1_200_000,
            exportWh: 0,
            estimatedIntervals: 0,
            invoiceId: second,
            invoiceNumber: `INV-${unique}-2`,
          },
          {
            agreementId,
            servicePointId,
            periodStart: day(-50),
            periodEnd: day(-30),
            importWh: 270_000,
            exportWh: 0,
            estimatedIntervals: 0,
            invoiceId: rebill,
            invoiceNumber: `INV-${unique}-3`,
          },
        ],
      },
      collections: {
        caseId,
        status: 'open',
        reason: 'past-due',
        detail: null,
        arrears: usd('57.83'),
        openedOn: day(-8),
        changedOn: day(-8),
        step: 'reminder',
        stepOn: day(-6),
        payBy: day(1),
        onHold: false,
        protected: true,
        withheld: { step: 'final-notice', reason: 'customer-protected', detail: 'medical protection in force', withheldOn: day(-2) },
        disconnection: null,
        reconnection: null,
      },
      arrangement: {
        id: arrangementId,
        status: 'active',
        arrears: usd('57.83'),
        installments: [
          { number: 1, amount: usd('28.92'), dueDate: day(20) },
          { number: 2, amount: usd('28.91'), dueDate: day(50) },
        ],
        madeOn: day(-1),
        endedOn: null,
        breakReason: null,
        missedInstallment: null,
        owed: null,
        paid: null,
      },
      openVeeExceptions: [
        {
          id: open,
          meterId: (openRaised.envelope.data as { meterId: string }).meterId,
          servicePointId,
          rule: 'spike',
          channel: 'energy:import:900',
          from: `${day(-20)}T10:00:00.000Z`,
          to: `${day(-20)}T11:00:00.000Z`,
          detail: `spike on ${open}`,
        },
      ],
      notYetFed: [],
    };
    const fed = await eventually(async () => (await taken(all)) === all.length, 60_000);
    expect(fed).toBe(true);
    const after = await view(accountId);
    expect(after).toMatchObject(expected);
    expect(undocumented(after)).toEqual({});
    const written = await revisions(accountId, [open, settled]);
    expect(written).toHaveLength(3 + 1 + 1 + 1 + 2); // three invoices, the balance, the case, the arrangement, two exceptions
    expect((await api.call('GET', `/accounts/${stranger}/360`)).body).toMatchObject({ status: 404, code: 'account-not-found' });

    // The same events again: redelivered (same ids, the inbox knows them) and published anew by their
    // producer (new ids, same stream versions: the feed's progress knows them). Neither changes a thing.
    await publish(...all);
    const anew = all.map((e) => ({ ...e, envelope: { ...e.envelope, id: uuidv7() } }));
    await publish(...anew);
    expect(await eventually(async () => (await taken(anew)) === anew.length, 60_000)).toBe(true);
    expect(await view(accountId)).toEqual(after);
    expect(await revisions(accountId, [open, settled])).toEqual(written);
    expect(await listDeadLetters(kafka, ACCOUNT_360_GROUP, { timeoutMs: 5_000 })).toEqual([]);

    // The customer sees their balance, invoice, usage, case and arrangement, without staff details or VEE exceptions.
    const mine = await view(accountId, ['customer']);
    expect(mine).toMatchObject({ balance: expected.balance, lastInvoice: expected.lastInvoice, arrangement: expected.arrangement, notYetFed: [] });
    expect(mine).not.toHaveProperty('openVeeExceptions');
    expect(undocumented(mine)).toEqual({});
    expect(mine.collections).toEqual({
      caseId,
      status: 'open',
      reason: 'past-due',
      arrears: usd('57.83'),
      openedOn: day(-8),
      changedOn: day(-8),
      step: 'reminder',
      stepOn: day(-6),
      payBy: day(1),
      onHold: false,
      protected: true,
      disconnection: null,
      reconnection: null,
    });
    expect(JSON.stringify(mine)).not.toContain('medical protection in force');
  });
});
