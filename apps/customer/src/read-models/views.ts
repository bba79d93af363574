import {
  ACCOUNT_ROLES,
  AddressSchema,
  ARRANGEMENT_BREAK_REASONS,
  BILL_KINDS,
  COLLECTIONS_CASE_REASONS,
  COLLECTIONS_EXEMPTIONS,
  COLLECTIONS_STEPS,
  COMMODITIES,
  CONNECTION_STATUSES,
  described,
  FieldReadSchema,
  InstantSchema,
  INTERACTION_CHANNELS,
  INTERACTION_LINK_KINDS,
  DELIVERY_CHANNELS,
  LocalDateSchema,
  METERING_ARRANGEMENTS,
  MoneySchema,
  nullable,
  OPEN_ITEMS_LISTED,
  OpenItemSchema,
  PREMISE_TYPES,
  RECONNECTION_REASONS,
  STOP_REASONS,
  StringEnum,
  UuidV7Schema,
  VEE_RULES,
  WORK_ORDER_REASONS,
  WORK_ORDER_TYPES,
} from '@utilia/contracts';
import { Type, type TSchema } from '@sinclair/typebox';
import { CustomerView } from '../customer/customer.schemas';

// The answers of the read-model queries, for the OpenAPI document. Views may gain fields (additive
// changes stay in a version), so they are open objects; requests are strict.

/** An account: number, status, currency, bill cycle, billing address and roles. */
export const AccountView = Type.Object({
  id: UuidV7Schema,
  accountNumber: Type.String({ description: 'People-facing number: digits ending in a Luhn check digit.' }),
  customerId: UuidV7Schema,
  status: StringEnum(['open', 'closed'] as const),
  currency: Type.String(),
  billCycle: Type.String(),
  billingAddress: nullable(AddressSchema),
  roles: Type.Array(Type.Object({ customerId: UuidV7Schema, role: StringEnum(ACCOUNT_ROLES) })),
  openedOn: LocalDateSchema,
  closedOn: nullable(LocalDateSchema),
});

/** A service agreement with its tariff history. */
export const AgreementView = Type.Object({
  id: UuidV7Schema,
  accountId: UuidV7Schema,
  servicePointId: UuidV7Schema,
  commodity: StringEnum(COMMODITIES),
  tariffCode: Type.String({
    description: 'The tariff in force today (for an agreement not started yet, the one it starts on; for one ended, the one it ended on).',
  }),
  tariffFrom: described(LocalDateSchema, 'Since when that tariff is in force.'),
  scheduledTariffChanges: Type.Array(Type.Object({ tariffCode: Type.String(), from: LocalDateSchema }), {
    description: 'Changes that take effect after today, in date order.',
  }),
  tariffs: Type.Array(Type.Object({ tariffCode: Type.String(), from: LocalDateSchema }), { description: 'The whole tariff history, oldest first.' }),
  startDate: LocalDateSchema,
  endDate: nullable(LocalDateSchema),
  stopReason: nullable(StringEnum(STOP_REASONS)),
  meteringArrangement: StringEnum(METERING_ARRANGEMENTS, { description: 'How on-site generation (solar) is settled on its bills; none without.' }),
});

/** A service point and what measures it. */
export const ServicePointFields = {
  id: UuidV7Schema,
  premiseId: UuidV7Schema,
  commodity: StringEnum(COMMODITIES),
  marketId: Type.String(),
  connectionStatus: StringEnum(CONNECTION_STATUSES),
  meterSerial: nullable(Type.String()),
};

/** A service point with its agreements, newest first. */
export const ServicePointView = Type.Object({ ...ServicePointFields, agreements: Type.Array(AgreementView) });

/** A premise with its service points and who is on supply at each. */
export const PremiseView = Type.Object({
  id: UuidV7Schema,
  address: AddressSchema,
  premiseType: StringEnum(PREMISE_TYPES),
  landlordAccountId: nullable(UuidV7Schema),
  servicePoints: Type.Array(ServicePointView),
});

/** A work order and where it is in its life. */
export const WorkOrderView = Type.Object({
  id: UuidV7Schema,
  accountId: nullable(UuidV7Schema),
  servicePointId: UuidV7Schema,
  type: StringEnum(WORK_ORDER_TYPES),
  reason: StringEnum(WORK_ORDER_REASONS),
  status: StringEnum(['scheduled', 'dispatched', 'completed', 'cancelled'] as const),
  appointment: nullable(Type.Object({ from: InstantSchema, to: InstantSchema })),
  requestedBy: Type.Object({ kind: StringEnum(['csr', 'process', 'event'] as const), ref: Type.String() }),
  crew: nullable(Type.String()),
  notes: nullable(Type.String()),
  completion: nullable(
    Type.Object({
      completedAt: InstantSchema,
      meterSerial: nullable(Type.String()),
      removedMeterSerial: nullable(Type.String()),
      reads: Type.Array(FieldReadSchema),
      notes: nullable(Type.String()),
    }),
  ),
  cancelReason: nullable(Type.String()),
  scheduledAt: InstantSchema,
});

/** A contact with a customer. */
export const InteractionView = Type.Object({
  id: UuidV7Schema,
  customerId: nullable(UuidV7Schema),
  accountId: nullable(UuidV7Schema),
  channel: StringEnum(INTERACTION_CHANNELS),
  reason: Type.String(),
  notes: Type.String(),
  csr: Type.String({ description: 'The subject of the CSR who recorded it.' }),
  links: Type.Array(Type.Object({ kind: StringEnum(INTERACTION_LINK_KINDS), id: Type.String() })),
  occurredAt: InstantSchema,
});

/** One page of a list and the cursor of the next (null on the last page). */
export function PageOf<S extends TSchema>(item: S) {
  return Type.Object({ items: Type.Array(item), nextCursor: nullable(Type.String({ description: 'Pass as `cursor` for the next page.' })) });
}

/** From payments (AccountBalanceChanged): the receivable as it last announced it. */
export const BalancePart = Type.Object(
  {
    balance: described(MoneySchema, 'What the account owes (negative: a credit).'),
    pastDue: described(MoneySchema, 'The part of it past its due date.'),
    openItems: Type.Integer({ minimum: 0, description: 'How many invoices and charges are not paid in full.' }),
    items: nullable(Type.Array(OpenItemSchema), {
      description: `The open items, oldest first (the first ${OPEN_ITEMS_LISTED}; openItems counts them all); null when payments did not list them.`,
    }),
    asOf: LocalDateSchema,
    cause: Type.String({ description: 'What moved it last: invoice, credit-note, payment, reversal, refund, charge, write-off, deposit...' }),
  },
  { description: 'From payments.' },
);

/** From invoicing (InvoiceIssued, CreditNoteIssued, InvoiceDelivered): the newest invoice. */
export const LastInvoicePart = Type.Object(
  {
    id: UuidV7Schema,
    number: Type.String(),
    kind: StringEnum(BILL_KINDS),
    agreementId: UuidV7Schema,
    servicePointId: UuidV7Schema,
    periodStart: LocalDateSchema,
    periodEnd: described(LocalDateSchema, 'The first day after the billed days.'),
    issueDate: LocalDateSchema,
    dueDate: LocalDateSchema,
    amountDue: described(MoneySchema, "The invoice's total."),
    replacesInvoiceId: nullable(UuidV7Schema, { description: 'For a rebill: the invoice it replaces.' }),
    credited: nullable(Type.Object({ creditNoteId: UuidV7Schema, creditNoteNumber: Type.String(), creditedOn: LocalDateSchema }), {
      description: 'The credit note that cancelled it (a rebill follows).',
    }),
    delivery: nullable(Type.Object({ channel: StringEnum(DELIVERY_CHANNELS), deliveredAt: InstantSchema }), { description: 'Null until delivered.' }),
    documentUrl: Type.String({ description: "Its PDF on the invoicing API (INVOICING_BASE_URL + /api/v1/invoices/{id}/pdf); the caller's token opens it." }),
  },
  { description: 'From invoicing.' },
);

/** From invoicing (InvoiceIssued's usage): the billed usage per period. */
export const UsageSummaryPart = Type.Object(
  {
    periods: Type.Array(
      Type.Object({
        agreementId: UuidV7Schema,
        servicePointId: UuidV7Schema,
        periodStart: LocalDateSchema,
        periodEnd: described(LocalDateSchema, 'The first day after the billed days.'),
        importWh: Type.Integer({ minimum: 0, description: 'Energy delivered, integer Wh.' }),
        exportWh: Type.Integer({ minimum: 0, description: 'Energy received (e.g. solar), integer Wh.' }),
        estimatedIntervals: Type.Integer({ minimum: 0 }),
        invoiceId: UuidV7Schema,
        invoiceNumber: Type.String(),
      }),
      { description: "The last 13 billed periods of each agreement, newest first; a credited or replaced invoice's period shows its rebill's usage." },
    ),
  },
  { description: 'From invoicing: the usage it billed.' },
);

/** From payments' collections: the account's latest case. */
export const CollectionsPart = Type.Object(
  {
    caseId: nullable(UuidV7Schema),
    status: StringEnum(['open', 'on-hold', 'closed'] as const),
    reason: nullable(StringEnum(COLLECTIONS_CASE_REASONS, { description: 'Why it was opened, put on hold or closed.' })),
    detail: Type.Optional(nullable(Type.String({ description: 'In words, e.g. why the disconnection was refused. Staff only.' }))),
    arrears: nullable(MoneySchema),
    openedOn: nullable(LocalDateSchema),
    changedOn: nullable(LocalDateSchema),
    step: nullable(StringEnum(COLLECTIONS_STEPS, { description: 'The furthest step taken.' })),
    stepOn: nullable(LocalDateSchema, { description: 'The day of that step (a disconnection: see `disconnection.requestedAt`).' }),
    payBy: nullable(LocalDateSchema, { description: 'After a notice: the last day to pay before the next step.' }),
    onHold: Type.Boolean(),
    protected: Type.Boolean({ description: "Collections stands still for the customer's protection (a step withheld, or a disconnection refused, for it)." }),
    withheld: Type.Optional(
      nullable(
        Type.Object({ step: StringEnum(COLLECTIONS_STEPS), reason: StringEnum(COLLECTIONS_EXEMPTIONS), detail: Type.String(), withheldOn: LocalDateSchema }),
        { description: 'A step due but not taken, until the next step is. Staff only.' },
      ),
    ),
    disconnection: nullable(Type.Object({ requestId: UuidV7Schema, requestedAt: InstantSchema, arrears: MoneySchema })),
    reconnection: nullable(Type.Object({ requestId: UuidV7Schema, reason: StringEnum(RECONNECTION_REASONS), requestedAt: InstantSchema })),
  },
  { description: 'From payments.' },
);

/** From payments: the latest payment arrangement. */
export const ArrangementPart = Type.Object(
  {
    id: UuidV7Schema,
    status: StringEnum(['active', 'broken', 'completed'] as const),
    arrears: nullable(MoneySchema, { description: 'The arrears spread (null when only its end was heard of).' }),
    installments: Type.Array(Type.Object({ number: Type.Integer({ minimum: 1 }), amount: MoneySchema, dueDate: LocalDateSchema })),
    madeOn: nullable(LocalDateSchema),
    endedOn: nullable(LocalDateSchema),
    breakReason: nullable(StringEnum(ARRANGEMENT_BREAK_REASONS)),
    missedInstallment: nullable(Type.Integer({ minimum: 1 })),
    owed: nullable(MoneySchema, { description: 'When broken: what of it was still owed.' }),
    paid: nullable(MoneySchema, { description: 'When completed: what the installments paid.' }),
  },
  { description: 'From payments.' },
);

/** From metering: an open VEE exception. */
export const VeeExceptionPart = Type.Object({
  id: UuidV7Schema,
  meterId: UuidV7Schema,
  servicePointId: UuidV7Schema,
  rule: StringEnum(VEE_RULES),
  channel: Type.String({ description: 'measure:direction:interval, e.g. energy:import:900.' }),
  from: InstantSchema,
  to: InstantSchema,
  detail: Type.String(),
});

/** The account 360 view. */
export const Account360View = Type.Object({
  account: AccountView,
  customer: nullable(CustomerView),
  agreements: Type.Array(
    Type.Composite([
      AgreementView,
      Type.Object({
        status: StringEnum(['pending', 'active', 'stopped'] as const),
        premiseId: UuidV7Schema,
        marketId: Type.String(),
        connectionStatus: StringEnum(CONNECTION_STATUSES),
        meterSerial: nullable(Type.String()),
      }),
    ]),
  ),
  premises: Type.Array(
    Type.Object({ id: UuidV7Schema, address: AddressSchema, premiseType: StringEnum(PREMISE_TYPES), landlordAccountId: nullable(UuidV7Schema) }),
  ),
  openWorkOrders: Type.Array(WorkOrderView),
  recentInteractions: Type.Array(InteractionView, { description: 'The ten latest.' }),
  balance: nullable(BalancePart),
  lastInvoice: nullable(LastInvoicePart),
  usageSummary: nullable(UsageSummaryPart),
  collections: nullable(CollectionsPart),
  arrangement: nullable(ArrangementPart),
  openVeeExceptions: Type.Optional(
    nullable(Type.Array(VeeExceptionPart), {
      description:
        "From metering: the open VEE exceptions of the account's service points over its agreements' days, oldest first; an empty list once metering told of some, all resolved. Staff only.",
    }),
  ),
  notYetFed: Type.Array(Type.Object({ part: Type.String(), context: StringEnum(['invoicing', 'payments', 'metering'] as const) }), {
    description: 'The parts another context has not fed yet (shown as null, never as zero).',
  }),
});

/** A customer search hit, with the customer and account it leads to. */
export const SearchHit = Type.Object({
  id: Type.String(),
  kind: StringEnum(['name', 'account-number', 'address', 'meter-serial'] as const),
  label: Type.String(),
  premiseId: nullable(UuidV7Schema),
  servicePointId: nullable(UuidV7Schema),
  agreementId: nullable(UuidV7Schema),
  agreementStatus: nullable(
    StringEnum(['current', 'upcoming', 'past'] as const, {
      description: "For an address or meter: the hit's agreement is in force today, starts later, or has ended.",
    }),
  ),
  accountId: nullable(UuidV7Schema),
  customerId: nullable(UuidV7Schema),
  accountNumber: nullable(Type.String()),
  customerName: nullable(Type.String()),
});
