import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { rememberingPartitioner } from './outbox';

const partitions = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, i) => ({ partitionId: i, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }));

describe('the relay partitioner', () => {
  it('puts every key where kafkajs default (Java-compatible) partitioner does, also after the partition count changes', () => {
    const ours = rememberingPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const n of [1, 3, 6, 12, 6]) {
      for (let i = 0; i < 2000; i++) {
        const args = { topic: 'customer.events', partitionMetadata: partitions(n), message: { key: `account-${i % 700}`, value: 'v' } };
        expect(ours(args)).toBe(theirs(args));
      }
    }
  });

  it('keeps an explicit partition', () => {
    const ours = rememberingPartitioner();
    expect(ours({ topic: 't', partitionMetadata: partitions(6), message: { key: 'k', value: 'v', partition: 4 } })).toBe(4);
  });
});
