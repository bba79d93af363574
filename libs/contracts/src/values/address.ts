import { Type, type Static } from '@sinclair/typebox';
import { Strict, TextSchema } from './schema';

/** Schema of an {@link Address}. */
export const AddressSchema = Strict({
  line1: TextSchema(200),
  line2: Type.Optional(TextSchema(200)),
  city: TextSchema(100),
  region: Type.Optional(TextSchema(100)),
  postalCode: TextSchema(20),
  country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code, e.g. "US".' }),
});

/** A structured postal address (service or billing address). Country is ISO 3166-1 alpha-2. */
export type Address = Static<typeof AddressSchema>;
