import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { NullableUuidSchema, UuidV7Schema } from '../../values/ids';
import { CurrencySchema, DecimalSchema } from '../../values/money';
import { described, nullable, Strict, StringEnum, TextSchema } from '../../values/schema';
import { InstantSchema, LocalDateSchema } from '../../values/time';
import { CHARGE_KINDS } from '../payments/account-events';

/** Schema of {@link BillRunStartedV1}. */
export const BillRunStartedV1Schema = Strict({
  runId: UuidV7Schema,
  cycle: TextSchema(20),
  runDate: described(LocalDateSchema, "The cycle's read date the run bills up to."),
  periodStart: described(LocalDateSchema, 'The first day billed.'),
  periodEnd: described(LocalDateSchema, 'The first day not billed (the run date).'),
  bills: Type.Integer({ minimum: 0, description: 'Agreements due in the run.' }),
  startedBy: TextSchema(200),
});

/** Data of `utilia.invoicing.bill-run-started.v1`. */
export type BillRunStartedV1 = Static<typeof BillRunStartedV1Schema>;

/** A bill run started for a cycle and date: its due agreements' usage was requested. */
export const BillRunStartedV1 = defineEvent({
  context: 'invoicing',
  name: 'bill-run-started',
  version: 1,
  topic: Topics.invoicingEvents,
  description: "A bill run started for a cycle and its read date; the due agreements' usage profiles were requested.",
  partitionKey: (d) => d.runId,
  schema: BillRunStartedV1Schema,
});

/** One line of an invoice: a component of the bill with its quantity, rate and amount. */
export const InvoiceLineSchema = Strict({
  component: TextSchema(40),
  description: TextSchema(300),
  quantity: DecimalSchema,
  unit: TextSchema(20),
  rate: DecimalSchema,
  amount: described(DecimalSchema, 'In major units of the currency, rounded to its minor unit.'),
  tariffCode: TextSchema(50),
  tariffVersionId: TextSchema(100),
  from: LocalDateSchema,
  to: described(LocalDateSchema, 'The first day after the days the line prices.'),
  touPeriod: Type.Optional(TextSchema(100)),
  tier: Type.Optional(Type.Integer({ minimum: 0 })),
});

/** An invoice line. */
export type InvoiceLine = Static<typeof InvoiceLineSchema>;

/** What a bill is: a cycle's, a final bill at move-out, or a rebill after a correction. */
export const BILL_KINDS = ['cycle', 'final', 'rebill'] as const;

/** A charge raised by payments, as an invoice shows it. */
export const InvoiceChargeSchema = Strict({
  chargeId: UuidV7Schema,
  kind: StringEnum(CHARGE_KINDS),
  description: TextSchema(300),
  amount: described(DecimalSchema, 'In major units of the invoice currency.'),
});

/** A charge on an invoice. */
export type InvoiceCharge = Static<typeof InvoiceChargeSchema>;

/** One line of a rebill's difference to the invoice it replaces: the old and new line (null when there was none), the delta, and why. */
export const LineChangeSchema = Strict({
  component: TextSchema(40),
  description: TextSchema(300),
  touPeriod: Type.Optional(TextSchema(100)),
  tier: Type.Optional(Type.Integer({ minimum: 0 })),
  oldQuantity: nullable(DecimalSchema),
  newQuantity: nullable(DecimalSchema),
  oldAmount: nullable(DecimalSchema),
  newAmount: nullable(DecimalSchema),
  delta: described(DecimalSchema, 'newAmount - oldAmount (a missing side counts 0).'),
  why: TextSchema(500, { description: 'Which reading or tariff version changed.' }),
});

/** A line of a rebill's difference. */
export type LineChange = Static<typeof LineChangeSchema>;

/** Schema of {@link InvoiceIssuedV1}. */
export const InvoiceIssuedV1Schema = Strict({
  invoiceId: UuidV7Schema,
  invoiceNumber: TextSchema(40),
  runId: NullableUuidSchema,
  accountId: UuidV7Schema,
  agreementId: UuidV7Schema,
  servicePointId: UuidV7Schema,
  periodStart: LocalDateSchema,
  periodEnd: described(LocalDateSchema, 'The first day after the billed days.'),
  issueDate: LocalDateSchema,
  dueDate: LocalDateSchema,
  currency: CurrencySchema,
  lines: Type.Array(InvoiceLineSchema, { maxItems: 500 }),
  total: described(DecimalSchema, 'The amount of the invoice: the sum of the lines and of the charges.'),
  usage: Strict({
    importWh: Type.Integer({ minimum: 0 }),
    exportWh: Type.Integer({ minimum: 0 }),
    estimatedIntervals: Type.Integer({ minimum: 0 }),
  }),
  kind: Type.Optional(
    StringEnum(BILL_KINDS, { description: "A cycle's bill, a final bill at move-out, or a rebill replacing a credited invoice (absent: cycle)." }),
  ),
  charges: Type.Optional(
    Type.Array(InvoiceChargeSchema, {
      maxItems: 100,
      description:
        "Payments' charges (late fees, deposits, installments) shown on this invoice; already on the account's ledger, so payments does not debit them again.",
    }),
  ),
  replaces: Type.Optional(
    Strict(
      {
        invoiceId: UuidV7Schema,
        invoiceNumber: TextSchema(40),
        creditNoteId: UuidV7Schema,
        reason: TextSchema(500),
        changes: Type.Array(LineChangeSchema, { maxItems: 1000, description: 'The difference line by line: what changed and why.' }),
      },
      { description: 'A rebill: the invoice it replaces, credited in full by the credit note.' },
    ),
  ),
});

/** Data of `utilia.invoicing.invoice-issued.v1`. */
export type InvoiceIssuedV1 = Static<typeof InvoiceIssuedV1Schema>;

/** An invoice was issued: its number, due date, lines and total (payments debits the account). */
export const InvoiceIssuedV1 = defineEvent({
  context: 'invoicing',
  name: 'invoice-issued',
  version: 1,
  topic: Topics.invoicingEvents,
  description:
    'An invoice was issued for an agreement and billing period: gap-free number, due date, lines (component, quantity, rate, amount, tariff version) and total.',
  partitionKey: (d) => d.accountId,
  schema: InvoiceIssuedV1Schema,
});

/** Schema of {@link BillHeldV1}. */
export const BillHeldV1Schema = Strict({
  billId: UuidV7Schema,
  runId: NullableUuidSchema,
  accountId: UuidV7Schema,
  agreementId: UuidV7Schema,
  periodStart: LocalDateSchema,
  periodEnd: LocalDateSchema,
  total: nullable(DecimalSchema),
  reasons: Type.Array(Strict({ rule: TextSchema(40), detail: TextSchema(500) }), { minItems: 1, maxItems: 20 }),
});

/** Data of `utilia.invoicing.bill-held.v1`. */
export type BillHeldV1 = Static<typeof BillHeldV1Schema>;

/** A draft bill failed a check before issue and waits in the hold queue for billing-ops. */
export const BillHeldV1 = defineEvent({
  context: 'invoicing',
  name: 'bill-held',
  version: 1,
  topic: Topics.invoicingEvents,
  description:
    'A draft bill failed checks before issue (high, negative, zero, missing tariff, estimated too often, first bill too high) and waits for billing-ops.',
  partitionKey: (d) => d.accountId,
  schema: BillHeldV1Schema,
});

/** Schema of {@link CreditNoteIssuedV1}. */
export const CreditNoteIssuedV1Schema = Strict({
  creditNoteId: UuidV7Schema,
  creditNoteNumber: TextSchema(40),
  invoiceId: described(UuidV7Schema, 'The invoice credited (in full).'),
  invoiceNumber: TextSchema(40),
  accountId: UuidV7Schema,
  agreementId: UuidV7Schema,
  periodStart: LocalDateSchema,
  periodEnd: described(LocalDateSchema, 'The first day after the billed days.'),
  issueDate: LocalDateSchema,
  currency: CurrencySchema,
  lines: Type.Array(InvoiceLineSchema, { maxItems: 500, description: "The credited invoice's lines." }),
  charges: Type.Array(InvoiceChargeSchema, { maxItems: 100, description: "The credited invoice's charges (carried over to its rebill)." }),
  total: described(DecimalSchema, "The amount credited: the credited invoice's total."),
  reason: TextSchema(500),
});

/** Data of `utilia.invoicing.credit-note-issued.v1`. */
export type CreditNoteIssuedV1 = Static<typeof CreditNoteIssuedV1Schema>;

/** An invoice was credited in full (a correction changed its amount); a rebill replacing it follows (payments credits the account). */
export const CreditNoteIssuedV1 = defineEvent({
  context: 'invoicing',
  name: 'credit-note-issued',
  version: 1,
  topic: Topics.invoicingEvents,
  description: 'An invoice was credited in full by a credit note with its own gap-free number, because a correction (usage or tariff) changed its amount.',
  partitionKey: (d) => d.accountId,
  schema: CreditNoteIssuedV1Schema,
});

/** How an invoice reached the customer. */
export const DELIVERY_CHANNELS = ['email', 'post'] as const;

/** Schema of {@link InvoiceDeliveredV1}. */
export const InvoiceDeliveredV1Schema = Strict({
  documentId: described(UuidV7Schema, 'The invoice or credit note delivered.'),
  documentNumber: TextSchema(40),
  accountId: UuidV7Schema,
  channel: StringEnum(DELIVERY_CHANNELS),
  deliveredAt: InstantSchema,
  printBatchId: Type.Optional(described(UuidV7Schema, 'For post: the print batch sent to the mail house.')),
  fallbackReason: Type.Optional(TextSchema(500, { description: 'For post after e-mail failed: why the e-mail could not be sent.' })),
});

/** Data of `utilia.invoicing.invoice-delivered.v1`. */
export type InvoiceDeliveredV1 = Static<typeof InvoiceDeliveredV1Schema>;

/** An invoice's document was sent: by e-mail with the PDF, or in a print batch for the mail house (also when e-mail failed). */
export const InvoiceDeliveredV1 = defineEvent({
  context: 'invoicing',
  name: 'invoice-delivered',
  version: 1,
  topic: Topics.invoicingEvents,
  description: "An invoice's document was delivered: e-mailed with its PDF, or put in a print batch for the mail house (post, or after e-mail failed).",
  partitionKey: (d) => d.accountId,
  schema: InvoiceDeliveredV1Schema,
});
