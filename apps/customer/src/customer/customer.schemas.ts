import {
  AddressSchema,
  COMMUNICATION_CHANNELS,
  CONTACT_KINDS,
  ContactPointSchema,
  IDENTIFICATION_KINDS,
  InstantSchema,
  LocalDateSchema,
  nullable,
  PROTECTION_KINDS,
  Strict,
  StringEnum,
  TextSchema,
  UuidV7Schema,
  type ContactPoint,
} from '@utilia/contracts';
import type { FieldError } from '@utilia/platform';
import { Type, type Static } from '@sinclair/typebox';
import type { CustomerDetails } from './customer.decider';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

/** The body of a registration or a change of details: who the customer is and how to reach them. */
export const CustomerDetailsBody = Strict(
  {
    kind: StringEnum(['person', 'organisation'] as const),
    givenName: Type.Optional(TextSchema(100, { description: 'Required for a person.' })),
    familyName: Type.Optional(TextSchema(100, { description: 'Required for a person.' })),
    organisationName: Type.Optional(TextSchema(200, { description: 'Required for an organisation.' })),
    contactPoints: Type.Optional(
      Type.Array(
        Strict({
          kind: StringEnum(CONTACT_KINDS),
          value: Type.Optional(TextSchema(200, { description: 'The e-mail address or phone number; not for `postal`.' })),
          address: Type.Optional(AddressSchema),
          primary: Type.Optional(Type.Boolean({ default: false })),
        }),
        { maxItems: 20 },
      ),
    ),
    identification: Type.Optional(
      Type.Array(Strict({ kind: StringEnum(IDENTIFICATION_KINDS), value: TextSchema(100), issuer: Type.Optional(TextSchema(100)) }), { maxItems: 10 }),
    ),
    preferences: Type.Optional(
      Strict({
        paperless: Type.Optional(Type.Boolean({ default: false })),
        language: Type.Optional(
          Type.String({ maxLength: 35, pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'a BCP 47 language tag such as en or fr-CA', default: 'en' }),
        ),
        channels: Type.Optional(Type.Array(StringEnum(COMMUNICATION_CHANNELS), { uniqueItems: true })),
      }),
    ),
  },
  {
    examples: [
      {
        kind: 'person',
        givenName: 'Ada',
        familyName: 'Lovelace',
        contactPoints: [{ kind: 'email', value: 'ada@example.org', primary: true }],
        preferences: { paperless: true, language: 'en', channels: ['email'] },
      },
    ],
  },
);

/** The body of a new protection. */
export const AddProtectionBody = Strict({
  kind: StringEnum(PROTECTION_KINDS),
  from: LocalDateSchema,
  to: Type.Optional(nullable(LocalDateSchema, { description: 'The last day; null or absent while open-ended.' })),
  evidence: TextSchema(2000, { description: 'What the CSR saw: certificate, letter, call.' }),
});

/** The body of ending a protection. */
export const EndProtectionBody = Strict({ endedOn: LocalDateSchema, reason: TextSchema(500) });

type DetailsBody = Static<typeof CustomerDetailsBody>;

/**
 * What a details body needs beyond its schema: the names of a person or of an organisation, and
 * each contact point's value in the form of its kind.
 */
export function customerDetailsRules(body: DetailsBody): FieldError[] {
  const errors: FieldError[] = [];
  const names = body.kind === 'organisation' ? (['organisationName'] as const) : body.kind === 'person' ? (['givenName', 'familyName'] as const) : [];
  for (const field of names) if (body[field] === undefined) errors.push({ field, message: 'is required' });
  (Array.isArray(body.contactPoints) ? body.contactPoints : []).forEach((c, i) => {
    const field = `contactPoints[${i}]`;
    if (c?.kind === 'postal') {
      if (c.address === undefined) errors.push({ field: `${field}.address`, message: 'is required' });
    } else if (c?.kind === 'email' || c?.kind === 'phone' || c?.kind === 'mobile') {
      if (c.value === undefined) errors.push({ field: `${field}.value`, message: 'is required' });
      else if (typeof c.value === 'string' && !(c.kind === 'email' ? EMAIL : PHONE).test(c.value)) {
        errors.push({ field: `${field}.value`, message: c.kind === 'email' ? 'must be an e-mail address' : 'must be a phone number' });
      }
    }
  });
  return errors;
}

/** The details a valid body stands for, as the events carry them (defaults filled in). */
export function customerDetailsOf(body: DetailsBody): CustomerDetails {
  const person = body.kind === 'person';
  const givenName = person ? (body.givenName as string) : null;
  const familyName = person ? (body.familyName as string) : null;
  const organisationName = person ? null : (body.organisationName as string);
  const contactPoints = (body.contactPoints ?? []).map((c): ContactPoint => {
    const point: ContactPoint = { kind: c.kind, primary: c.primary ?? false };
    if (c.kind === 'postal') point.address = c.address;
    else point.value = c.value;
    return point;
  });
  const p = body.preferences;
  return {
    kind: body.kind,
    displayName: person ? `${givenName} ${familyName}` : (organisationName as string),
    givenName,
    familyName,
    organisationName,
    contactPoints,
    identification: body.identification ?? [],
    preferences: { paperless: p?.paperless ?? false, language: p?.language ?? 'en', channels: p?.channels ?? [] },
  };
}

/** The answer of a registration. */
export const CustomerRegistered = Strict({ customerId: UuidV7Schema });
/** The answer of recording a protection. */
export const ProtectionRecorded = Strict({ customerId: UuidV7Schema, protectionId: UuidV7Schema });

/** A protection as the customer view shows it. */
export const ProtectionView = Type.Object({
  protectionId: UuidV7Schema,
  kind: StringEnum(PROTECTION_KINDS),
  from: LocalDateSchema,
  to: nullable(LocalDateSchema),
  evidence: Type.String(),
  endedOn: nullable(LocalDateSchema),
  endReason: nullable(Type.String()),
});

/** A customer: names, details, protections and the accounts they hold a role in. */
export const CustomerView = Type.Object({
  id: UuidV7Schema,
  kind: StringEnum(['person', 'organisation'] as const),
  displayName: Type.String(),
  details: Type.Object({
    givenName: nullable(Type.String()),
    familyName: nullable(Type.String()),
    organisationName: nullable(Type.String()),
    contactPoints: Type.Array(ContactPointSchema),
    identification: Type.Array(Type.Object({ kind: StringEnum(IDENTIFICATION_KINDS), value: Type.String(), issuer: Type.Optional(Type.String()) })),
    preferences: Type.Object({ paperless: Type.Boolean(), language: Type.String(), channels: Type.Array(StringEnum(COMMUNICATION_CHANNELS)) }),
  }),
  protections: Type.Array(ProtectionView),
  registeredAt: InstantSchema,
  accounts: Type.Array(
    Type.Object({ accountId: UuidV7Schema, accountNumber: Type.String(), status: Type.String(), roles: nullable(Type.Array(Type.String())) }),
  ),
});
