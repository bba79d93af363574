import type { JsonSchema } from '../../values/json-schema';
import { UuidV7Schema } from '../../values/ids';

/** A structured postal address (service or billing address). Country is ISO 3166-1 alpha-2. */
export interface Address {
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
}

const text = (max: number): JsonSchema => ({ type: 'string', minLength: 1, maxLength: max });

/** JSON Schema of an {@link Address}. */
export const AddressSchema: JsonSchema = {
  type: 'object',
  properties: {
    line1: text(200),
    line2: text(200),
    city: text(100),
    region: text(100),
    postalCode: text(20),
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
  },
  required: ['line1', 'city', 'postalCode', 'country'],
  additionalProperties: false,
};

/** `schema` or JSON null. */
export function nullable(schema: JsonSchema): JsonSchema {
  return { anyOf: [schema, { type: 'null' }] };
}

/** A non-empty string of at most `max` characters. */
export const TextSchema = text;

/** A UUIDv7 or null. */
export const NullableUuidSchema: JsonSchema = nullable(UuidV7Schema);
