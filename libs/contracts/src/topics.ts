/**
 * Kafka topic names. `<context>.events` carry each bounded context's domain events; `meter.readings`
 * carries head-end readings in; dead letters go to `<consumer group>.dlq`.
 */
export const Topics = {
  customerEvents: 'customer.events',
  meteringEvents: 'metering.events',
  ratingEvents: 'rating.events',
  invoicingEvents: 'invoicing.events',
  paymentsEvents: 'payments.events',
  meterReadings: 'meter.readings',
} as const;

/** A topic name from {@link Topics}. */
export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Every topic the platform needs, with its partition count (the unit of consumer scaling). */
export const TopicPlan: ReadonlyArray<{ topic: TopicName; partitions: number }> = [
  { topic: Topics.customerEvents, partitions: 6 },
  { topic: Topics.meteringEvents, partitions: 6 },
  { topic: Topics.ratingEvents, partitions: 3 },
  { topic: Topics.invoicingEvents, partitions: 6 },
  { topic: Topics.paymentsEvents, partitions: 6 },
  { topic: Topics.meterReadings, partitions: 6 },
];

/** The dead-letter topic of a consumer group. */
export function deadLetterTopic(consumerGroup: string): string {
  return `${consumerGroup}.dlq`;
}
