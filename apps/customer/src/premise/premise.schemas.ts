import { AddressSchema, COMMODITIES, CONNECTION_STATUSES, nullable, PREMISE_TYPES, Strict, StringEnum, UuidV7Schema } from '@utilia/contracts';
import { Type } from '@sinclair/typebox';

const landlord = Type.Optional(
  nullable(UuidV7Schema, { description: "The owner's account, which service reverts to when nobody moves in; null or absent for none." }),
);

/** The body of registering a premise. */
export const RegisterPremiseBody = Strict({
  address: AddressSchema,
  premiseType: StringEnum(PREMISE_TYPES),
  landlordAccountId: landlord,
  allowDuplicateAddress: Type.Optional(
    Type.Boolean({ default: false, description: 'Register it even though a premise at the same address exists (e.g. flats behind one street address).' }),
  ),
});

/** The body of setting or clearing a premise's landlord. */
export const LandlordBody = Strict({ landlordAccountId: landlord });

/** The body of adding a service point to a premise. */
export const AddServicePointBody = Strict({
  commodity: StringEnum(COMMODITIES),
  marketId: Type.String({ pattern: '^[A-Za-z0-9-]{3,40}$', description: '3 to 40 letters, digits or dashes (MPAN, MPRN, ESI ID, NMI...)' }),
  connectionStatus: Type.Optional(StringEnum(CONNECTION_STATUSES, { default: 'never-connected' })),
});

/** The answer of a change to a premise. */
export const PremiseRef = Strict({ premiseId: UuidV7Schema });
/** The answer of adding a service point. */
export const ServicePointRef = Strict({ servicePointId: UuidV7Schema });
