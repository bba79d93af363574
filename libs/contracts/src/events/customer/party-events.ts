import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { UuidV7Schema, type Uuid } from '../../values/ids';
import { LocalDateSchema, type LocalDate } from '../../values/time';
import { AddressSchema, nullable, TextSchema, type Address } from './cis-shapes';

/** Ways to reach a customer. */
export const CONTACT_KINDS = ['email', 'phone', 'mobile', 'postal'] as const;
/** Channels a customer accepts communication on. */
export const COMMUNICATION_CHANNELS = ['email', 'sms', 'post', 'phone', 'portal'] as const;
/** Kinds of identification a CSR can record. */
export const IDENTIFICATION_KINDS = ['passport', 'driving-licence', 'national-id', 'company-registration', 'tax-id', 'other'] as const;
/** Protections that restrict collections and disconnection. */
export const PROTECTION_KINDS = ['life-support', 'medical', 'vulnerable'] as const;

/** A phone number, e-mail address or postal address of a customer. */
export interface ContactPoint {
  kind: (typeof CONTACT_KINDS)[number];
  /** The number or e-mail address; for `postal`, absent (see `address`). */
  value?: string;
  address?: Address;
  primary: boolean;
}

/** Data of `utilia.customer.customer-details-changed.v1`: the customer's details as they now are. */
export interface CustomerDetailsChangedV1 {
  customerId: Uuid;
  kind: 'person' | 'organisation';
  displayName: string;
  /** For a person. */
  givenName: string | null;
  familyName: string | null;
  /** For an organisation. */
  organisationName: string | null;
  contactPoints: ContactPoint[];
  identification: Array<{ kind: (typeof IDENTIFICATION_KINDS)[number]; value: string; issuer?: string }>;
  preferences: {
    paperless: boolean;
    /** BCP 47 language tag, e.g. `en` or `fr-CA`. */
    language: string;
    channels: Array<(typeof COMMUNICATION_CHANNELS)[number]>;
  };
}

/** The details of a customer were recorded or changed (names, contact points, identification, preferences). */
export const CustomerDetailsChangedV1 = defineEvent<CustomerDetailsChangedV1>({
  context: 'customer',
  name: 'customer-details-changed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'The details of a customer were recorded or changed: names, contact points, identification, preferences. Carries the whole new state.',
  partitionKey: (d) => d.customerId,
  schema: {
    type: 'object',
    properties: {
      customerId: UuidV7Schema,
      kind: { type: 'string', enum: ['person', 'organisation'] },
      displayName: TextSchema(200),
      givenName: nullable(TextSchema(100)),
      familyName: nullable(TextSchema(100)),
      organisationName: nullable(TextSchema(200)),
      contactPoints: {
        type: 'array',
        maxItems: 20,
        items: {
          type: 'object',
          properties: {
            kind: { type: 'string', enum: [...CONTACT_KINDS] },
            value: TextSchema(200),
            address: AddressSchema,
            primary: { type: 'boolean' },
          },
          required: ['kind', 'primary'],
          additionalProperties: false,
        },
      },
      identification: {
        type: 'array',
        maxItems: 10,
        items: {
          type: 'object',
          properties: { kind: { type: 'string', enum: [...IDENTIFICATION_KINDS] }, value: TextSchema(100), issuer: TextSchema(100) },
          required: ['kind', 'value'],
          additionalProperties: false,
        },
      },
      preferences: {
        type: 'object',
        properties: {
          paperless: { type: 'boolean' },
          language: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
          channels: { type: 'array', uniqueItems: true, items: { type: 'string', enum: [...COMMUNICATION_CHANNELS] } },
        },
        required: ['paperless', 'language', 'channels'],
        additionalProperties: false,
      },
    },
    required: ['customerId', 'kind', 'displayName', 'givenName', 'familyName', 'organisationName', 'contactPoints', 'identification', 'preferences'],
    additionalProperties: false,
  },
});

/** Data of `utilia.customer.customer-protection-added.v1`. */
export interface CustomerProtectionAddedV1 {
  customerId: Uuid;
  protectionId: Uuid;
  kind: (typeof PROTECTION_KINDS)[number];
  /** First day the protection applies. */
  from: LocalDate;
  /** Last day it applies; null while open-ended (e.g. until a medical certificate is renewed). */
  to: LocalDate | null;
  /** What the CSR saw: certificate, letter, call; free text. */
  evidence: string;
}

/** The identity of a customer protection in its events. */
const protectionRef = { customerId: UuidV7Schema, protectionId: UuidV7Schema, kind: { type: 'string', enum: [...PROTECTION_KINDS] } } as const;

/**
 * A protection was recorded for a customer: life-support equipment, a medical condition or
 * vulnerability. Collections must not disconnect a protected customer (payments consumes this).
 */
export const CustomerProtectionAddedV1 = defineEvent<CustomerProtectionAddedV1>({
  context: 'customer',
  name: 'customer-protection-added',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A protection (life-support, medical, vulnerable) was recorded for a customer, with its dates and evidence.',
  partitionKey: (d) => d.customerId,
  schema: {
    type: 'object',
    properties: {
      ...protectionRef,
      from: LocalDateSchema,
      to: nullable(LocalDateSchema),
      evidence: TextSchema(2000),
    },
    required: ['customerId', 'protectionId', 'kind', 'from', 'to', 'evidence'],
    additionalProperties: false,
  },
});

/** Data of `utilia.customer.customer-protection-ended.v1`. */
export interface CustomerProtectionEndedV1 {
  customerId: Uuid;
  protectionId: Uuid;
  kind: (typeof PROTECTION_KINDS)[number];
  /** The last day the protection applied. */
  endedOn: LocalDate;
  reason: string;
}

/** A protection of a customer ended. */
export const CustomerProtectionEndedV1 = defineEvent<CustomerProtectionEndedV1>({
  context: 'customer',
  name: 'customer-protection-ended',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A protection of a customer ended.',
  partitionKey: (d) => d.customerId,
  schema: {
    type: 'object',
    properties: {
      ...protectionRef,
      endedOn: LocalDateSchema,
      reason: TextSchema(500),
    },
    required: ['customerId', 'protectionId', 'kind', 'endedOn', 'reason'],
    additionalProperties: false,
  },
});
