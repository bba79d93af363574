import { isUuidV7 } from '@utilia/contracts';
import { ProblemError } from '@utilia/platform';
import { ValidationFailed } from './rules';
import { parse as parseInput, type Input } from './validation';

/** A path parameter that must be a UUIDv7. */
export function idParam(name: string, value: string): string {
  if (!isUuidV7(value)) throw new ProblemError(400, 'validation-failed', `${name} must be a UUIDv7`, [{ field: name, message: 'must be a UUIDv7' }]);
  return value;
}

/** Opaque cursors: base64url JSON of the sort key of the last row served. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity) return key;
  } catch {
    // fall through
  }
  throw new ProblemError(400, 'validation-failed', 'cursor is not one this API gave out', [{ field: 'cursor', message: 'is invalid' }]);
}

/** The page size asked for, 1..100 (default 20). */
export function limitParam(value: string | undefined, fallback = 20): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new ProblemError(400, 'validation-failed', 'limit must be an integer from 1 to 100', [{ field: 'limit', message: 'must be an integer from 1 to 100' }]);
  return n;
}

// The same few column names come back on every row: convert each once.
const camelKeys = new Map<string, string>();

function camelKey(k: string): string {
  let c = camelKeys.get(k);
  if (c === undefined) {
    c = k.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
    // Keys of free-form jsonb could be anything; only remember a bounded number.
    if (camelKeys.size < 10_000) camelKeys.set(k, c);
  }
  return c;
}

/** Turns the snake_case keys of SQL rows (and nested jsonb) into camelCase; drops projection bookkeeping. */
export function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const k in value) {
    if (k === 'last_position' || k === 'last_event_id') continue;
    out[camelKey(k)] = camel((value as Record<string, unknown>)[k]);
  }
  return out;
}

/** Reads a request body; field errors become a 400 problem naming each field. */
export function parse<T>(body: unknown, read: (input: Input) => T): T {
  try {
    return parseInput(body, read);
  } catch (e) {
    if (e instanceof ValidationFailed) throw new ProblemError(400, 'validation-failed', 'the request has invalid fields', e.errors);
    throw e;
  }
}
