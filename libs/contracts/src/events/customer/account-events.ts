import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { UuidV7Schema, type Uuid } from '../../values/ids';
import { LocalDateSchema, type LocalDate } from '../../values/time';
import { AddressSchema, TextSchema, type Address } from './cis-shapes';
import { agreementRefProperties } from './customer-events';

/** What a customer is to an account. */
export const ACCOUNT_ROLES = ['main', 'financially-responsible', 'third-party-notification'] as const;
/** A role from {@link ACCOUNT_ROLES}. */
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** Data of `utilia.customer.account-details-changed.v1`: the account's details as they now are. */
export interface AccountDetailsChangedV1 {
  accountId: Uuid;
  billingAddress: Address;
  billCycle: string;
  /** Who is what to the account; exactly one `main`. */
  roles: Array<{ customerId: Uuid; role: AccountRole }>;
}

/** The details of an account were recorded or changed: billing address, bill cycle, customer roles. */
export const AccountDetailsChangedV1 = defineEvent<AccountDetailsChangedV1>({
  context: 'customer',
  name: 'account-details-changed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'The details of an account were recorded or changed: billing address, bill cycle, customer roles. Carries the whole new state.',
  partitionKey: (d) => d.accountId,
  schema: {
    type: 'object',
    properties: {
      accountId: UuidV7Schema,
      billingAddress: AddressSchema,
      billCycle: TextSchema(20),
      roles: {
        type: 'array',
        minItems: 1,
        maxItems: 20,
        items: {
          type: 'object',
          properties: { customerId: UuidV7Schema, role: { type: 'string', enum: [...ACCOUNT_ROLES] } },
          required: ['customerId', 'role'],
          additionalProperties: false,
        },
      },
    },
    required: ['accountId', 'billingAddress', 'billCycle', 'roles'],
    additionalProperties: false,
  },
});

/** Data of `utilia.customer.account-closed.v1`. */
export interface AccountClosedV1 {
  accountId: Uuid;
  closedOn: LocalDate;
}

/** An account was closed (it has no active or pending service agreement left). */
export const AccountClosedV1 = defineEvent<AccountClosedV1>({
  context: 'customer',
  name: 'account-closed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'An account was closed; it has no active or pending service agreement left.',
  partitionKey: (d) => d.accountId,
  schema: {
    type: 'object',
    properties: { accountId: UuidV7Schema, closedOn: LocalDateSchema },
    required: ['accountId', 'closedOn'],
    additionalProperties: false,
  },
});

/** Data of `utilia.customer.final-bill-requested.v1`. */
export interface FinalBillRequestedV1 {
  accountId: Uuid;
  /** The agreement whose stop left the account without service. */
  agreementId: Uuid;
  servicePointId: Uuid;
  /** The last day of service to bill. */
  finalDate: LocalDate;
  /** The work order that takes the final read. */
  finalReadWorkOrderId: Uuid;
}

/**
 * The last service agreement of an account stopped: invoicing should bill it up to the final read
 * and close it. (ServiceAgreementStopped says the same with `finalBillRequested: true`; this is the
 * trigger for consumers that want only it.)
 */
export const FinalBillRequestedV1 = defineEvent<FinalBillRequestedV1>({
  context: 'customer',
  name: 'final-bill-requested',
  version: 1,
  topic: Topics.customerEvents,
  description: 'The last service agreement of an account stopped; a final bill is due up to the final read.',
  partitionKey: (d) => d.accountId,
  schema: {
    type: 'object',
    properties: {
      accountId: UuidV7Schema,
      agreementId: UuidV7Schema,
      servicePointId: UuidV7Schema,
      finalDate: LocalDateSchema,
      finalReadWorkOrderId: UuidV7Schema,
    },
    required: ['accountId', 'agreementId', 'servicePointId', 'finalDate', 'finalReadWorkOrderId'],
    additionalProperties: false,
  },
});

/** Data of `utilia.customer.service-agreement-tariff-changed.v1`. */
export interface ServiceAgreementTariffChangedV1 {
  agreementId: Uuid;
  accountId: Uuid;
  servicePointId: Uuid;
  /** The new tariff's catalog code. */
  tariffCode: string;
  previousTariffCode: string;
  /** The first day billed on the new tariff. */
  effectiveFrom: LocalDate;
}

/** A service agreement moves to another tariff from a date. */
export const ServiceAgreementTariffChangedV1 = defineEvent<ServiceAgreementTariffChangedV1>({
  context: 'customer',
  name: 'service-agreement-tariff-changed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A service agreement moves to another tariff from a date.',
  partitionKey: (d) => d.accountId,
  schema: {
    type: 'object',
    properties: {
      ...agreementRefProperties,
      tariffCode: TextSchema(50),
      previousTariffCode: TextSchema(50),
      effectiveFrom: LocalDateSchema,
    },
    required: ['agreementId', 'accountId', 'servicePointId', 'tariffCode', 'previousTariffCode', 'effectiveFrom'],
    additionalProperties: false,
  },
});
