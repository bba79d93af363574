import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { CurrencySchema } from '../../values/money';
import { InstantSchema, LocalDateSchema, type Instant, type LocalDate } from '../../values/time';
import { UuidV7Schema, type Uuid } from '../../values/ids';

/** The commodities a service point can deliver. */
export const COMMODITIES = ['electricity', 'gas', 'water'] as const;
/** A commodity from {@link COMMODITIES}. */
export type Commodity = (typeof COMMODITIES)[number];

const name = { type: 'string', minLength: 1, maxLength: 200 };

/** Data of `utilia.customer.customer-registered.v1`. */
export interface CustomerRegisteredV1 {
  customerId: Uuid;
  kind: 'person' | 'organisation';
  /** The name to show: "Ada Lovelace" or "Acme Bakery Ltd". */
  displayName: string;
  registeredAt: Instant;
}

/** A person or organisation became a customer. Keyed by the customer id (there is no account yet). */
export const CustomerRegisteredV1 = defineEvent<CustomerRegisteredV1>({
  context: 'customer',
  name: 'customer-registered',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A person or organisation became a customer.',
  partitionKey: (d) => d.customerId,
  schema: {
    type: 'object',
    properties: {
      customerId: UuidV7Schema,
      kind: { type: 'string', enum: ['person', 'organisation'] },
      displayName: name,
      registeredAt: InstantSchema,
    },
    required: ['customerId', 'kind', 'displayName', 'registeredAt'],
    additionalProperties: false,
  },
});

/** Data of `utilia.customer.account-opened.v1`. */
export interface AccountOpenedV1 {
  accountId: Uuid;
  /** The people-facing account number, digits ending with a check digit. */
  accountNumber: string;
  /** The main customer of the account. */
  customerId: Uuid;
  /** ISO 4217 currency the account is billed in. */
  currency: string;
  /** The bill cycle code the account is read and billed in. */
  billCycle: string;
  openedOn: LocalDate;
}

/** A billing account was opened for a customer. */
export const AccountOpenedV1 = defineEvent<AccountOpenedV1>({
  context: 'customer',
  name: 'account-opened',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A billing account was opened for a customer.',
  partitionKey: (d) => d.accountId,
  schema: {
    type: 'object',
    properties: {
      accountId: UuidV7Schema,
      accountNumber: { type: 'string', pattern: '^[0-9]{6,20}$' },
      customerId: UuidV7Schema,
      currency: CurrencySchema,
      billCycle: { type: 'string', minLength: 1, maxLength: 20 },
      openedOn: LocalDateSchema,
    },
    required: ['accountId', 'accountNumber', 'customerId', 'currency', 'billCycle', 'openedOn'],
    additionalProperties: false,
  },
});

/** Data of `utilia.customer.service-agreement-started.v1`. Superseded by v2 (see its upcaster). */
export interface ServiceAgreementStartedV1 {
  agreementId: Uuid;
  accountId: Uuid;
  servicePointId: Uuid;
  commodity: Commodity;
  /** The tariff's catalog code, e.g. `E-TOU-C`. */
  tariffCode: string;
  /** The first day of service (move-in). */
  startDate: LocalDate;
}

/** Which agreement, of which account, at which service point: carried by every agreement event. */
export const agreementRefProperties = { agreementId: UuidV7Schema, accountId: UuidV7Schema, servicePointId: UuidV7Schema } as const;

/** Properties shared by every version of service-agreement-started. */
export const serviceAgreementStartedV1Properties = {
  ...agreementRefProperties,
  commodity: { type: 'string', enum: [...COMMODITIES] },
  tariffCode: { type: 'string', minLength: 1, maxLength: 50 },
  startDate: LocalDateSchema,
};

/** Service started on a service point under an account (move-in), on a tariff. */
export const ServiceAgreementStartedV1 = defineEvent<ServiceAgreementStartedV1>({
  context: 'customer',
  name: 'service-agreement-started',
  version: 1,
  topic: Topics.customerEvents,
  description: 'Service started on a service point under an account (move-in), on a tariff.',
  partitionKey: (d) => d.accountId,
  schema: {
    type: 'object',
    properties: serviceAgreementStartedV1Properties,
    required: ['agreementId', 'accountId', 'servicePointId', 'commodity', 'tariffCode', 'startDate'],
    additionalProperties: false,
  },
});

/** Why a service agreement stopped. */
export const STOP_REASONS = ['move-out', 'transfer', 'disconnection', 'other'] as const;

/** Data of `utilia.customer.service-agreement-stopped.v1`. */
export interface ServiceAgreementStoppedV1 {
  agreementId: Uuid;
  accountId: Uuid;
  servicePointId: Uuid;
  /** The last day of service. */
  endDate: LocalDate;
  reason: (typeof STOP_REASONS)[number];
  /** True when the stop closes the account's last agreement and a final bill is due. */
  finalBillRequested: boolean;
}

/** Service stopped on a service point (move-out, transfer or disconnection). */
export const ServiceAgreementStoppedV1 = defineEvent<ServiceAgreementStoppedV1>({
  context: 'customer',
  name: 'service-agreement-stopped',
  version: 1,
  topic: Topics.customerEvents,
  description: 'Service stopped on a service point (move-out, transfer or disconnection).',
  partitionKey: (d) => d.accountId,
  schema: {
    type: 'object',
    properties: {
      ...agreementRefProperties,
      endDate: LocalDateSchema,
      reason: { type: 'string', enum: [...STOP_REASONS] },
      finalBillRequested: { type: 'boolean' },
    },
    required: ['agreementId', 'accountId', 'servicePointId', 'endDate', 'reason', 'finalBillRequested'],
    additionalProperties: false,
  },
});
