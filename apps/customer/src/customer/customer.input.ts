import { COMMUNICATION_CHANNELS, CONTACT_KINDS, IDENTIFICATION_KINDS, PROTECTION_KINDS, type ContactPoint } from '@utilia/contracts';
import type { Input } from '../shared/validation';
import type { CustomerDetails } from './customer.decider';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

/** Reads a customer's details from a request body; errors name the field. */
export function readCustomerDetails(input: Input): CustomerDetails {
  const kind = input.oneOf('kind', ['person', 'organisation'] as const);
  const givenName = kind === 'person' ? input.text('givenName', { max: 100 }) : null;
  const familyName = kind === 'person' ? input.text('familyName', { max: 100 }) : null;
  const organisationName = kind === 'organisation' ? input.text('organisationName') : null;
  const contactPoints = input.array(
    'contactPoints',
    (c): ContactPoint => {
      const k = c.oneOf('kind', CONTACT_KINDS);
      const point: ContactPoint = { kind: k, primary: c.bool('primary', false) };
      if (k === 'postal') point.address = c.address('address');
      else if (k === 'email') point.value = c.text('value', { pattern: EMAIL, hint: 'must be an e-mail address' });
      else point.value = c.text('value', { pattern: PHONE, hint: 'must be a phone number' });
      return point;
    },
    { optional: true, max: 20 },
  );
  const identification = input.array(
    'identification',
    (i) => {
      const id: CustomerDetails['identification'][number] = { kind: i.oneOf('kind', IDENTIFICATION_KINDS), value: i.text('value', { max: 100 }) };
      const issuer = i.optionalText('issuer', { max: 100 });
      if (issuer !== undefined) id.issuer = issuer;
      return id;
    },
    { optional: true, max: 10 },
  );
  const p = input.has('preferences') ? input.object('preferences') : undefined;
  const preferences = p
    ? {
        paperless: p.bool('paperless', false),
        language: p.has('language') ? p.text('language', { max: 35, pattern: /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, hint: 'must be a BCP 47 language tag such as en or fr-CA' }) : 'en',
        channels: p.enumArray('channels', COMMUNICATION_CHANNELS),
      }
    : { paperless: false, language: 'en', channels: [] };
  const displayName = kind === 'person' ? `${givenName} ${familyName}` : (organisationName ?? '');
  return { kind, displayName, givenName, familyName, organisationName, contactPoints, identification, preferences };
}

/** Reads an add-protection body. */
export function readProtection(input: Input) {
  return {
    kind: input.oneOf('kind', PROTECTION_KINDS),
    from: input.date('from'),
    to: input.has('to') ? input.date('to') : null,
    evidence: input.text('evidence', { max: 2000 }),
  };
}
