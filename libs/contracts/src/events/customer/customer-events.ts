import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { UuidV7Schema } from '../../values/ids';
import { CurrencySchema } from '../../values/money';
import { described, Strict, StringEnum, TextSchema } from '../../values/schema';
import { InstantSchema, LocalDateSchema } from '../../values/time';

/** The commodities a service point can deliver. */
export const COMMODITIES = ['electricity', 'gas', 'water'] as const;

/** Who a tariff is for, and which tariffs an account may be on. */
export const CUSTOMER_CLASSES = ['residential', 'commercial', 'industrial'] as const;
/** A class from {@link CUSTOMER_CLASSES}. */
export type CustomerClass = (typeof CUSTOMER_CLASSES)[number];
/** A commodity from {@link COMMODITIES}. */
export type Commodity = (typeof COMMODITIES)[number];

/** Schema of {@link CustomerRegisteredV1}. */
export const CustomerRegisteredV1Schema = Strict({
  customerId: UuidV7Schema,
  kind: StringEnum(['person', 'organisation']),
  displayName: TextSchema(200, { description: 'The name to show: "Ada Lovelace" or "Acme Bakery Ltd".' }),
  registeredAt: InstantSchema,
});

/** Data of `utilia.customer.customer-registered.v1`. */
export type CustomerRegisteredV1 = Static<typeof CustomerRegisteredV1Schema>;

/** A person or organisation became a customer. Keyed by the customer id (there is no account yet). */
export const CustomerRegisteredV1 = defineEvent({
  context: 'customer',
  name: 'customer-registered',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A person or organisation became a customer.',
  partitionKey: (d) => d.customerId,
  schema: CustomerRegisteredV1Schema,
});

/** Schema of {@link AccountOpenedV1}. */
export const AccountOpenedV1Schema = Strict({
  accountId: UuidV7Schema,
  accountNumber: Type.String({ pattern: '^[0-9]{6,20}$', description: 'The people-facing account number, digits ending with a check digit.' }),
  customerId: described(UuidV7Schema, 'The main customer of the account.'),
  currency: described(CurrencySchema, 'ISO 4217 currency the account is billed in.'),
  billCycle: TextSchema(20, { description: 'The bill cycle code the account is read and billed in.' }),
  openedOn: LocalDateSchema,
});

/** Data of `utilia.customer.account-opened.v1`. */
export type AccountOpenedV1 = Static<typeof AccountOpenedV1Schema>;

/** A billing account was opened for a customer. */
export const AccountOpenedV1 = defineEvent({
  context: 'customer',
  name: 'account-opened',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A billing account was opened for a customer.',
  partitionKey: (d) => d.accountId,
  schema: AccountOpenedV1Schema,
});

/** Which agreement, of which account, at which service point: carried by every agreement event. */
export const agreementRefProperties = { agreementId: UuidV7Schema, accountId: UuidV7Schema, servicePointId: UuidV7Schema } as const;

/** Properties shared by every version of service-agreement-started. */
export const serviceAgreementStartedV1Properties = {
  ...agreementRefProperties,
  commodity: StringEnum(COMMODITIES),
  tariffCode: TextSchema(50, { description: "The tariff's catalog code, e.g. E-TOU-C." }),
  startDate: described(LocalDateSchema, 'The first day of service (move-in).'),
};

/** Schema of {@link ServiceAgreementStartedV1}. */
export const ServiceAgreementStartedV1Schema = Strict(serviceAgreementStartedV1Properties);

/** Data of `utilia.customer.service-agreement-started.v1`. Superseded by v2 (see its upcaster). */
export type ServiceAgreementStartedV1 = Static<typeof ServiceAgreementStartedV1Schema>;

/** Service started on a service point under an account (move-in), on a tariff. */
export const ServiceAgreementStartedV1 = defineEvent({
  context: 'customer',
  name: 'service-agreement-started',
  version: 1,
  topic: Topics.customerEvents,
  description: 'Service started on a service point under an account (move-in), on a tariff.',
  partitionKey: (d) => d.accountId,
  schema: ServiceAgreementStartedV1Schema,
});

/** Why a service agreement stopped. */
export const STOP_REASONS = ['move-out', 'transfer', 'disconnection', 'other'] as const;

/** Schema of {@link ServiceAgreementStoppedV1}. */
export const ServiceAgreementStoppedV1Schema = Strict({
  ...agreementRefProperties,
  endDate: described(LocalDateSchema, 'The last day of service.'),
  reason: StringEnum(STOP_REASONS),
  finalBillRequested: Type.Boolean({
    description:
      "True when this stop leaves the account with no agreement open-ended, so its final bill is due (FinalBillRequested names the account's last day of service, which may be another agreement's end).",
  }),
});

/** Data of `utilia.customer.service-agreement-stopped.v1`. */
export type ServiceAgreementStoppedV1 = Static<typeof ServiceAgreementStoppedV1Schema>;

/** Service stopped on a service point (move-out, transfer or disconnection). */
export const ServiceAgreementStoppedV1 = defineEvent({
  context: 'customer',
  name: 'service-agreement-stopped',
  version: 1,
  topic: Topics.customerEvents,
  description: 'Service stopped on a service point (move-out, transfer or disconnection).',
  partitionKey: (d) => d.accountId,
  schema: ServiceAgreementStoppedV1Schema,
});
