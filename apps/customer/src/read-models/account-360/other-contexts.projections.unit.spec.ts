import {
  AccountBalanceChangedV1,
  CollectionsCaseChangedV1,
  CollectionsNoticeSentV1,
  CollectionsStepWithheldV1,
  CreditNoteIssuedV1,
  defaultRegistry,
  DisconnectionRequestedV1,
  InvoiceDeliveredV1,
  InvoiceIssuedV1,
  LateFeeChargedV1,
  PaymentArrangementBrokenV1,
  PaymentArrangementMadeV1,
  ReconnectionRequestedV1,
  uuidv7,
  VeeExceptionRaisedV1,
  VeeExceptionResolvedV1,
  type EventType,
} from '@utilia/contracts';
import { hasApplied, type Projection, type ProjectionEvent, type ProjectionRow } from '@utilia/platform';
import { accountBalanceView, arrangementView, collectionsView, furthestStep, invoiceView, veeExceptionView, veeSkipReason } from './other-contexts.projections';

type Row = ProjectionRow & Record<string, unknown>;

const versions = new Map<string, number>();

/** An event as a producer's event store numbers it (the next version of its stream: make them in append order), its data checked against the contract. */
function given<T>(type: EventType<T>, data: T, stream: string): ProjectionEvent {
  defaultRegistry.assertValid(type, data);
  const version = (versions.get(stream) ?? 0) + 1;
  versions.set(stream, version);
  return { id: uuidv7(), type: type.type, subject: stream, data, streamVersion: version };
}

/** The rows after the events, as `applyToProjection` makes them: one row per key, an event the row applied already skipped. */
function replay(projection: Projection<Row>, events: ProjectionEvent[], rows = new Map<string, Row>()): Map<string, Row> {
  for (const e of events) {
    const key = projection.rowKey(e);
    if (key === undefined) continue;
    const row = rows.get(key);
    if (hasApplied(row, e)) continue;
    const next = projection.evolve(row, e);
    if (!next) continue;
    const streamVersions = { ...(row?.stream_versions ?? {}), [e.subject]: e.streamVersion as number };
    rows.set(key, { ...next, stream_versions: streamVersions, revision: (row?.revision ?? 0) + 1, last_event_id: e.id } as Row);
  }
  return rows;
}

/** The state columns of a row (the bookkeeping left out). */
function state(row: Row | undefined): Record<string, unknown> | undefined {
  if (!row) return undefined;
  const { stream_versions: _v, revision: _r, last_event_id: _l, ...rest } = row;
  return rest;
}

const usd = (amount: string) => ({ amount, currency: 'USD' });
const accountId = uuidv7();

describe("the account's balance as payments announces it", () => {
  const open = {
    kind: 'invoice',
    number: 'INV-000000007',
    description: 'Invoice',
    issuedOn: '2026-10-28',
    dueDate: '2026-11-18',
    amount: usd('120.50'),
    open: usd('20.50'),
  };
  const events = [
    given(AccountBalanceChangedV1, { accountId, balance: usd('120.50'), pastDue: usd('0.00'), openItems: 1, asOf: '2026-11-01', cause: 'invoice' }, accountId),
    given(
      AccountBalanceChangedV1,
      { accountId, balance: usd('20.50'), pastDue: usd('0.00'), openItems: 1, items: [open], asOf: '2026-11-05', cause: 'payment' },
      accountId,
    ),
  ];

  it('the latest announcement is the balance with its open items, amounts kept as decimal strings', () => {
    expect(state(replay(accountBalanceView, events).get(accountId))).toEqual({
      id: accountId,
      currency: 'USD',
      balance: '20.50',
      past_due: '0.00',
      open_items: 1,
      items: [open],
      as_of: '2026-11-05',
      cause: 'payment',
    });
  });

  it('replaying the same events changes nothing', () => {
    const once = replay(accountBalanceView, events);
    expect(replay(accountBalanceView, events, new Map(once))).toEqual(once);
  });
});

describe('invoices, their credit note and their delivery', () => {
  const billId = uuidv7();
  const invoiceId = uuidv7();
  const issued = {
    invoiceId,
    invoiceNumber: 'INV-000000042',
    runId: null,
    accountId,
    agreementId: uuidv7(),
    servicePointId: uuidv7(),
    periodStart: '2026-10-01',
    periodEnd: '2026-11-01',
    issueDate: '2026-11-01',
    dueDate: '2026-11-22',
    currency: 'USD',
    lines: [],
    total: '98.76',
    usage: { importWh: 412_000, exportWh: 0, estimatedIntervals: 4 },
  };

  it('a delivery seen before the invoice it delivers is kept, and the invoice fills in the rest', () => {
    const delivered = given(
      InvoiceDeliveredV1,
      { documentId: invoiceId, documentNumber: 'INV-000000042', accountId, channel: 'email', deliveredAt: '2026-11-01T08:00:00.000Z' },
      invoiceId,
    );
    const rows = replay(invoiceView, [delivered, given(InvoiceIssuedV1, issued, billId)]);
    expect(state(rows.get(invoiceId))).toMatchObject({
      number: 'INV-000000042',
      kind: 'cycle',
      total: '98.76',
      import_wh: 412_000,
      estimated_intervals: 4,
      delivery_channel: 'email',
      delivered_at: '2026-11-01T08:00:00.000Z',
      credit_note_id: null,
    });
  });

  it('a credit note marks the invoice it cancels', () => {
    const creditNoteId = uuidv7();
    const issue = given(InvoiceIssuedV1, issued, billId);
    const credit = given(
      CreditNoteIssuedV1,
      {
        creditNoteId,
        creditNoteNumber: 'CN-000000007',
        invoiceId,
        invoiceNumber: 'INV-000000042',
        accountId,
        agreementId: issued.agreementId,
        periodStart: issued.periodStart,
        periodEnd: issued.periodEnd,
        issueDate: '2026-11-10',
        currency: 'USD',
        lines: [],
        charges: [],
        total: '98.76',
        reason: 'usage corrected',
      },
      billId,
    );
    const rows = replay(invoiceView, [issue, credit]);
    expect(state(rows.get(invoiceId))).toMatchObject({
      number: 'INV-000000042',
      credit_note_id: creditNoteId,
      credit_note_number: 'CN-000000007',
      credited_on: '2026-11-10',
    });
  });
});

describe("the account's collections case", () => {
  const caseId = uuidv7();
  const opened = () =>
    given(CollectionsCaseChangedV1, { caseId, accountId, status: 'opened', reason: 'past-due', arrears: usd('80.00'), changedOn: '2026-11-25' }, caseId);
  const lateFee = () =>
    given(
      LateFeeChargedV1,
      { caseId, accountId, chargeId: uuidv7(), itemNumber: 'INV-1', pastDue: usd('80.00'), fee: usd('4.00'), chargedOn: '2026-11-25' },
      caseId,
    );
  const notice = (kind: 'reminder' | 'final-notice', on: string, payBy: string) =>
    given(CollectionsNoticeSentV1, { noticeId: uuidv7(), caseId, accountId, notice: kind, arrears: usd('84.00'), sentOn: on, payBy }, caseId);
  const withheld = () =>
    given(
      CollectionsStepWithheldV1,
      { caseId, accountId, step: 'disconnection', reason: 'customer-protected', detail: 'life support', withheldOn: '2026-12-20' },
      caseId,
    );

  it('walks the steps: the furthest is shown with its pay-by date, and a late fee after a reminder does not take the case back', () => {
    const row = state(replay(collectionsView, [opened(), lateFee(), notice('reminder', '2026-12-01', '2026-12-10'), lateFee()]).get(accountId));
    expect(row).toMatchObject({ case_id: caseId, status: 'open', reason: 'past-due', opened_on: '2026-11-25', step: 'reminder', pay_by: '2026-12-10' });
    expect(row).toMatchObject({ arrears: '84.00', currency: 'USD', customer_protected: false });
  });

  it("a step withheld for the customer's protection shows the case as protected until a step is taken (a late fee is not one)", () => {
    const events = [opened(), notice('final-notice', '2026-12-10', '2026-12-19'), withheld(), lateFee()];
    const rows = replay(collectionsView, events);
    expect(state(rows.get(accountId))).toMatchObject({
      step: 'final-notice',
      customer_protected: true,
      withheld: { step: 'disconnection', reason: 'customer-protected', detail: 'life support', withheldOn: '2026-12-20' },
    });
    const disconnection = given(
      DisconnectionRequestedV1,
      { requestId: uuidv7(), accountId, arrears: usd('84.00'), finalNoticeOn: '2026-12-10', requestedAt: '2027-01-05T09:00:00.000Z' },
      caseId,
    );
    expect(state(replay(collectionsView, [disconnection], rows).get(accountId))).toMatchObject({
      step: 'disconnection',
      withheld: null,
      customer_protected: false,
      disconnection: { requestedAt: '2027-01-05T09:00:00.000Z', arrears: usd('84.00') },
    });
  });

  it('a disconnection refused for protection puts the case on hold, protected; closing it keeps its history and the reconnection', () => {
    const open = opened();
    const hold = given(
      CollectionsCaseChangedV1,
      {
        caseId,
        accountId,
        status: 'on-hold',
        reason: 'disconnection-refused',
        detail: 'customer-protected: medical protection in force',
        arrears: usd('84.00'),
        changedOn: '2027-01-06',
      },
      caseId,
    );
    const held = state(replay(collectionsView, [open, hold]).get(accountId));
    expect(held).toMatchObject({ status: 'on-hold', reason: 'disconnection-refused', customer_protected: true, opened_on: '2026-11-25' });
    const [again, fee] = [opened(), lateFee()];
    const closed = given(
      CollectionsCaseChangedV1,
      { caseId, accountId, status: 'closed', reason: 'paid-in-full', arrears: usd('0.00'), changedOn: '2027-01-09' },
      caseId,
    );
    const reconnection = given(
      ReconnectionRequestedV1,
      { requestId: uuidv7(), accountId, disconnectionRequestId: uuidv7(), reason: 'paid-in-full', requestedAt: '2027-01-09T10:00:00.000Z' },
      caseId,
    );
    expect(state(replay(collectionsView, [again, fee, closed, reconnection]).get(accountId))).toMatchObject({
      status: 'closed',
      reason: 'paid-in-full',
      step: 'late-fee',
      arrears: '0.00',
      customer_protected: false,
      reconnection: { reason: 'paid-in-full' },
    });
  });

  it('a later case replaces the row, and an event of the earlier case seen after it changes nothing', () => {
    const first = [opened(), notice('reminder', '2026-12-01', '2026-12-10')];
    const laterCase = uuidv7();
    const reopened = given(
      CollectionsCaseChangedV1,
      { caseId: laterCase, accountId, status: 'opened', reason: 'arrangement-broken', arrears: usd('50.00'), changedOn: '2027-03-01' },
      laterCase,
    );
    const lateOldStep = notice('final-notice', '2026-12-12', '2026-12-20');
    const row = state(replay(collectionsView, [...first, reopened, lateOldStep]).get(accountId));
    expect(row).toMatchObject({ case_id: laterCase, reason: 'arrangement-broken', step: null, pay_by: null, arrears: '50.00', opened_on: '2027-03-01' });
  });

  it('steps are ordered late fee, reminder, final notice, disconnection', () => {
    expect(furthestStep(null, 'late-fee')).toBe('late-fee');
    expect(furthestStep('final-notice', 'reminder')).toBe('final-notice');
    expect(furthestStep('reminder', 'disconnection')).toBe('disconnection');
  });
});

describe('payment arrangements', () => {
  const arrangementId = uuidv7();
  const made = () =>
    given(
      PaymentArrangementMadeV1,
      {
        arrangementId,
        accountId,
        arrears: usd('300.00'),
        installments: [
          { number: 1, amount: usd('100.00'), dueDate: '2027-01-20' },
          { number: 2, amount: usd('100.00'), dueDate: '2027-02-20' },
          { number: 3, amount: usd('100.00'), dueDate: '2027-03-20' },
        ],
        madeOn: '2026-12-28',
      },
      arrangementId,
    );
  const broken = () =>
    given(
      PaymentArrangementBrokenV1,
      { arrangementId, accountId, reason: 'installment-missed', missedInstallment: 2, owed: usd('200.00'), brokenOn: '2027-03-01' },
      arrangementId,
    );

  it('an arrangement is active with its installments, then broken with what is still owed', () => {
    const rows = replay(arrangementView, [made()]);
    expect(state(rows.get(arrangementId))).toMatchObject({ status: 'active', arrears: '300.00', made_on: '2026-12-28' });
    expect((rows.get(arrangementId)?.installments as unknown[]).length).toBe(3);
    expect(state(replay(arrangementView, [broken()], rows).get(arrangementId))).toMatchObject({
      status: 'broken',
      break_reason: 'installment-missed',
      missed_installment: 2,
      owed: '200.00',
      installments: expect.arrayContaining([{ number: 2, amount: usd('100.00'), dueDate: '2027-02-20' }]),
    });
  });

  it('an end seen before the arrangement itself is not undone by it', () => {
    const end = broken();
    const start = made();
    expect(state(replay(arrangementView, [end, start]).get(arrangementId))).toMatchObject({ status: 'broken', arrears: '300.00', owed: '200.00' });
  });
});

describe('VEE exceptions at service points', () => {
  const exceptionId = uuidv7();
  const meterId = uuidv7();
  const servicePointId = uuidv7();
  const raised = (point: string | null) =>
    given(
      VeeExceptionRaisedV1,
      {
        exceptionId,
        meterId,
        servicePointId: point,
        channel: 'energy:import:900',
        rule: 'spike',
        from: '2026-11-03T00:00:00.000Z',
        to: '2026-11-03T01:00:00.000Z',
        detail: 'ten times the median',
      },
      point ?? meterId,
    );
  const resolved = () =>
    given(VeeExceptionResolvedV1, { exceptionId, meterId, servicePointId, resolution: 'accepted', by: 'ops-1', note: null }, servicePointId);

  it('an exception is open until it is resolved, in whichever order the two arrive', () => {
    const open = replay(veeExceptionView, [raised(servicePointId)]);
    expect(state(open.get(exceptionId))).toMatchObject({ service_point_id: servicePointId, rule: 'spike', resolution: null });
    const settledFirst = replay(veeExceptionView, [resolved(), raised(servicePointId)]);
    expect(state(settledFirst.get(exceptionId))).toMatchObject({ rule: 'spike', resolution: 'accepted', resolved_by: 'ops-1' });
  });

  it('an exception at no service point belongs to no account: skipped, with the reason', () => {
    const e = raised(null);
    expect(veeExceptionView.rowKey(e)).toBeUndefined();
    expect(veeSkipReason(e)).toContain('names no service point');
    expect(veeSkipReason(raised(servicePointId))).toBeUndefined();
  });
});
