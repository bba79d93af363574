import { Type, type Static } from '@sinclair/typebox';
import { randomFillSync } from 'node:crypto';
import { ContractMessages } from '../errors';
import { nullable } from './schema';

/** The syntax of a UUIDv7 in canonical lower-case form: version nibble 7, variant bits 10. */
export const UUID_V7_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';

const uuidV7Re = new RegExp(UUID_V7_PATTERN);

/** Schema of a UUIDv7 id. */
export const UuidV7Schema = Type.String({ pattern: UUID_V7_PATTERN, description: 'A UUID version 7 (RFC 9562), lower case.' });

/** An identifier: a UUID version 7 (RFC 9562) in lower-case canonical form; time-ordered, so index-friendly. */
export type Uuid = Static<typeof UuidV7Schema>;

/** A UUIDv7 or null. */
export const NullableUuidSchema = nullable(UuidV7Schema);

/** True when `value` is a canonical lower-case UUIDv7. */
export function isUuidV7(value: unknown): value is Uuid {
  return typeof value === 'string' && uuidV7Re.test(value);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const last = new Uint8Array(16);
let lastMs = -1;
const pool = new Uint8Array(16 * 256);
let poolOffset = pool.length;

function fillRandom(target: Uint8Array): void {
  if (poolOffset + 10 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  target.set(pool.subarray(poolOffset, poolOffset + 10), 6);
  poolOffset += 10;
}

/** Adds one to the 74 random bits (rand_a and rand_b), keeping version and variant; false on overflow. */
function incrementRandom(b: Uint8Array): boolean {
  for (let i = 15; i >= 9; i--) {
    b[i] = (b[i] + 1) & 0xff;
    if (b[i] !== 0) return true;
  }
  const low8 = (b[8] & 0x3f) + 1;
  b[8] = 0x80 | (low8 & 0x3f);
  if (low8 <= 0x3f) return true;
  b[7] = (b[7] + 1) & 0xff;
  if (b[7] !== 0) return true;
  const low6 = (b[6] & 0x0f) + 1;
  b[6] = 0x70 | (low6 & 0x0f);
  return low6 <= 0x0f;
}

function writeTimestamp(b: Uint8Array, ms: number): void {
  // 48-bit big-endian Unix milliseconds: split so no bitwise operation sees more than 32 bits.
  const high = Math.floor(ms / 0x1000000);
  const low = ms % 0x1000000;
  b[0] = (high >>> 16) & 0xff;
  b[1] = (high >>> 8) & 0xff;
  b[2] = high & 0xff;
  b[3] = (low >>> 16) & 0xff;
  b[4] = (low >>> 8) & 0xff;
  b[5] = low & 0xff;
}

/**
 * A new UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits from node:crypto.
 * Ids made by one process are strictly increasing, even within one millisecond or when the clock
 * steps back (RFC 9562 section 6.2, method 2: the random part is incremented).
 *
 * @param now - the current time in Unix milliseconds; defaults to the system clock.
 */
export function uuidv7(now: number = Date.now()): Uuid {
  if (now > lastMs) {
    lastMs = now;
    writeTimestamp(last, now);
    fillRandom(last);
    last[6] = 0x70 | (last[6] & 0x0f);
    last[8] = 0x80 | (last[8] & 0x3f);
  } else if (!incrementRandom(last)) {
    lastMs += 1;
    writeTimestamp(last, lastMs);
  }
  const h = (i: number) => HEX[last[i]];
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}

/** The Unix milliseconds encoded in a UUIDv7: when it was made. */
export function uuidv7Time(id: Uuid): number {
  if (!isUuidV7(id)) throw new TypeError(ContractMessages.notUuidV7(id));
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
