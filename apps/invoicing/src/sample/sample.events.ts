import { defineEvent, Strict, TextSchema, Topics, UuidV7Schema, type EventUnion } from '@utilia/contracts';

// The sample's event types, to show the shape of a service's first use case. Replace them (and the
// sample folder) with the service's own; events other services consume belong in libs/contracts.

/** A sample was opened. */
export const SampleOpenedV1 = defineEvent({
  context: 'invoicing',
  name: 'sample-opened',
  version: 1,
  topic: Topics.invoicingEvents,
  description: 'A sample was opened (the service template; replace it).',
  partitionKey: (d) => d.sampleId,
  schema: Strict({ sampleId: UuidV7Schema, title: TextSchema(100) }),
});

/** A sample was closed. */
export const SampleClosedV1 = defineEvent({
  context: 'invoicing',
  name: 'sample-closed',
  version: 1,
  topic: Topics.invoicingEvents,
  description: 'A sample was closed (the service template; replace it).',
  partitionKey: (d) => d.sampleId,
  schema: Strict({ sampleId: UuidV7Schema, reason: TextSchema(200) }),
});

export const sampleEvents = [SampleOpenedV1, SampleClosedV1] as const;
export type SampleEvent = EventUnion<typeof sampleEvents>;
