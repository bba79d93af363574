import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { UuidV7Schema } from '../../values/ids';
import { MoneySchema } from '../../values/money';
import { described, nullable, Strict, StringEnum, TextSchema } from '../../values/schema';
import { LocalDateSchema } from '../../values/time';

/** Kinds of charges payments raises to be shown on the account's next invoice. */
export const CHARGE_KINDS = ['late-fee', 'deposit', 'installment', 'reconnection-fee', 'returned-payment-fee', 'other'] as const;
/** A kind from {@link CHARGE_KINDS}. */
export type ChargeKind = (typeof CHARGE_KINDS)[number];

/** Channels a payment comes through. */
export const PAYMENT_CHANNELS = ['card', 'bank-transfer', 'direct-debit', 'cash', 'check'] as const;

/** Schema of {@link BillableChargeRaisedV1}. */
export const BillableChargeRaisedV1Schema = Strict({
  chargeId: UuidV7Schema,
  accountId: UuidV7Schema,
  kind: StringEnum(CHARGE_KINDS),
  description: TextSchema(300, { description: 'As the invoice shows it, e.g. "Late payment fee on INV-000000042".' }),
  amount: described(MoneySchema, 'Positive; already posted to the account receivable by payments.'),
  raisedOn: LocalDateSchema,
});

/** Data of `utilia.payments.billable-charge-raised.v1`. */
export type BillableChargeRaisedV1 = Static<typeof BillableChargeRaisedV1Schema>;

/**
 * Payments charged an account something outside the tariff (a late fee, a deposit, an installment of
 * an arrangement): invoicing shows it as a line on the account's next invoice, once.
 */
export const BillableChargeRaisedV1 = defineEvent({
  context: 'payments',
  name: 'billable-charge-raised',
  version: 1,
  topic: Topics.paymentsEvents,
  description:
    "A charge outside the tariff (late fee, deposit, installment, fee) was posted to an account; invoicing shows it on the account's next invoice, once.",
  partitionKey: (d) => d.accountId,
  schema: BillableChargeRaisedV1Schema,
});

/** Schema of {@link BillableChargeCancelledV1}. */
export const BillableChargeCancelledV1Schema = Strict({
  chargeId: UuidV7Schema,
  accountId: UuidV7Schema,
  reason: TextSchema(500),
});

/** Data of `utilia.payments.billable-charge-cancelled.v1`. */
export type BillableChargeCancelledV1 = Static<typeof BillableChargeCancelledV1Schema>;

/** A charge was waived or reversed: if no invoice showed it yet, none will. */
export const BillableChargeCancelledV1 = defineEvent({
  context: 'payments',
  name: 'billable-charge-cancelled',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'A charge was waived or reversed by payments; an invoice not yet issued will not show it.',
  partitionKey: (d) => d.accountId,
  schema: BillableChargeCancelledV1Schema,
});

/** Schema of {@link PaymentReceivedV1}. */
export const PaymentReceivedV1Schema = Strict({
  paymentId: UuidV7Schema,
  accountId: UuidV7Schema,
  amount: described(MoneySchema, 'Positive.'),
  channel: StringEnum(PAYMENT_CHANNELS),
  receivedOn: LocalDateSchema,
  reference: TextSchema(140, { description: 'The payment reference the payer gave (an invoice number, say).' }),
});

/** Data of `utilia.payments.payment-received.v1`. */
export type PaymentReceivedV1 = Static<typeof PaymentReceivedV1Schema>;

/** A payment was received on an account (invoices show the payments since the last bill). */
export const PaymentReceivedV1 = defineEvent({
  context: 'payments',
  name: 'payment-received',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'A payment was received on an account through a channel (card, bank transfer, direct debit, cash, check).',
  partitionKey: (d) => d.accountId,
  schema: PaymentReceivedV1Schema,
});

/** Schema of {@link PaymentReversedV1}. */
export const PaymentReversedV1Schema = Strict({
  paymentId: UuidV7Schema,
  accountId: UuidV7Schema,
  amount: described(MoneySchema, 'The amount reversed, positive.'),
  reason: TextSchema(500, { description: 'Returned direct debit (with the return reason), bounced check, chargeback.' }),
  reversedOn: LocalDateSchema,
});

/** Data of `utilia.payments.payment-reversed.v1`. */
export type PaymentReversedV1 = Static<typeof PaymentReversedV1Schema>;

/** A payment was reversed: a returned direct debit, a bounced check or a chargeback. */
export const PaymentReversedV1 = defineEvent({
  context: 'payments',
  name: 'payment-reversed',
  version: 1,
  topic: Topics.paymentsEvents,
  description: 'A payment was reversed (returned direct debit, bounced check, chargeback); the items it paid are open again.',
  partitionKey: (d) => d.accountId,
  schema: PaymentReversedV1Schema,
});

/** Schema of {@link RefundIssuedV1}. */
export const RefundIssuedV1Schema = Strict({
  refundId: UuidV7Schema,
  accountId: UuidV7Schema,
  amount: described(MoneySchema, 'Positive: paid back out of the credit balance.'),
  channel: StringEnum(PAYMENT_CHANNELS),
  reason: TextSchema(500),
  issuedOn: LocalDateSchema,
});

/** Data of `utilia.payments.refund-issued.v1`. */
export type RefundIssuedV1 = Static<typeof RefundIssuedV1Schema>;

/** A credit balance (an overpayment) was paid back to the customer. */
export const RefundIssuedV1 = defineEvent({
  context: 'payments',
  name: 'refund-issued',
  version: 1,
  topic: Topics.paymentsEvents,
  description: "A credit balance was paid back to the customer through a channel; the account's balance rises by the amount.",
  partitionKey: (d) => d.accountId,
  schema: RefundIssuedV1Schema,
});

/** How many open items an `AccountBalanceChanged` lists at most. */
export const OPEN_ITEMS_LISTED = 50;

/** An invoice or charge not paid in full, as `AccountBalanceChanged` lists it. */
export const OpenItemSchema = Strict({
  kind: TextSchema(40, { description: 'invoice, or the kind of charge (late-fee, deposit, installment, ...).' }),
  number: TextSchema(60, { description: "The invoice number, or the charge's reference." }),
  description: TextSchema(300),
  issuedOn: LocalDateSchema,
  dueDate: nullable(LocalDateSchema),
  amount: described(MoneySchema, 'What it was for.'),
  open: described(MoneySchema, 'What is left to pay of it.'),
});

/** Schema of {@link AccountBalanceChangedV1}. */
export const AccountBalanceChangedV1Schema = Strict({
  accountId: UuidV7Schema,
  balance: described(MoneySchema, 'What the account owes (negative: a credit the customer has).'),
  pastDue: described(MoneySchema, 'The part of it past its due date.'),
  openItems: Type.Integer({ minimum: 0, description: 'Invoices and charges not paid in full.' }),
  items: Type.Optional(
    Type.Array(OpenItemSchema, {
      maxItems: OPEN_ITEMS_LISTED,
      description: `The open items themselves, oldest first (the first ${OPEN_ITEMS_LISTED} when there are more; openItems counts them all).`,
    }),
  ),
  asOf: LocalDateSchema,
  cause: TextSchema(40, { description: 'What moved it: invoice, credit-note, payment, reversal, refund, charge, write-off, deposit.' }),
});

/** Data of `utilia.payments.account-balance-changed.v1`. */
export type AccountBalanceChangedV1 = Static<typeof AccountBalanceChangedV1Schema>;

/** An account's receivable moved: its new balance, what is past due and how many items are open (the account 360 view shows it). */
export const AccountBalanceChangedV1 = defineEvent({
  context: 'payments',
  name: 'account-balance-changed',
  version: 1,
  topic: Topics.paymentsEvents,
  description: "An account's receivable moved (invoice, credit note, payment, reversal, refund, charge, write-off): its balance, past-due part and open items.",
  partitionKey: (d) => d.accountId,
  schema: AccountBalanceChangedV1Schema,
});
