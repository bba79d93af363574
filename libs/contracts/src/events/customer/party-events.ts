import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { AddressSchema } from '../../values/address';
import { UuidV7Schema } from '../../values/ids';
import { described, nullable, Strict, StringEnum, TextSchema } from '../../values/schema';
import { LocalDateSchema } from '../../values/time';

/** Ways to reach a customer. */
export const CONTACT_KINDS = ['email', 'phone', 'mobile', 'postal'] as const;
/** Channels a customer accepts communication on. */
export const COMMUNICATION_CHANNELS = ['email', 'sms', 'post', 'phone', 'portal'] as const;
/** Kinds of identification a CSR can record. */
export const IDENTIFICATION_KINDS = ['passport', 'driving-licence', 'national-id', 'company-registration', 'tax-id', 'other'] as const;
/** Protections that restrict collections and disconnection. */
export const PROTECTION_KINDS = ['life-support', 'medical', 'vulnerable'] as const;

/** Schema of a {@link ContactPoint}. */
export const ContactPointSchema = Strict({
  kind: StringEnum(CONTACT_KINDS),
  value: Type.Optional(TextSchema(200, { description: 'The number or e-mail address; for postal, absent (see address).' })),
  address: Type.Optional(AddressSchema),
  primary: Type.Boolean(),
});

/** A phone number, e-mail address or postal address of a customer. */
export type ContactPoint = Static<typeof ContactPointSchema>;

/** Schema of {@link CustomerDetailsChangedV1}. */
export const CustomerDetailsChangedV1Schema = Strict({
  customerId: UuidV7Schema,
  kind: StringEnum(['person', 'organisation']),
  displayName: TextSchema(200),
  givenName: nullable(TextSchema(100), { description: 'For a person.' }),
  familyName: nullable(TextSchema(100), { description: 'For a person.' }),
  organisationName: nullable(TextSchema(200), { description: 'For an organisation.' }),
  contactPoints: Type.Array(ContactPointSchema, { maxItems: 20 }),
  identification: Type.Array(Strict({ kind: StringEnum(IDENTIFICATION_KINDS), value: TextSchema(100), issuer: Type.Optional(TextSchema(100)) }), {
    maxItems: 10,
  }),
  preferences: Strict({
    paperless: Type.Boolean(),
    language: Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'BCP 47 language tag, e.g. en or fr-CA.' }),
    channels: Type.Array(StringEnum(COMMUNICATION_CHANNELS), { uniqueItems: true }),
  }),
});

/** Data of `utilia.customer.customer-details-changed.v1`: the customer's details as they now are. */
export type CustomerDetailsChangedV1 = Static<typeof CustomerDetailsChangedV1Schema>;

/** The details of a customer were recorded or changed (names, contact points, identification, preferences). */
export const CustomerDetailsChangedV1 = defineEvent({
  context: 'customer',
  name: 'customer-details-changed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'The details of a customer were recorded or changed: names, contact points, identification, preferences. Carries the whole new state.',
  partitionKey: (d) => d.customerId,
  schema: CustomerDetailsChangedV1Schema,
});

/** The identity of a customer protection in its events. */
const protectionRef = { customerId: UuidV7Schema, protectionId: UuidV7Schema, kind: StringEnum(PROTECTION_KINDS) } as const;

/** Schema of {@link CustomerProtectionAddedV1}. */
export const CustomerProtectionAddedV1Schema = Strict({
  ...protectionRef,
  from: described(LocalDateSchema, 'First day the protection applies.'),
  to: nullable(LocalDateSchema, { description: 'Last day it applies; null while open-ended (e.g. until a medical certificate is renewed).' }),
  evidence: TextSchema(2000, { description: 'What the CSR saw: certificate, letter, call; free text.' }),
});

/** Data of `utilia.customer.customer-protection-added.v1`. */
export type CustomerProtectionAddedV1 = Static<typeof CustomerProtectionAddedV1Schema>;

/**
 * A protection was recorded for a customer: life-support equipment, a medical condition or
 * vulnerability. Collections must not disconnect a protected customer (payments consumes this).
 */
export const CustomerProtectionAddedV1 = defineEvent({
  context: 'customer',
  name: 'customer-protection-added',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A protection (life-support, medical, vulnerable) was recorded for a customer, with its dates and evidence.',
  partitionKey: (d) => d.customerId,
  schema: CustomerProtectionAddedV1Schema,
});

/** Schema of {@link CustomerProtectionEndedV1}. */
export const CustomerProtectionEndedV1Schema = Strict({
  ...protectionRef,
  endedOn: described(LocalDateSchema, 'The last day the protection applied.'),
  reason: TextSchema(500),
});

/** Data of `utilia.customer.customer-protection-ended.v1`. */
export type CustomerProtectionEndedV1 = Static<typeof CustomerProtectionEndedV1Schema>;

/** A protection of a customer ended. */
export const CustomerProtectionEndedV1 = defineEvent({
  context: 'customer',
  name: 'customer-protection-ended',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A protection of a customer ended.',
  partitionKey: (d) => d.customerId,
  schema: CustomerProtectionEndedV1Schema,
});
