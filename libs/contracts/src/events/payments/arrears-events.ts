import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { UuidV7Schema } from '../../values/ids';
import { MoneySchema } from '../../values/money';
import { described, Strict, StringEnum, TextSchema } from '../../values/schema';
import { LocalDateSchema } from '../../values/time';
import { PAYMENT_CHANNELS } from './account-events';

// Collections (dunning), deposits, payment arrangements and write-offs: each step payments takes on an
// account that does not pay, as facts the account 360 view shows. The disconnection and reconnection
// requests themselves are in collections-events.ts.

/** The steps of collections, in the order they are taken. */
export const COLLECTIONS_STEPS = ['late-fee', 'reminder', 'final-notice', 'disconnection'] as const;
/** A step from {@link COLLECTIONS_STEPS}. */
export type CollectionsStep = (typeof COLLECTIONS_STEPS)[number];

/** The notices collections sends before it asks for a disconnection. */
export const COLLECTIONS_NOTICES = ['reminder', 'final-notice'] as const;

/** What happened to a collections case. */
export const COLLECTIONS_CASE_STATUSES = ['opened', 'on-hold', 'closed'] as const;

/** Why a collections case was opened, put on hold or closed. */
export const COLLECTIONS_CASE_REASONS = [
  'past-due',
  'arrangement-broken',
  'disconnection-refused',
  'paid-in-full',
  'payment-arrangement',
  'written-off',
] as const;

/** Why collections did not take a step that was due. */
export const COLLECTIONS_EXEMPTIONS = ['below-minimum', 'customer-protected', 'moratorium'] as const;

/** What a deposit was required for. */
export const DEPOSIT_BASES = ['customer-class', 'credit-check'] as const;

/** Why a deposit was paid back. */
export const DEPOSIT_REFUND_REASONS = ['account-closed', 'on-time-payment'] as const;

/** The results of a credit check, as the credit agency grades it. */
export const CREDIT_CHECK_RESULTS = ['pass', 'marginal', 'fail'] as const;
/** A result from {@link CREDIT_CHECK_RESULTS}. */
export type CreditCheckResult = (typeof CREDIT_CHECK_RESULTS)[number];

/** Why a payment arrangement was broken. */
export const ARRANGEMENT_BREAK_REASONS = ['installment-missed', 'current-charges-unpaid'] as const;

/** Schema of {@link CollectionsCaseChangedV1}. */
export const CollectionsCaseChangedV1Schema = Strict({
  caseId: UuidV7Schema,
  accountId: UuidV7Schema,
  status: StringEnum(COLLECTIONS_CASE_STATUSES),
  reason: StringEnum(COLLECTIONS_CASE_REASONS),
  detail: Type.Optional(TextSchema(500, { description: 'In words, e.g. why the customer service refused a disconnection.' })),
  arrears: described(MoneySchema, 'What was past due on the account when the case changed (zero when paid in full).'),
  changedOn: LocalDateSchema,
});

/** Data of `utilia.payments.collections-case-changed.v1`. */
export type CollectionsCaseChangedV1 = Static<typeof CollectionsCaseChangedV1Schema>;

/**
 * An account's collections case was opened (past due beyond grace, or an arrangement broken), put on
 * hold (a disconnection refused) or closed (paid in full, a payment arrangement made, written off).
 */
export const CollectionsCaseChangedV1 = defineEvent({
  context: 'payments',
  name: 'collections-case-changed',
  version: 1,
  topic: Topics.paymentsEvents,
  description: "An account's collections case was opened, put on hold or closed, with the reason and the arrears at that moment.",
  partitionKey: (d) => d.accountId,
  schema: CollectionsCaseChangedV1Schema,
});

/** Schema of {@link LateFeeChargedV1}. */
export const LateFeeChargedV1Schema = Strict({
  caseId: UuidV7Schema,
  accountId: UuidV7Schema,
  chargeId: described(UuidV7Schema, 'The charge (BillableChargeRaised, kind late-fee) that the next invoice shows.'),
  itemNumber: TextSchema(40, { description: 'The invoice paid late.' }),
  pastDue: described(MoneySchema, 'What was open of that invoice past its due date and grace.'),
  fee: described(MoneySchema, 'The fee charged: a percent of the past-due amount up to a cap, or a fixed amount.'),
  chargedOn: LocalDateSchema,
});

/** Data of `utilia.payments.late-fee-charged.v1`. */
export type LateFeeChargedV1 = Static<typeof LateFeeChargedV1Schema>;

/** Collections charged a late fee on an invoice not paid by its due date and grace (the first step of a case). */
export const LateFeeChargedV1 = defineEvent({
  context: 'payments',
  name: 'late-fee-charged',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'Collections charged a late fee on an invoice still open after its due date and grace days.',
  partitionKey: (d) => d.accountId,
  schema: LateFeeChargedV1Schema,
});

/** Schema of {@link CollectionsNoticeSentV1}. */
export const CollectionsNoticeSentV1Schema = Strict({
  noticeId: UuidV7Schema,
  caseId: UuidV7Schema,
  accountId: UuidV7Schema,
  notice: StringEnum(COLLECTIONS_NOTICES),
  arrears: described(MoneySchema, 'What is past due on the account.'),
  sentOn: LocalDateSchema,
  payBy: described(LocalDateSchema, 'The last day to pay before the next step (after a final notice: the disconnection request).'),
});

/** Data of `utilia.payments.collections-notice-sent.v1`. */
export type CollectionsNoticeSentV1 = Static<typeof CollectionsNoticeSentV1Schema>;

/** Collections issued a reminder or a final notice for an account's arrears, with the date by which to pay. */
export const CollectionsNoticeSentV1 = defineEvent({
  context: 'payments',
  name: 'collections-notice-sent',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'Collections issued a reminder or a final notice to an account: the arrears and the last day to pay before the next step.',
  partitionKey: (d) => d.accountId,
  schema: CollectionsNoticeSentV1Schema,
});

/** Schema of {@link CollectionsStepWithheldV1}. */
export const CollectionsStepWithheldV1Schema = Strict({
  caseId: UuidV7Schema,
  accountId: UuidV7Schema,
  step: StringEnum(COLLECTIONS_STEPS),
  reason: StringEnum(COLLECTIONS_EXEMPTIONS),
  detail: TextSchema(500, { description: 'In words: which protection, which moratorium, what minimum.' }),
  withheldOn: LocalDateSchema,
});

/** Data of `utilia.payments.collections-step-withheld.v1`. */
export type CollectionsStepWithheldV1 = Static<typeof CollectionsStepWithheldV1Schema>;

/**
 * A collections step was due but not taken: the customer is protected, a moratorium is in force, or
 * the arrears are below the minimum. Said once per step and reason; the step follows when the
 * exemption no longer holds.
 */
export const CollectionsStepWithheldV1 = defineEvent({
  context: 'payments',
  name: 'collections-step-withheld',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'A collections step was due but withheld (customer protected, moratorium, arrears below the minimum), once per step and reason.',
  partitionKey: (d) => d.accountId,
  schema: CollectionsStepWithheldV1Schema,
});

/** Schema of {@link CreditCheckRecordedV1}. */
export const CreditCheckRecordedV1Schema = Strict({
  accountId: UuidV7Schema,
  result: StringEnum(CREDIT_CHECK_RESULTS),
  agency: Type.Optional(TextSchema(100, { description: 'The credit agency that graded the customer.' })),
  checkedOn: LocalDateSchema,
});

/** Data of `utilia.payments.credit-check-recorded.v1`. */
export type CreditCheckRecordedV1 = Static<typeof CreditCheckRecordedV1Schema>;

/** The result of a credit check on an account's customer was recorded; the deposit rule reads it. */
export const CreditCheckRecordedV1 = defineEvent({
  context: 'payments',
  name: 'credit-check-recorded',
  version: 1,
  topic: Topics.paymentsEvents,
  description: "The result of a credit check of an account's customer was recorded (pass, marginal, fail); a deposit may be required from it.",
  partitionKey: (d) => d.accountId,
  schema: CreditCheckRecordedV1Schema,
});

/** Schema of {@link DepositRequiredV1}. */
export const DepositRequiredV1Schema = Strict({
  depositId: UuidV7Schema,
  accountId: UuidV7Schema,
  chargeId: described(UuidV7Schema, 'The charge (BillableChargeRaised, kind deposit) the next invoice shows.'),
  amount: described(MoneySchema, 'Held for the customer as a liability once paid.'),
  basis: StringEnum(DEPOSIT_BASES),
  reason: TextSchema(200, { description: 'In words, e.g. "customer class commercial" or "credit check fail".' }),
  requiredOn: LocalDateSchema,
});

/** Data of `utilia.payments.deposit-required.v1`. */
export type DepositRequiredV1 = Static<typeof DepositRequiredV1Schema>;

/** A deposit was required of an account by the deposit rule (its customer class, a credit check) and charged on its next invoice. */
export const DepositRequiredV1 = defineEvent({
  context: 'payments',
  name: 'deposit-required',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'A deposit was required of an account (customer class or credit check) and charged on its next invoice; held as a liability.',
  partitionKey: (d) => d.accountId,
  schema: DepositRequiredV1Schema,
});

/** Schema of {@link DepositAppliedV1}. */
export const DepositAppliedV1Schema = Strict({
  depositId: UuidV7Schema,
  accountId: UuidV7Schema,
  amount: described(MoneySchema, "The part of the deposit paid that went to the account's debt."),
  unpaid: described(MoneySchema, 'The part of the deposit that was never paid: no longer owed.'),
  appliedOn: LocalDateSchema,
});

/** Data of `utilia.payments.deposit-applied.v1`. */
export type DepositAppliedV1 = Static<typeof DepositAppliedV1Schema>;

/** An account closed: its deposit paid the debt it had left (what is over is refunded: DepositRefunded). */
export const DepositAppliedV1 = defineEvent({
  context: 'payments',
  name: 'deposit-applied',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'An account closed and its deposit was applied to the debt left; the part never paid is no longer owed.',
  partitionKey: (d) => d.accountId,
  schema: DepositAppliedV1Schema,
});

/** Schema of {@link DepositRefundedV1}. */
export const DepositRefundedV1Schema = Strict({
  depositId: UuidV7Schema,
  accountId: UuidV7Schema,
  amount: described(MoneySchema, 'Paid back to the customer.'),
  channel: StringEnum(PAYMENT_CHANNELS),
  reason: StringEnum(DEPOSIT_REFUND_REASONS),
  refundedOn: LocalDateSchema,
});

/** Data of `utilia.payments.deposit-refunded.v1`. */
export type DepositRefundedV1 = Static<typeof DepositRefundedV1Schema>;

/** A deposit (or what was left of it after the final debt) was paid back: the account closed, or paid on time long enough. */
export const DepositRefundedV1 = defineEvent({
  context: 'payments',
  name: 'deposit-refunded',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'A deposit was paid back to the customer: the account closed (what the final debt left), or it paid on time for the months required.',
  partitionKey: (d) => d.accountId,
  schema: DepositRefundedV1Schema,
});

/** Schema of one installment of a {@link PaymentArrangementMadeV1}. */
export const InstallmentSchema = Strict({
  number: Type.Integer({ minimum: 1, maximum: 36 }),
  amount: described(MoneySchema, 'The installments add up to the arrears exactly.'),
  dueDate: described(LocalDateSchema, 'Planned: the due date of the invoice that shows it.'),
});

/** Schema of {@link PaymentArrangementMadeV1}. */
export const PaymentArrangementMadeV1Schema = Strict({
  arrangementId: UuidV7Schema,
  accountId: UuidV7Schema,
  arrears: described(MoneySchema, 'The past-due debt the arrangement spreads.'),
  installments: Type.Array(InstallmentSchema, { minItems: 1, maxItems: 36 }),
  madeOn: LocalDateSchema,
});

/** Data of `utilia.payments.payment-arrangement-made.v1`. */
export type PaymentArrangementMadeV1 = Static<typeof PaymentArrangementMadeV1Schema>;

/** An account's arrears were split into installments, each billed on one of its coming invoices; collections is suspended meanwhile. */
export const PaymentArrangementMadeV1 = defineEvent({
  context: 'payments',
  name: 'payment-arrangement-made',
  version: 1,
  topic: Topics.paymentsEvents,
  description: "An account's past-due arrears were split into installments billed on its coming invoices; collections is suspended while it holds.",
  partitionKey: (d) => d.accountId,
  schema: PaymentArrangementMadeV1Schema,
});

/** Schema of {@link PaymentArrangementBrokenV1}. */
export const PaymentArrangementBrokenV1Schema = Strict({
  arrangementId: UuidV7Schema,
  accountId: UuidV7Schema,
  reason: StringEnum(ARRANGEMENT_BREAK_REASONS),
  missedInstallment: Type.Optional(Type.Integer({ minimum: 1, maximum: 36, description: 'The installment not paid by its due date and grace.' })),
  owed: described(MoneySchema, 'What of the arrangement is still owed: back in collections.'),
  brokenOn: LocalDateSchema,
});

/** Data of `utilia.payments.payment-arrangement-broken.v1`. */
export type PaymentArrangementBrokenV1 = Static<typeof PaymentArrangementBrokenV1Schema>;

/** An installment (or a current bill) was not paid by its due date and grace: the arrangement ends and the account is back in collections. */
export const PaymentArrangementBrokenV1 = defineEvent({
  context: 'payments',
  name: 'payment-arrangement-broken',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'A payment arrangement was broken (an installment or a current bill unpaid after its due date and grace); the account is back in collections.',
  partitionKey: (d) => d.accountId,
  schema: PaymentArrangementBrokenV1Schema,
});

/** Schema of {@link PaymentArrangementCompletedV1}. */
export const PaymentArrangementCompletedV1Schema = Strict({
  arrangementId: UuidV7Schema,
  accountId: UuidV7Schema,
  paid: described(MoneySchema, 'The arrears the installments paid.'),
  completedOn: LocalDateSchema,
});

/** Data of `utilia.payments.payment-arrangement-completed.v1`. */
export type PaymentArrangementCompletedV1 = Static<typeof PaymentArrangementCompletedV1Schema>;

/** Every installment of an arrangement was paid. */
export const PaymentArrangementCompletedV1 = defineEvent({
  context: 'payments',
  name: 'payment-arrangement-completed',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'Every installment of a payment arrangement was paid.',
  partitionKey: (d) => d.accountId,
  schema: PaymentArrangementCompletedV1Schema,
});

/** Schema of {@link AccountWrittenOffV1}. */
export const AccountWrittenOffV1Schema = Strict({
  writeOffId: UuidV7Schema,
  accountId: UuidV7Schema,
  amount: described(MoneySchema, 'The debt written off as bad debt, positive.'),
  reason: TextSchema(500),
  writtenOffOn: LocalDateSchema,
});

/** Data of `utilia.payments.account-written-off.v1`. */
export type AccountWrittenOffV1 = Static<typeof AccountWrittenOffV1Schema>;

/** Debt of an account was written off as uncollectable (an expense; the receivable cleared by the amount). */
export const AccountWrittenOffV1 = defineEvent({
  context: 'payments',
  name: 'account-written-off',
  version: 1,
  topic: Topics.paymentsEvents,
  description: "Debt of an account was written off as bad debt: the receivable is cleared by the amount and the account's open items paid by it.",
  partitionKey: (d) => d.accountId,
  schema: AccountWrittenOffV1Schema,
});
