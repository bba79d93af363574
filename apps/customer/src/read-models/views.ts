import {
  ACCOUNT_ROLES,
  AddressSchema,
  COMMODITIES,
  CONNECTION_STATUSES,
  described,
  FieldReadSchema,
  InstantSchema,
  INTERACTION_CHANNELS,
  INTERACTION_LINK_KINDS,
  LocalDateSchema,
  nullable,
  PREMISE_TYPES,
  STOP_REASONS,
  StringEnum,
  UuidV7Schema,
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
  balance: nullable(Type.Object({}, { description: 'From payments (not fed yet).' })),
  lastInvoice: nullable(Type.Object({}, { description: 'From invoicing (not fed yet).' })),
  usageSummary: nullable(Type.Object({}, { description: 'From metering (not fed yet).' })),
  notYetFed: Type.Array(Type.Object({ part: Type.String(), context: Type.String() }), {
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
