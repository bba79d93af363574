/**
 * A faster codec for one Kafka record (message format v2): drop-ins for kafkajs 2.2.4's
 * `protocol/recordBatch/record/v0` encoder and decoder.
 *
 * Why: kafkajs encodes each record header with a fresh, zero-filled 512-byte `Encoder` and each
 * varint through a temporary array and Buffer; with the ten CloudEvents headers of an event that
 * is ~18 µs per message against ~2 µs without headers, and it made the kafkajs producer, not
 * PostgreSQL or the broker, the bottleneck of the outbox relay. Decoding copies the headers object
 * once per header (`{ ...obj, [key]: value }`) and does offset and timestamp arithmetic with
 * BigInt-backed Long objects. These functions measure once and write in place, and read in place,
 * producing the same bytes and the same record objects (the unit tests compare them with kafkajs'
 * own codec).
 *
 * Record =>
 *   Length => varint            (bytes after this field)
 *   Attributes => int8          (0)
 *   TimestampDelta => varlong
 *   OffsetDelta => varint
 *   Key => varint length (-1 = null), bytes
 *   Value => varint length (-1 = null), bytes
 *   Headers => varint count, then [varint key length, key, varint value length (-1 = null), value]
 * Varints are zig-zag encoded base-128 (https://kafka.apache.org/documentation/#recordheader).
 */

type Bytes = Buffer | string | null | undefined;

export interface RecordInput {
  offsetDelta?: number;
  timestampDelta?: number;
  key?: Bytes;
  value?: Bytes;
  headers?: Record<string, Bytes | Bytes[]>;
}

/** What kafkajs' batch encoder takes from a record: the bytes, as `buf` and `buffer`. */
export interface EncodedRecord {
  readonly buf: Buffer;
  readonly buffer: Buffer;
}

/** Zig-zag: small negative numbers become small unsigned ones. Exact for |n| < 2^52. */
const zigZag = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);

function sizeOfUnsigned(u: number): number {
  let size = 1;
  while (u >= 0x80) {
    u = Math.floor(u / 0x80);
    size++;
  }
  return size;
}

function writeUnsigned(buf: Buffer, offset: number, u: number): number {
  while (u >= 0x80) {
    buf[offset++] = (u % 0x80) | 0x80;
    u = Math.floor(u / 0x80);
  }
  buf[offset++] = u;
  return offset;
}

/** kafkajs writes non-Buffer values as `String(value)`. */
const asBytes = (v: Bytes): Buffer | string | null => (v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : String(v));
const byteLength = (v: Buffer | string | null): number => (v === null ? -1 : typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v.length);
const sizeOfField = (length: number): number => sizeOfUnsigned(zigZag(length)) + Math.max(length, 0);

/**
 * Short ASCII strings (header names, ids, times: most of a message) are copied a code unit at a
 * time: ~3x faster than `buf.write`, whose call costs more than such a string. A string is ASCII
 * exactly when its UTF-8 length equals its length.
 */
const SHORT = 64;

function writeField(buf: Buffer, offset: number, v: Buffer | string | null, length: number): number {
  offset = writeUnsigned(buf, offset, zigZag(length));
  if (v === null) return offset;
  if (typeof v !== 'string') v.copy(buf, offset);
  else if (length === v.length && length <= SHORT) for (let i = 0; i < length; i++) buf[offset + i] = v.charCodeAt(i);
  else buf.write(v, offset, length, 'utf8');
  return offset + length;
}

/** A record measured for writing: its size and its fields, ready for {@link writeRecord}. */
export interface MeasuredRecord {
  /** Bytes the record takes, its length prefix included. */
  readonly size: number;
  readonly body: number;
  readonly timestampDelta: number;
  readonly offsetDelta: number;
  readonly key: Buffer | string | null;
  readonly keyLength: number;
  readonly value: Buffer | string | null;
  readonly valueLength: number;
  /** Header names and values, flattened as kafkajs does (an array value is one header per element). */
  readonly fields: Array<Buffer | string | null>;
  readonly lengths: number[];
}

/** Measures a record (first pass); {@link writeRecord} writes it (second pass). */
export function measureRecord({ offsetDelta = 0, timestampDelta = 0, key, value, headers = {} }: RecordInput): MeasuredRecord {
  const k = asBytes(key);
  const v = asBytes(value);
  const keyLength = byteLength(k);
  const valueLength = byteLength(v);
  const fields: Array<Buffer | string | null> = [];
  const lengths: number[] = [];
  for (const name of Object.keys(headers)) {
    const h = headers[name];
    for (const hv of Array.isArray(h) ? h : [h]) {
      const bytes = asBytes(hv);
      fields.push(name, bytes);
      lengths.push(Buffer.byteLength(name, 'utf8'), byteLength(bytes));
    }
  }
  let body = 1 + sizeOfUnsigned(zigZag(timestampDelta)) + sizeOfUnsigned(zigZag(offsetDelta)) + sizeOfField(keyLength) + sizeOfField(valueLength);
  body += sizeOfUnsigned(zigZag(fields.length / 2));
  for (const length of lengths) body += sizeOfField(length);
  const size = sizeOfUnsigned(zigZag(body)) + body;
  return { size, body, timestampDelta, offsetDelta, key: k, keyLength, value: v, valueLength, fields, lengths };
}

/** Writes a measured record at `at`; returns the offset after it. */
export function writeRecord(buf: Buffer, at: number, r: MeasuredRecord): number {
  at = writeUnsigned(buf, at, zigZag(r.body));
  buf[at++] = 0; // attributes: none are used on records
  at = writeUnsigned(buf, at, zigZag(r.timestampDelta));
  at = writeUnsigned(buf, at, zigZag(r.offsetDelta));
  at = writeField(buf, at, r.key, r.keyLength);
  at = writeField(buf, at, r.value, r.valueLength);
  at = writeUnsigned(buf, at, zigZag(r.fields.length / 2));
  for (let i = 0; i < r.fields.length; i++) at = writeField(buf, at, r.fields[i], r.lengths[i]);
  return at;
}

/** Encodes one record; the same bytes as kafkajs' `Record(...)`. */
export function encodeRecord(input: RecordInput): EncodedRecord {
  const measured = measureRecord(input);
  // allocUnsafe: every byte is written below, and small buffers come from Node's shared pool.
  const buf = Buffer.allocUnsafe(measured.size);
  writeRecord(buf, 0, measured);
  return { buf, buffer: buf };
}

/** The part of kafkajs' `Decoder` the record decoder uses: the record's bytes and a read position. */
export interface RecordDecoderInput {
  buffer: Buffer;
  offset: number;
}

/** What kafkajs' batch decoder passes for each record of a batch (all 64-bit values as decimal strings). */
export interface BatchContext {
  firstOffset: string;
  firstTimestamp: string;
  maxTimestamp?: string;
  magicByte?: number;
  isControlBatch?: boolean;
  timestampType?: number;
  [other: string]: unknown;
}

/** A record as kafkajs hands it to consumers. */
export interface DecodedRecord {
  magicByte: number | undefined;
  attributes: number;
  timestamp: string;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | null | Array<Buffer | null>>;
  isControlRecord: boolean;
  batchContext: BatchContext;
}

/** kafkajs' `TimestampTypes.LOG_APPEND_TIME`. */
const LOG_APPEND_TIME = 1;

/** `base + delta` of a 64-bit decimal string, exactly (numbers while they are safe, else BigInt). */
function addToDecimal(base: string, delta: number): string {
  const n = Number(base);
  const sum = n + delta;
  return Number.isSafeInteger(n) && Number.isSafeInteger(sum) ? String(sum) : (BigInt(base) + BigInt(delta)).toString();
}

/** Reads records in place: one pass over the bytes, header values are views of the batch buffer as in kafkajs. */
class RecordReader {
  constructor(
    private readonly buf: Buffer,
    public at: number,
  ) {}

  /** A zig-zag varint or varlong (exact up to 2^53, beyond any delta or length Kafka writes). */
  signed(): number {
    let u = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = this.buf[this.at++];
      u += (byte & 0x7f) * scale;
      scale *= 0x80;
    } while (byte >= 0x80);
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  bytes(): Buffer | null {
    const length = this.signed();
    if (length < 0) return null;
    const view = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return view;
  }

  /** A header name: the recurring ASCII ones come from {@link knownNames}, the rest are decoded. */
  name(): string | null {
    const length = this.signed();
    if (length < 0) return null;
    const name = knownName(this.buf, this.at, length) ?? this.buf.toString('utf8', this.at, this.at + length);
    this.at += length;
    return name;
  }
}

/**
 * Header names seen so far, by a hash of their bytes. Every event carries the same ten names; a
 * lookup (a hash and a compare over ~12 bytes) costs a fraction of decoding a string, ten times a
 * message. Only short ASCII names are kept (then a byte equals a code unit), and at most 1,024.
 */
const knownNames = new Map<number, string>();
const MAX_KNOWN_NAMES = 1024;
const MAX_KNOWN_LENGTH = 64;

function knownName(buf: Buffer, at: number, length: number): string | undefined {
  if (length > MAX_KNOWN_LENGTH) return undefined;
  let hash = length;
  for (let i = at; i < at + length; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
  const known = knownNames.get(hash);
  if (known !== undefined && known.length === length) {
    let same = true;
    for (let i = 0; same && i < length; i++) same = known.charCodeAt(i) === buf[at + i];
    if (same) return known;
  }
  const name = buf.toString('utf8', at, at + length);
  if (name.length === length && knownNames.size < MAX_KNOWN_NAMES && known === undefined) knownNames.set(hash, name);
  return name;
}

/** Decodes one record; the same object as kafkajs' record decoder. */
export function decodeRecord(decoder: RecordDecoderInput, batchContext: BatchContext = { firstOffset: '0', firstTimestamp: '0' }): DecodedRecord {
  const r = new RecordReader(decoder.buffer, decoder.offset);
  const attributes = decoder.buffer.readInt8(r.at++);
  const timestampDelta = r.signed();
  const timestamp =
    batchContext.timestampType === LOG_APPEND_TIME && batchContext.maxTimestamp ? batchContext.maxTimestamp : addToDecimal(batchContext.firstTimestamp, timestampDelta);
  const offset = addToDecimal(batchContext.firstOffset, r.signed());
  const key = r.bytes();
  const value = r.bytes();
  const headers: DecodedRecord['headers'] = {};
  const count = r.signed();
  for (let i = 0; i < count; i++) {
    const name = r.name() as string;
    const v = r.bytes();
    const before = headers[name];
    // A repeated header becomes an array of its values, in order, as kafkajs does.
    headers[name] = before === undefined ? v : Array.isArray(before) ? [...before, v] : [before, v];
  }
  decoder.offset = r.at;
  return { magicByte: batchContext.magicByte, attributes, timestamp, offset, key, value, headers, isControlRecord: batchContext.isControlBatch ?? false, batchContext };
}
