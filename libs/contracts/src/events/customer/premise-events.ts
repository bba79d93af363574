import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { AddressSchema } from '../../values/address';
import { NullableUuidSchema, UuidV7Schema, type Uuid } from '../../values/ids';
import { described, nullable, Strict, StringEnum, TextSchema } from '../../values/schema';
import { LocalDateSchema } from '../../values/time';
import { COMMODITIES } from './customer-events';

/** What a premise is. */
export const PREMISE_TYPES = ['house', 'apartment', 'commercial', 'industrial', 'agricultural', 'other'] as const;
/** Whether a service point can take supply. */
export const CONNECTION_STATUSES = ['connected', 'disconnected', 'never-connected'] as const;
/** A connection status from {@link CONNECTION_STATUSES}. */
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** The identity of a service point's change events, keyed by the account on supply when there is one. */
const servicePointChangeRef = {
  servicePointId: UuidV7Schema,
  premiseId: UuidV7Schema,
  accountId: described(NullableUuidSchema, 'The account on supply at the point, if any (the partition key when present).'),
} as const;
const servicePointChangeKey = (d: { servicePointId: Uuid; accountId: Uuid | null }) => d.accountId ?? d.servicePointId;

/** Schema of {@link PremiseRegisteredV1}. */
export const PremiseRegisteredV1Schema = Strict({
  premiseId: UuidV7Schema,
  address: AddressSchema,
  premiseType: StringEnum(PREMISE_TYPES),
  landlordAccountId: described(NullableUuidSchema, "The owner's (landlord's) account, which service reverts to when nobody moves in; null if none."),
});

/** Data of `utilia.customer.premise-registered.v1`. */
export type PremiseRegisteredV1 = Static<typeof PremiseRegisteredV1Schema>;

/** A premise (a service address) was registered. */
export const PremiseRegisteredV1 = defineEvent({
  context: 'customer',
  name: 'premise-registered',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A premise (a structured service address) was registered.',
  partitionKey: (d) => d.premiseId,
  schema: PremiseRegisteredV1Schema,
});

/** Schema of {@link PremiseLandlordChangedV1}. */
export const PremiseLandlordChangedV1Schema = Strict({ premiseId: UuidV7Schema, landlordAccountId: NullableUuidSchema });

/** Data of `utilia.customer.premise-landlord-changed.v1`. */
export type PremiseLandlordChangedV1 = Static<typeof PremiseLandlordChangedV1Schema>;

/** The landlord account of a premise changed (or was removed). */
export const PremiseLandlordChangedV1 = defineEvent({
  context: 'customer',
  name: 'premise-landlord-changed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'The landlord (owner) account of a premise changed or was removed.',
  partitionKey: (d) => d.premiseId,
  schema: PremiseLandlordChangedV1Schema,
});

/** Schema of {@link ServicePointAddedV1}. */
export const ServicePointAddedV1Schema = Strict({
  servicePointId: UuidV7Schema,
  premiseId: UuidV7Schema,
  commodity: StringEnum(COMMODITIES),
  marketId: Type.String({
    pattern: '^[A-Za-z0-9-]{3,40}$',
    description: 'The market identifier of the point (MPAN, MPRN, ESI ID, NMI...), unique per commodity.',
  }),
  connectionStatus: StringEnum(CONNECTION_STATUSES),
});

/** Data of `utilia.customer.service-point-added.v1`. */
export type ServicePointAddedV1 = Static<typeof ServicePointAddedV1Schema>;

/** A service point (where one commodity is delivered and metered) was added to a premise. */
export const ServicePointAddedV1 = defineEvent({
  context: 'customer',
  name: 'service-point-added',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A service point for one commodity, with its market identifier, was added to a premise.',
  partitionKey: (d) => d.servicePointId,
  schema: ServicePointAddedV1Schema,
});

/** Schema of {@link ServicePointConnectionChangedV1}. */
export const ServicePointConnectionChangedV1Schema = Strict({
  ...servicePointChangeRef,
  connectionStatus: StringEnum(CONNECTION_STATUSES),
  workOrderId: described(NullableUuidSchema, 'The work order whose completion changed it.'),
  changedOn: LocalDateSchema,
});

/** Data of `utilia.customer.service-point-connection-changed.v1`. */
export type ServicePointConnectionChangedV1 = Static<typeof ServicePointConnectionChangedV1Schema>;

/** A service point was connected or disconnected (a connect, disconnect or reconnect work order was completed). */
export const ServicePointConnectionChangedV1 = defineEvent({
  context: 'customer',
  name: 'service-point-connection-changed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A service point was connected or disconnected by a completed work order.',
  partitionKey: servicePointChangeKey,
  schema: ServicePointConnectionChangedV1Schema,
});

/** Schema of {@link ServicePointMeterChangedV1}. */
export const ServicePointMeterChangedV1Schema = Strict({
  ...servicePointChangeRef,
  meterSerial: nullable(TextSchema(40), { description: 'The meter now fitted; null after a removal.' }),
  previousMeterSerial: nullable(TextSchema(40)),
  workOrderId: UuidV7Schema,
  changedOn: LocalDateSchema,
});

/** Data of `utilia.customer.service-point-meter-changed.v1`. */
export type ServicePointMeterChangedV1 = Static<typeof ServicePointMeterChangedV1Schema>;

/**
 * A meter was installed, exchanged or removed at a service point, as a field work order reported it.
 * Metering owns meters and registers; customer keeps the serial to find the customer by meter.
 */
export const ServicePointMeterChangedV1 = defineEvent({
  context: 'customer',
  name: 'service-point-meter-changed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A meter was installed, exchanged or removed at a service point by a completed work order.',
  partitionKey: servicePointChangeKey,
  schema: ServicePointMeterChangedV1Schema,
});
