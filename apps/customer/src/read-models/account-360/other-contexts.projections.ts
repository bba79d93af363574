import {
  AccountBalanceChangedV1,
  CollectionsCaseChangedV1,
  CollectionsNoticeSentV1,
  CollectionsStepWithheldV1,
  COLLECTIONS_STEPS,
  CreditNoteIssuedV1,
  DisconnectionRequestedV1,
  InvoiceDeliveredV1,
  InvoiceIssuedV1,
  LateFeeChargedV1,
  PaymentArrangementBrokenV1,
  PaymentArrangementCompletedV1,
  PaymentArrangementMadeV1,
  ReconnectionRequestedV1,
  VeeExceptionRaisedV1,
  VeeExceptionResolvedV1,
  type CollectionsStep,
} from '@utilia/contracts';
import { isEvent as is, type Projection, type ProjectionEvent, type ProjectionRow, type ProjectionState } from '@utilia/platform';

// What invoicing, payments and metering say about an account, kept by the customer service for the
// account 360 view. Each read model is keyed by the id its events share (an account, an invoice, an
// arrangement, a VEE exception) and its `evolve` is pure. Rows of accounts this service does not know
// (yet) are kept all the same: the view joins them from the account, so they show once it exists.
// Events of one stream reach `evolve` in version order (the feed sees to it); events of different
// streams may not, so rows fed by several streams take each event's part without assuming an order.

type Row = ProjectionRow & Record<string, unknown>;
type Next = ProjectionState<Row> | undefined;

/** The id in the event data that keys a read model, for the event types listed. */
function keyedBy(field: string, ...types: Array<{ type: string }>): (e: ProjectionEvent) => string | undefined {
  const names = new Set(types.map((t) => t.type));
  return (e) => (names.has(e.type) ? ((e.data as Record<string, string | null>)[field] ?? undefined) : undefined);
}

// --- Balance (payments) ---------------------------------------------------------------------------

/**
 * The account's receivable as payments last announced it (`AccountBalanceChanged`, on the account's
 * stream in payments, so in order): balance, the past-due part, how many items are open and the
 * oldest of them (null when the event did not list them).
 */
export const accountBalanceView: Projection<Row> = {
  table: 'rm_account_balance',
  rowKey: keyedBy('accountId', AccountBalanceChangedV1),
  evolve(_row, e): Next {
    if (!is(e, AccountBalanceChangedV1)) return undefined;
    const d = e.data;
    return {
      id: d.accountId,
      currency: d.balance.currency,
      balance: d.balance.amount,
      past_due: d.pastDue.amount,
      open_items: d.openItems,
      items: d.items ?? null,
      as_of: d.asOf,
      cause: d.cause,
    };
  },
};

// --- Invoices (invoicing) ---------------------------------------------------------------------------

/** An invoice row before its InvoiceIssued arrived: every column there, none known yet. */
const NO_INVOICE = {
  agreement_id: null,
  service_point_id: null,
  number: null,
  kind: null,
  period_start: null,
  period_end: null,
  issue_date: null,
  due_date: null,
  currency: null,
  total: null,
  import_wh: null,
  export_wh: null,
  estimated_intervals: null,
  replaces_invoice_id: null,
  credit_note_id: null,
  credit_note_number: null,
  credited_on: null,
  delivery_channel: null,
  delivered_at: null,
};

/**
 * Invoices, one row per invoice: the issue (number, period, amount due, due date, billed usage), the
 * credit note that cancelled it (a rebill replaces it) and its delivery. The three come on two streams
 * (the bill's and the document's), so each sets its own columns over whatever arrived first. A
 * credit note's own delivery (InvoiceDelivered names any document) leaves a row without a number,
 * which the view never shows.
 */
export const invoiceView: Projection<Row> = {
  table: 'rm_invoice',
  rowKey(e) {
    if (is(e, InvoiceIssuedV1) || is(e, CreditNoteIssuedV1)) return e.data.invoiceId;
    if (is(e, InvoiceDeliveredV1)) return e.data.documentId;
    return undefined;
  },
  evolve(row, e): Next {
    const base = row ?? { ...NO_INVOICE };
    if (is(e, InvoiceIssuedV1)) {
      const d = e.data;
      return {
        ...base,
        id: d.invoiceId,
        account_id: d.accountId,
        agreement_id: d.agreementId,
        service_point_id: d.servicePointId,
        number: d.invoiceNumber,
        kind: d.kind ?? 'cycle',
        period_start: d.periodStart,
        period_end: d.periodEnd,
        issue_date: d.issueDate,
        due_date: d.dueDate,
        currency: d.currency,
        total: d.total,
        import_wh: d.usage.importWh,
        export_wh: d.usage.exportWh,
        estimated_intervals: d.usage.estimatedIntervals,
        replaces_invoice_id: d.replaces?.invoiceId ?? null,
      };
    }
    if (is(e, CreditNoteIssuedV1)) {
      const d = e.data;
      return {
        ...base,
        id: d.invoiceId,
        account_id: d.accountId,
        credit_note_id: d.creditNoteId,
        credit_note_number: d.creditNoteNumber,
        credited_on: d.issueDate,
      };
    }
    if (is(e, InvoiceDeliveredV1)) {
      const d = e.data;
      return { ...base, id: d.documentId, account_id: d.accountId, delivery_channel: d.channel, delivered_at: d.deliveredAt };
    }
    return undefined;
  },
};

// --- Collections (payments) -------------------------------------------------------------------------

/** The furthest of two collections steps (a late fee after a reminder does not take the case back). */
export function furthestStep(a: CollectionsStep | null, b: CollectionsStep): CollectionsStep {
  return a !== null && COLLECTIONS_STEPS.indexOf(a) > COLLECTIONS_STEPS.indexOf(b) ? a : b;
}

/**
 * Whether collections stands still because the customer is protected: a step withheld for it, or the
 * case put on hold because the customer service refused the disconnection for it (payments writes
 * the refusal's reason first in the detail, `customer-protected: ...`).
 */
export function collectionsProtected(row: Record<string, unknown>): boolean {
  const withheld = row.withheld as { reason: string } | null;
  if (withheld?.reason === 'customer-protected') return true;
  return row.status === 'on-hold' && row.reason === 'disconnection-refused' && String(row.detail ?? '').startsWith('customer-protected');
}

/** A case that starts over: nothing of the previous case's steps carries into it. */
function newCase(accountId: string, caseId: string | null): Row {
  return {
    id: accountId,
    case_id: caseId,
    status: 'open',
    reason: null,
    detail: null,
    currency: null,
    arrears: null,
    opened_on: null,
    changed_on: null,
    step: null,
    step_on: null,
    pay_by: null,
    withheld: null,
    disconnection: null,
    reconnection: null,
    customer_protected: false,
  } as unknown as Row;
}

/**
 * The row an event of case `caseId` applies to: the row's case, or a new one when the event is of a
 * later case (case ids are UUIDv7, so they sort by when the case opened); undefined for an event of
 * an earlier case, which the view no longer shows. A row whose case is not known yet (a disconnection
 * request came first) takes the case of the event.
 */
function caseRow(row: Row | undefined, accountId: string, caseId: string): Row | undefined {
  if (!row) return newCase(accountId, caseId);
  const current = row.case_id as string | null;
  if (current === null || current === caseId) return { ...row, case_id: caseId };
  return caseId > current ? newCase(accountId, caseId) : undefined;
}

const withProtection = (row: Row): Next => ({ ...row, customer_protected: collectionsProtected(row) });

/**
 * The account's collections case, its latest one: status (open, on hold, closed) and why, the arrears
 * payments last stated, the furthest step taken (late fee, reminder, final notice, disconnection) with
 * its pay-by date, a step withheld and why, the disconnection and reconnection requests, and whether
 * the customer's protection is what holds it. One row per account: a case opened later replaces the
 * row's case. The case's events share the case's stream in payments, so they come in order.
 */
export const collectionsView: Projection<Row> = {
  table: 'rm_collections',
  rowKey: keyedBy(
    'accountId',
    CollectionsCaseChangedV1,
    LateFeeChargedV1,
    CollectionsNoticeSentV1,
    CollectionsStepWithheldV1,
    DisconnectionRequestedV1,
    ReconnectionRequestedV1,
  ),
  evolve(row, e): Next {
    if (is(e, CollectionsCaseChangedV1)) {
      const d = e.data;
      const c = caseRow(row, d.accountId, d.caseId);
      if (!c) return undefined;
      return withProtection({
        ...c,
        status: d.status === 'opened' ? 'open' : d.status,
        reason: d.reason,
        detail: d.detail ?? null,
        currency: d.arrears.currency,
        arrears: d.arrears.amount,
        opened_on: d.status === 'opened' ? d.changedOn : c.opened_on,
        changed_on: d.changedOn,
      });
    }
    if (is(e, LateFeeChargedV1) || is(e, CollectionsNoticeSentV1)) {
      const d = e.data;
      const c = caseRow(row, d.accountId, d.caseId);
      if (!c) return undefined;
      const [step, on] = is(e, LateFeeChargedV1) ? (['late-fee', e.data.chargedOn] as const) : ([e.data.notice, e.data.sentOn] as const);
      const further = furthestStep(c.step as CollectionsStep | null, step) === step;
      // A notice is the step that was due: the one withheld before is not withheld any more (payments
      // clears it too). A late fee is charged per invoice beside the steps and changes neither.
      const notice = is(e, CollectionsNoticeSentV1)
        ? { currency: e.data.arrears.currency, arrears: e.data.arrears.amount, withheld: null, ...(further ? { pay_by: e.data.payBy } : {}) }
        : {};
      return withProtection({ ...c, ...notice, ...(further ? { step, step_on: on } : {}) });
    }
    if (is(e, CollectionsStepWithheldV1)) {
      const d = e.data;
      const c = caseRow(row, d.accountId, d.caseId);
      if (!c) return undefined;
      return withProtection({ ...c, withheld: { step: d.step, reason: d.reason, detail: d.detail, withheldOn: d.withheldOn } });
    }
    // The requests name no case: they belong to the case the row holds (the one that asked).
    if (is(e, DisconnectionRequestedV1)) {
      const d = e.data;
      const c = row ?? newCase(d.accountId, null);
      return withProtection({
        ...c,
        withheld: null,
        // The request carries an instant, not a business day: its time is in `disconnection`.
        step: 'disconnection',
        step_on: null,
        pay_by: null,
        disconnection: { requestId: d.requestId, requestedAt: d.requestedAt, arrears: d.arrears },
      });
    }
    if (is(e, ReconnectionRequestedV1)) {
      const d = e.data;
      const c = row ?? newCase(d.accountId, null);
      return { ...c, reconnection: { requestId: d.requestId, reason: d.reason, requestedAt: d.requestedAt } };
    }
    return undefined;
  },
};

// --- Payment arrangements (payments) ---------------------------------------------------------------

/**
 * Payment arrangements, one row per arrangement: the arrears spread, the installments (amounts as
 * decimal strings in their jsonb), and whether it is active, broken (why, what is still owed) or
 * completed. Made, broken and completed share the arrangement's stream; an end seen before the
 * arrangement itself (a replay from a dead letter) is kept and not undone by it.
 */
export const arrangementView: Projection<Row> = {
  table: 'rm_payment_arrangement',
  rowKey: keyedBy('arrangementId', PaymentArrangementMadeV1, PaymentArrangementBrokenV1, PaymentArrangementCompletedV1),
  evolve(row, e): Next {
    // Whichever event comes first makes the row; each fills in its own columns.
    const base = {
      status: 'active',
      currency: null,
      arrears: null,
      installments: [],
      made_on: null,
      ended_on: null,
      break_reason: null,
      missed_installment: null,
      owed: null,
      paid: null,
      ...(row ?? {}),
    };
    if (is(e, PaymentArrangementMadeV1)) {
      const d = e.data;
      return {
        ...base,
        id: d.arrangementId,
        account_id: d.accountId,
        currency: d.arrears.currency,
        arrears: d.arrears.amount,
        installments: d.installments.map((i) => ({ number: i.number, amount: i.amount, dueDate: i.dueDate })),
        made_on: d.madeOn,
      };
    }
    if (is(e, PaymentArrangementBrokenV1)) {
      const d = e.data;
      return {
        ...base,
        id: d.arrangementId,
        account_id: d.accountId,
        currency: base.currency ?? d.owed.currency,
        status: 'broken',
        ended_on: d.brokenOn,
        break_reason: d.reason,
        missed_installment: d.missedInstallment ?? null,
        owed: d.owed.amount,
      };
    }
    if (is(e, PaymentArrangementCompletedV1)) {
      const d = e.data;
      return {
        ...base,
        id: d.arrangementId,
        account_id: d.accountId,
        currency: base.currency ?? d.paid.currency,
        status: 'completed',
        ended_on: d.completedOn,
        paid: d.paid.amount,
      };
    }
    return undefined;
  },
};

// --- VEE exceptions (metering) -------------------------------------------------------------------

/**
 * Why metering's VEE exception cannot be shown on any account: it names no service point (the meter
 * was installed nowhere when its readings were taken), and only a service point leads to an agreement
 * and so to an account. Undefined for every other event.
 */
export function veeSkipReason(e: ProjectionEvent): string | undefined {
  if ((is(e, VeeExceptionRaisedV1) || is(e, VeeExceptionResolvedV1)) && e.data.servicePointId === null) {
    return `VEE exception ${e.data.exceptionId} of meter ${e.data.meterId} names no service point: no account to show it on`;
  }
  return undefined;
}

const exceptionIdOf = keyedBy('exceptionId', VeeExceptionRaisedV1, VeeExceptionResolvedV1);

/**
 * Metering's VEE exceptions at service points, one row per exception: raised (rule, channel, the
 * readings' interval) and, once a person settled it, how. The view maps a point's exceptions to the
 * account whose agreement there covers their readings. Exceptions without a service point are
 * skipped (see {@link veeSkipReason}); a resolution seen first is kept until the raise arrives.
 */
export const veeExceptionView: Projection<Row> = {
  table: 'rm_vee_exception',
  rowKey: (e) => (veeSkipReason(e) === undefined ? exceptionIdOf(e) : undefined),
  evolve(row, e): Next {
    const base = { rule: null, channel: null, from_at: null, to_at: null, detail: null, resolution: null, resolved_by: null, ...(row ?? {}) };
    if (is(e, VeeExceptionRaisedV1)) {
      const d = e.data;
      return {
        ...base,
        id: d.exceptionId,
        meter_id: d.meterId,
        service_point_id: d.servicePointId,
        rule: d.rule,
        channel: d.channel,
        from_at: d.from,
        to_at: d.to,
        detail: d.detail,
      };
    }
    if (is(e, VeeExceptionResolvedV1)) {
      const d = e.data;
      return { ...base, id: d.exceptionId, meter_id: d.meterId, service_point_id: d.servicePointId, resolution: d.resolution, resolved_by: d.by };
    }
    return undefined;
  },
};

/** The read models of the account 360 view fed by invoicing, payments and metering. */
export const otherContextViews = [accountBalanceView, invoiceView, collectionsView, arrangementView, veeExceptionView];
