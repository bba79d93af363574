import fc from 'fast-check';
import { crc32c, encodeProduceRequest, fastProduceRequest, groupMessagesPerPartition, type ProduceRequest, type ProduceRequestArgs } from './produce-request';

// kafkajs' own produce request and CRC: the reference ours must match, byte for byte.
const kafkajsRequest = require('kafkajs/src/protocol/requests/produce/v3/request') as (args: ProduceRequestArgs) => ProduceRequest;
const kafkajsCrc32C = require('kafkajs/src/protocol/recordBatch/crc32C') as (b: Buffer) => number;
const Long = require('kafkajs/src/utils/long') as { fromValue(v: unknown): unknown };

const NOW = 1_764_300_000_123;

/** kafkajs' bytes for `args`, with the clock stopped at NOW (it stamps each batch with Date.now()). */
async function theirs(args: ProduceRequestArgs): Promise<Buffer> {
  const spy = jest.spyOn(Date, 'now').mockReturnValue(NOW);
  try {
    return (await kafkajsRequest(args).encode() as unknown as { buffer: Buffer }).buffer;
  } finally {
    spy.mockRestore();
  }
}

const event = (i: number) => ({
  key: `account-${i % 7}`,
  value: JSON.stringify({ counter: `c${i}`, n: i }),
  headers: { ce_id: `0193a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, '0')}`, ce_specversion: '1.0', ce_type: 'utilia.testing.counter-incremented.v1', ce_sequence: String(i) },
});

describe('crc32c', () => {
  it('is the CRC32C of kafkajs (and of the standard check value)', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (a) => crc32c(Buffer.from(a)) === kafkajsCrc32C(Buffer.from(a))), { numRuns: 500 });
  });
});

describe('encodeProduceRequest (in place of kafkajs produce request v3)', () => {
  it('writes what the relay sends (an idempotent batch over several partitions) as kafkajs does', async () => {
    const args: ProduceRequestArgs = {
      acks: -1,
      timeout: 30_000,
      producerId: Long.fromValue(4711),
      producerEpoch: 3,
      topicData: [
        { topic: 'customer.events', partitions: [0, 1, 2].map((p) => ({ partition: p, firstSequence: 100 * p, messages: Array.from({ length: 20 + p }, (_, i) => event(i)) })) },
        { topic: 'metering.events', partitions: [{ partition: 5, firstSequence: 0, messages: [event(1)] }] },
      ],
    };
    expect(encodeProduceRequest(args, NOW).equals(await theirs(args))).toBe(true);
  });

  it('handles a transactional producer, defaults, empty lists, null keys and values', async () => {
    const cases: ProduceRequestArgs[] = [
      { acks: 1, timeout: 1000, transactionalId: 'tx-é', producerId: Long.fromValue('9007199254740993'), producerEpoch: 1, topicData: [{ topic: 't', partitions: [{ partition: 0, firstSequence: 7, messages: [{ key: null, value: null }] }] }] },
      { acks: 0, timeout: 5, topicData: [] },
      { acks: -1, timeout: 5, topicData: [{ topic: 't', partitions: [] }, { topic: 'u', partitions: [{ partition: 1, messages: [] }] }] },
    ];
    for (const args of cases) expect(encodeProduceRequest(args, NOW).toString('hex')).toBe((await theirs(args)).toString('hex'));
  });

  it('matches kafkajs on any uncompressed request without message timestamps', async () => {
    const bytes = fc.oneof(fc.constant(null), fc.string({ maxLength: 80 }), fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)));
    const message = fc.record({ key: bytes, value: bytes, headers: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 30 }), { maxKeys: 4 }) });
    const partition = fc.record({ partition: fc.integer({ min: 0, max: 50 }), firstSequence: fc.integer({ min: 0, max: 2 ** 31 - 1 }), messages: fc.array(message, { maxLength: 12 }) });
    const args = fc.record({
      acks: fc.constantFrom(-1, 0, 1),
      timeout: fc.integer({ min: 0, max: 60_000 }),
      transactionalId: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
      producerId: fc.bigInt({ min: -1n, max: 2n ** 62n }).map((v) => Long.fromValue(v)),
      producerEpoch: fc.integer({ min: 0, max: 32_000 }),
      topicData: fc.array(fc.record({ topic: fc.string({ minLength: 1, maxLength: 20 }), partitions: fc.array(partition, { maxLength: 3 }) }), { maxLength: 3 }),
    });
    await fc.assert(fc.asyncProperty(args, async (a) => { expect(encodeProduceRequest(a, NOW).equals(await theirs(a))).toBe(true); }), { numRuns: 200 });
  });
});

describe('fastProduceRequest', () => {
  const fast = fastProduceRequest(kafkajsRequest);
  const ours = async (args: ProduceRequestArgs) => {
    const spy = jest.spyOn(Date, 'now').mockReturnValue(NOW);
    try {
      return (await fast(args).encode()).buffer;
    } finally {
      spy.mockRestore();
    }
  };

  it('is a produce request v3 that says whether the broker answers', () => {
    const args: ProduceRequestArgs = { acks: -1, timeout: 100, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [event(1)] }] }] };
    expect(fast(args)).toMatchObject({ apiKey: 0, apiVersion: 3, apiName: 'Produce' });
    expect(fast(args).expectResponse()).toBe(true);
    expect(fast({ ...args, acks: 0 }).expectResponse()).toBe(false);
  });

  it('leaves compressed batches and messages with their own timestamps to kafkajs, so they come out right', async () => {
    const gzip: ProduceRequestArgs = { acks: -1, timeout: 100, compression: 1, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [event(1), event(2)] }] }] };
    const stamped: ProduceRequestArgs = { acks: -1, timeout: 100, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ ...event(1), timestamp: '1700000000000' }, event(2)] }] }] };
    for (const args of [gzip, stamped]) {
      expect((await ours(args)).equals(await theirs(args))).toBe(true);
      expect((await ours(args)).equals(encodeProduceRequest(args, NOW))).toBe(false);
    }
  });
});

describe('groupMessagesPerPartition (in place of kafkajs producer grouping)', () => {
  const kafkajsGroup = require('kafkajs/src/producer/groupMessagesPerPartition') as typeof groupMessagesPerPartition;

  it('groups as kafkajs does: every partition its messages in order, nothing without partitions', () => {
    const partitionMetadata = [{ partitionId: 0 }, { partitionId: 1 }, { partitionId: 2 }];
    fc.assert(
      fc.property(fc.array(fc.record({ key: fc.string({ maxLength: 5 }), n: fc.nat() }), { maxLength: 200 }), (messages) => {
        const args = { topic: 't', partitionMetadata, messages, partitioner: ({ message }: { message: { key: string } }) => message.key.length % 3 };
        expect(groupMessagesPerPartition(args)).toEqual(kafkajsGroup(args));
        expect(Object.keys(groupMessagesPerPartition(args))).toEqual(Object.keys(kafkajsGroup(args)));
      }),
    );
    expect(groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages: [1, 2], partitioner: () => 0 })).toEqual({});
  });
});
