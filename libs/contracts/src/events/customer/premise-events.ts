import { defineEvent } from '../../registry';
import { Topics } from '../../topics';
import { UuidV7Schema, type Uuid } from '../../values/ids';
import { LocalDateSchema, type LocalDate } from '../../values/time';
import { COMMODITIES, type Commodity } from './customer-events';
import { AddressSchema, nullable, NullableUuidSchema, TextSchema, type Address } from './cis-shapes';

/** What a premise is. */
export const PREMISE_TYPES = ['house', 'apartment', 'commercial', 'industrial', 'agricultural', 'other'] as const;
/** Whether a service point can take supply. */
export const CONNECTION_STATUSES = ['connected', 'disconnected', 'never-connected'] as const;
/** A connection status from {@link CONNECTION_STATUSES}. */
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** The identity of a service point's change events, keyed by the account on supply when there is one. */
const servicePointChangeRef = { servicePointId: UuidV7Schema, premiseId: UuidV7Schema, accountId: NullableUuidSchema } as const;
const servicePointChangeKey = (d: { servicePointId: Uuid; accountId: Uuid | null }) => d.accountId ?? d.servicePointId;

/** Data of `utilia.customer.premise-registered.v1`. */
export interface PremiseRegisteredV1 {
  premiseId: Uuid;
  address: Address;
  premiseType: (typeof PREMISE_TYPES)[number];
  /** The owner's (landlord's) account, which service reverts to when nobody moves in; null if none. */
  landlordAccountId: Uuid | null;
}

/** A premise (a service address) was registered. */
export const PremiseRegisteredV1 = defineEvent<PremiseRegisteredV1>({
  context: 'customer',
  name: 'premise-registered',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A premise (a structured service address) was registered.',
  partitionKey: (d) => d.premiseId,
  schema: {
    type: 'object',
    properties: {
      premiseId: UuidV7Schema,
      address: AddressSchema,
      premiseType: { type: 'string', enum: [...PREMISE_TYPES] },
      landlordAccountId: NullableUuidSchema,
    },
    required: ['premiseId', 'address', 'premiseType', 'landlordAccountId'],
    additionalProperties: false,
  },
});

/** Data of `utilia.customer.premise-landlord-changed.v1`. */
export interface PremiseLandlordChangedV1 {
  premiseId: Uuid;
  landlordAccountId: Uuid | null;
}

/** The landlord account of a premise changed (or was removed). */
export const PremiseLandlordChangedV1 = defineEvent<PremiseLandlordChangedV1>({
  context: 'customer',
  name: 'premise-landlord-changed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'The landlord (owner) account of a premise changed or was removed.',
  partitionKey: (d) => d.premiseId,
  schema: {
    type: 'object',
    properties: { premiseId: UuidV7Schema, landlordAccountId: NullableUuidSchema },
    required: ['premiseId', 'landlordAccountId'],
    additionalProperties: false,
  },
});

/** Data of `utilia.customer.service-point-added.v1`. */
export interface ServicePointAddedV1 {
  servicePointId: Uuid;
  premiseId: Uuid;
  commodity: Commodity;
  /** The market identifier of the point (MPAN, MPRN, ESI ID, NMI...), unique per commodity. */
  marketId: string;
  connectionStatus: ConnectionStatus;
}

/** A service point (where one commodity is delivered and metered) was added to a premise. */
export const ServicePointAddedV1 = defineEvent<ServicePointAddedV1>({
  context: 'customer',
  name: 'service-point-added',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A service point for one commodity, with its market identifier, was added to a premise.',
  partitionKey: (d) => d.servicePointId,
  schema: {
    type: 'object',
    properties: {
      servicePointId: UuidV7Schema,
      premiseId: UuidV7Schema,
      commodity: { type: 'string', enum: [...COMMODITIES] },
      marketId: { type: 'string', pattern: '^[A-Za-z0-9-]{3,40}$' },
      connectionStatus: { type: 'string', enum: [...CONNECTION_STATUSES] },
    },
    required: ['servicePointId', 'premiseId', 'commodity', 'marketId', 'connectionStatus'],
    additionalProperties: false,
  },
});

/** Data of `utilia.customer.service-point-connection-changed.v1`. */
export interface ServicePointConnectionChangedV1 {
  servicePointId: Uuid;
  premiseId: Uuid;
  /** The account on supply at the point, if any (the partition key when present). */
  accountId: Uuid | null;
  connectionStatus: ConnectionStatus;
  /** The work order whose completion changed it. */
  workOrderId: Uuid | null;
  changedOn: LocalDate;
}

/** A service point was connected or disconnected (a connect, disconnect or reconnect work order was completed). */
export const ServicePointConnectionChangedV1 = defineEvent<ServicePointConnectionChangedV1>({
  context: 'customer',
  name: 'service-point-connection-changed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A service point was connected or disconnected by a completed work order.',
  partitionKey: servicePointChangeKey,
  schema: {
    type: 'object',
    properties: {
      ...servicePointChangeRef,
      connectionStatus: { type: 'string', enum: [...CONNECTION_STATUSES] },
      workOrderId: NullableUuidSchema,
      changedOn: LocalDateSchema,
    },
    required: ['servicePointId', 'premiseId', 'accountId', 'connectionStatus', 'workOrderId', 'changedOn'],
    additionalProperties: false,
  },
});

/** Data of `utilia.customer.service-point-meter-changed.v1`. */
export interface ServicePointMeterChangedV1 {
  servicePointId: Uuid;
  premiseId: Uuid;
  accountId: Uuid | null;
  /** The meter now fitted; null after a removal. */
  meterSerial: string | null;
  previousMeterSerial: string | null;
  workOrderId: Uuid;
  changedOn: LocalDate;
}

/**
 * A meter was installed, exchanged or removed at a service point, as a field work order reported it.
 * Metering owns meters and registers; customer keeps the serial to find the customer by meter.
 */
export const ServicePointMeterChangedV1 = defineEvent<ServicePointMeterChangedV1>({
  context: 'customer',
  name: 'service-point-meter-changed',
  version: 1,
  topic: Topics.customerEvents,
  description: 'A meter was installed, exchanged or removed at a service point by a completed work order.',
  partitionKey: servicePointChangeKey,
  schema: {
    type: 'object',
    properties: {
      ...servicePointChangeRef,
      meterSerial: nullable(TextSchema(40)),
      previousMeterSerial: nullable(TextSchema(40)),
      workOrderId: UuidV7Schema,
      changedOn: LocalDateSchema,
    },
    required: ['servicePointId', 'premiseId', 'accountId', 'meterSerial', 'previousMeterSerial', 'workOrderId', 'changedOn'],
    additionalProperties: false,
  },
});
