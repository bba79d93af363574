import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { AddressSchema } from '../../values/address';
import { UuidV7Schema } from '../../values/ids';
import { described, Strict, StringEnum, TextSchema } from '../../values/schema';
import { LocalDateSchema } from '../../values/time';
import { agreementRefProperties, CUSTOMER_CLASSES } from './customer-events';

/** What a customer is to an account. */
export const ACCOUNT_ROLES = ['main', 'financially-responsible', 'third-party-notification'] as const;
/** A role from {@link ACCOUNT_ROLES}. */
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** Schema of {@link AccountDetailsChangedV1}. */
export const AccountDetailsChangedV1Schema = Strict({
  accountId: UuidV7Schema,
  billingAddress: AddressSchema,
  billCycle: TextSchema(20),
  customerClass: Type.Optional(
    StringEnum(CUSTOMER_CLASSES, { description: 'Residential, commercial or industrial: the tariffs the account may be on (absent: not said, not checked).' }),
  ),
  roles: Type.Array(Strict({ customerId: UuidV7Schema, role: StringEnum(ACCOUNT_ROLES) }), {
    minItems: 1,
    maxItems: 20,
    description: 'Who is what to the account; exactly one main.',
  }),
});

/** Data of `utilia.customer.account-details-changed.v1`: the account's details as they now are. */
export type AccountDetailsChangedV1 = Static<typeof AccountDetailsChangedV1Schema>;

/** The details of an account were recorded or changed: billing address, bill cycle, customer roles. */
export const AccountDetailsChangedV1 = defineEvent({
  context: 'customer',
  name: 'account-details-changed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'The details of an account were recorded or changed: billing address, bill cycle, customer roles. Carries the whole new state.',
  partitionKey: (d) => d.accountId,
  schema: AccountDetailsChangedV1Schema,
});

/** Schema of {@link AccountClosedV1}. */
export const AccountClosedV1Schema = Strict({ accountId: UuidV7Schema, closedOn: LocalDateSchema });

/** Data of `utilia.customer.account-closed.v1`. */
export type AccountClosedV1 = Static<typeof AccountClosedV1Schema>;

/** An account was closed (it has no active or pending service agreement left). */
export const AccountClosedV1 = defineEvent({
  context: 'customer',
  name: 'account-closed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'An account was closed; it has no active or pending service agreement left.',
  partitionKey: (d) => d.accountId,
  schema: AccountClosedV1Schema,
});

/** Schema of {@link FinalBillRequestedV1}. */
export const FinalBillRequestedV1Schema = Strict({
  accountId: UuidV7Schema,
  agreementId: described(UuidV7Schema, 'The agreement whose stop left the account without service.'),
  servicePointId: UuidV7Schema,
  finalDate: described(LocalDateSchema, 'The last day of service to bill.'),
  finalReadWorkOrderId: described(UuidV7Schema, 'The work order that takes the final read.'),
});

/** Data of `utilia.customer.final-bill-requested.v1`. */
export type FinalBillRequestedV1 = Static<typeof FinalBillRequestedV1Schema>;

/**
 * The last service agreement of an account stopped: invoicing should bill it up to the final read
 * and close it. (ServiceAgreementStopped says the same with `finalBillRequested: true`; this is the
 * trigger for consumers that want only it.)
 */
export const FinalBillRequestedV1 = defineEvent({
  context: 'customer',
  name: 'final-bill-requested',
  version: 1,
  topic: Topics.customerEvents,
  description: 'The last service agreement of an account stopped; a final bill is due up to the final read.',
  partitionKey: (d) => d.accountId,
  schema: FinalBillRequestedV1Schema,
});

/** Schema of {@link ServiceAgreementTariffChangedV1}. */
export const ServiceAgreementTariffChangedV1Schema = Strict({
  ...agreementRefProperties,
  tariffCode: TextSchema(50, { description: "The new tariff's catalog code." }),
  previousTariffCode: TextSchema(50),
  effectiveFrom: described(LocalDateSchema, 'The first day billed on the new tariff.'),
});

/** Data of `utilia.customer.service-agreement-tariff-changed.v1`. */
export type ServiceAgreementTariffChangedV1 = Static<typeof ServiceAgreementTariffChangedV1Schema>;

/** A service agreement moves to another tariff from a date. */
export const ServiceAgreementTariffChangedV1 = defineEvent({
  context: 'customer',
  name: 'service-agreement-tariff-changed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A service agreement moves to another tariff from a date.',
  partitionKey: (d) => d.accountId,
  schema: ServiceAgreementTariffChangedV1Schema,
});

/** Schema of {@link FinalBillWithdrawnV1}. */
export const FinalBillWithdrawnV1Schema = Strict({
  accountId: UuidV7Schema,
  agreementId: described(UuidV7Schema, 'The agreement the withdrawn final bill was for.'),
  finalDate: described(LocalDateSchema, 'The last day of service the withdrawn request named.'),
  reason: TextSchema(200, { description: 'Why: the stop it followed was cancelled or moved to another date.' }),
});

/** Data of `utilia.customer.final-bill-withdrawn.v1`. */
export type FinalBillWithdrawnV1 = Static<typeof FinalBillWithdrawnV1Schema>;

/**
 * A final bill requested earlier is no longer due as requested: the stop that made it due was
 * cancelled, or moved to another date (a new FinalBillRequested follows then, with the new date).
 */
export const FinalBillWithdrawnV1 = defineEvent({
  context: 'customer',
  name: 'final-bill-withdrawn',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A final bill requested earlier is withdrawn: the stop that made it due was cancelled or moved (a new request follows a move).',
  partitionKey: (d) => d.accountId,
  schema: FinalBillWithdrawnV1Schema,
});

/** Schema of {@link ServiceAgreementTariffChangeCancelledV1}. */
export const ServiceAgreementTariffChangeCancelledV1Schema = Strict({
  ...agreementRefProperties,
  tariffCode: TextSchema(50, { description: 'The tariff the cancelled change would have moved to.' }),
  effectiveFrom: described(LocalDateSchema, 'The date the cancelled change would have taken effect.'),
});

/** Data of `utilia.customer.service-agreement-tariff-change-cancelled.v1`. */
export type ServiceAgreementTariffChangeCancelledV1 = Static<typeof ServiceAgreementTariffChangeCancelledV1Schema>;

/** A scheduled tariff change was called off before it took effect: the tariff in force before it stays. */
export const ServiceAgreementTariffChangeCancelledV1 = defineEvent({
  context: 'customer',
  name: 'service-agreement-tariff-change-cancelled',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A scheduled tariff change was called off before it took effect; the tariff in force before it stays.',
  partitionKey: (d) => d.accountId,
  schema: ServiceAgreementTariffChangeCancelledV1Schema,
});

/** Schema of {@link ServiceAgreementStopAmendedV1}. */
export const ServiceAgreementStopAmendedV1Schema = Strict({
  ...agreementRefProperties,
  endDate: described(LocalDateSchema, 'The new last day of service.'),
  previousEndDate: LocalDateSchema,
});

/** Data of `utilia.customer.service-agreement-stop-amended.v1`. */
export type ServiceAgreementStopAmendedV1 = Static<typeof ServiceAgreementStopAmendedV1Schema>;

/** A scheduled stop (move-out) was moved to another date before it took effect. */
export const ServiceAgreementStopAmendedV1 = defineEvent({
  context: 'customer',
  name: 'service-agreement-stop-amended',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A scheduled stop (move-out) was moved to another last day of service before it took effect.',
  partitionKey: (d) => d.accountId,
  schema: ServiceAgreementStopAmendedV1Schema,
});

/** Schema of {@link ServiceAgreementStopCancelledV1}. */
export const ServiceAgreementStopCancelledV1Schema = Strict({ ...agreementRefProperties, previousEndDate: LocalDateSchema });

/** Data of `utilia.customer.service-agreement-stop-cancelled.v1`. */
export type ServiceAgreementStopCancelledV1 = Static<typeof ServiceAgreementStopCancelledV1Schema>;

/** A scheduled stop was called off before it took effect: the agreement is open-ended again. */
export const ServiceAgreementStopCancelledV1 = defineEvent({
  context: 'customer',
  name: 'service-agreement-stop-cancelled',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A scheduled stop (move-out) was called off before it took effect; the agreement is open-ended again.',
  partitionKey: (d) => d.accountId,
  schema: ServiceAgreementStopCancelledV1Schema,
});
