import fc from 'fast-check';
import { decodeRecord, encodeRecord, type BatchContext, type RecordInput } from './record-codec';

// kafkajs' own record codec: the reference ours must match, byte for byte and field for field.
const kafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (r: RecordInput) => { buffer: Buffer };
const kafkajsDecodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (d: unknown, c: BatchContext) => unknown;
const KafkajsDecoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => { buffer: Buffer; offset: number; readVarIntBytes(): Buffer };

/** Both decoders on the record body, as kafkajs' batch decoder hands it (after the length varint). */
function decodeBoth(encoded: Buffer, context: BatchContext) {
  const body = new KafkajsDecoder(encoded).readVarIntBytes();
  return { ours: decodeRecord(new KafkajsDecoder(body), context), theirs: kafkajsDecodeRecord(new KafkajsDecoder(body), context) };
}

const same = (input: RecordInput) => expect(encodeRecord(input).buffer.toString('hex')).toBe(kafkajsRecord(input).buffer.toString('hex'));

describe('encodeRecord (Kafka record v2, in place of kafkajs record v0)', () => {
  it('encodes an event message with its CloudEvents headers as kafkajs does', () => {
    same({
      offsetDelta: 7,
      timestampDelta: 3,
      key: 'account-42',
      value: '{"counter":"c","n":1}',
      headers: { ce_id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', ce_specversion: '1.0', ce_type: 'utilia.testing.counter-incremented.v1', 'content-type': 'application/json' },
    });
  });

  it('handles null and missing keys and values, Buffers, arrays of header values and no headers', () => {
    same({ key: null, value: null });
    same({ offsetDelta: 0, key: Buffer.from([0, 1, 2, 255]), value: Buffer.alloc(0), headers: {} });
    same({ key: 'k', value: 'v', headers: { dup: ['a', Buffer.from('b')], empty: '' } });
  });

  it('writes multi-byte varints: long values, large offsets, negative and large timestamp deltas', () => {
    same({ offsetDelta: 70_000, timestampDelta: -5, key: 'k', value: 'x'.repeat(20_000) });
    same({ offsetDelta: 1, timestampDelta: 2 ** 40 + 123, key: 'k'.repeat(200), value: 'é€😀'.repeat(50), headers: { ['h'.repeat(130)]: 'v'.repeat(300) } });
  });

  it('matches kafkajs on any record', () => {
    const bytes = fc.oneof(fc.constant(null), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)));
    fc.assert(
      fc.property(
        fc.record({
          offsetDelta: fc.integer({ min: 0, max: 1_000_000 }),
          timestampDelta: fc.integer({ min: -1_000_000, max: 2 ** 45 }),
          key: bytes,
          value: bytes,
          headers: fc.dictionary(fc.string({ minLength: 1, maxLength: 40 }), fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 50 }).map((a) => Buffer.from(a)))),
        }),
        (input) => {
          expect(encodeRecord(input).buffer.equals(kafkajsRecord(input).buffer)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  describe('decodeRecord', () => {
    const context: BatchContext = { firstOffset: '1000', firstTimestamp: '1764288000000', maxTimestamp: '1764288000999', magicByte: 2, isControlBatch: false, timestampType: 0 };

    it('reads header names right whether it has seen them before or not (names it keeps, non-ASCII, long, more than it keeps)', () => {
      const names = ['ce_id', 'ce_type', 'é-name', '😀', 'n'.repeat(100), ...Array.from({ length: 1500 }, (_, i) => `h${i}`)];
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < names.length; i += 50) {
          const headers = Object.fromEntries(names.slice(i, i + 50).map((n) => [n, n.toUpperCase()]));
          const { ours, theirs } = decodeBoth(encodeRecord({ key: 'k', value: 'v', headers }).buffer, context);
          expect(Object.keys(ours.headers)).toEqual(Object.keys(headers));
          expect(ours).toEqual(theirs);
        }
      }
    });

    it('reads back what was written, as kafkajs does', () => {
      const encoded = encodeRecord({ offsetDelta: 5, timestampDelta: 12, key: 'account-42', value: '{"n":1}', headers: { ce_id: 'x', dup: ['a', 'b', 'c'], none: null } }).buffer;
      const { ours, theirs } = decodeBoth(encoded, context);
      expect(ours).toEqual(theirs);
      expect(ours.offset).toBe('1005');
      expect(ours.timestamp).toBe('1764288000012');
      expect(ours.headers.dup).toEqual([Buffer.from('a'), Buffer.from('b'), Buffer.from('c')]);
      expect(ours.value?.toString()).toBe('{"n":1}');
    });

    it('keeps 64-bit offsets exact and takes the broker time for log-append-time batches', () => {
      const encoded = encodeRecord({ offsetDelta: 3, key: null, value: null }).buffer;
      const big = decodeBoth(encoded, { ...context, firstOffset: '9223372036854775800' });
      expect(big.ours).toEqual(big.theirs);
      expect(big.ours.offset).toBe('9223372036854775803');
      const logAppend = decodeBoth(encoded, { ...context, timestampType: 1 });
      expect(logAppend.ours).toEqual(logAppend.theirs);
      expect(logAppend.ours.timestamp).toBe('1764288000999');
    });

    it('matches kafkajs on any record', () => {
      const bytes = fc.oneof(fc.constant(null), fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)));
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 100_000 }),
          fc.integer({ min: -1_000_000, max: 2 ** 40 }),
          bytes,
          bytes,
          fc.array(fc.tuple(fc.constantFrom('ce_id', 'ce_type', 'a', 'é'), fc.oneof(fc.constant(null), fc.string({ maxLength: 50 }))), { maxLength: 12 }),
          (offsetDelta, timestampDelta, key, value, pairs) => {
            const headers: Record<string, Array<string | null>> = {};
            for (const [name, v] of pairs) (headers[name] ??= []).push(v);
            const { ours, theirs } = decodeBoth(encodeRecord({ offsetDelta, timestampDelta, key, value, headers }).buffer, context);
            expect(ours).toEqual(theirs);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
