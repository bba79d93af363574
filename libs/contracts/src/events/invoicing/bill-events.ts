import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { NullableUuidSchema, UuidV7Schema } from '../../values/ids';
import { CurrencySchema, DecimalSchema } from '../../values/money';
import { described, nullable, Strict, TextSchema } from '../../values/schema';
import { LocalDateSchema } from '../../values/time';

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
  total: described(DecimalSchema, 'The sum of the lines.'),
  usage: Strict({
    importWh: Type.Integer({ minimum: 0 }),
    exportWh: Type.Integer({ minimum: 0 }),
    estimatedIntervals: Type.Integer({ minimum: 0 }),
  }),
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
