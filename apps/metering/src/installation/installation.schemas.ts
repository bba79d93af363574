import { DecimalSchema, InstantSchema, Strict, TextSchema, UuidV7Schema } from '@utilia/contracts';
import { Type } from '@sinclair/typebox';

const Reads = Type.Array(Strict({ register: TextSchema(20), value: DecimalSchema, readAt: InstantSchema }), {
  maxItems: 16,
  description: 'Register reads taken on site.',
});

/** The body of installing a meter at a service point. */
export const InstallBody = Strict({ serial: TextSchema(40), installedAt: InstantSchema, reads: Type.Optional(Reads) });

/** The body of removing a meter from a service point. */
export const RemoveBody = Strict({ removedAt: InstantSchema, reads: Type.Optional(Reads) });

/** The body of exchanging a point's meter for another. */
export const ExchangeBody = Strict({
  removedSerial: TextSchema(40),
  serial: TextSchema(40),
  at: InstantSchema,
  removedReads: Type.Optional(Reads),
  reads: Type.Optional(Reads),
});

/** The answer of an installation. */
export const Installed = Strict({ installationId: UuidV7Schema });

/** A meter's time at a service point. */
export const InstallationView = Type.Object({
  id: UuidV7Schema,
  meterId: UuidV7Schema,
  serial: Type.String(),
  servicePointId: UuidV7Schema,
  installedAt: InstantSchema,
  removedAt: Type.Union([InstantSchema, Type.Null()]),
  startReads: Reads,
  endReads: Type.Union([Reads, Type.Null()]),
  workOrderId: Type.Union([UuidV7Schema, Type.Null()]),
});
