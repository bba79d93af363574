import { isLocalDate, isUuidV7 } from '@utilia/contracts';
import { ValidationFailed } from '../domain/rules';
import { PROJECTION_COLUMNS } from '../projection/projection';

/** A path or query parameter that must be a UUIDv7. */
export function idParam(name: string, value: string | undefined): string {
  if (!isUuidV7(value)) throw new ValidationFailed([{ field: name, message: 'must be a UUIDv7' }]);
  return value;
}

/** A path or query parameter that must be a calendar date YYYY-MM-DD. */
export function dateParam(name: string, value: string | undefined): string {
  if (!isLocalDate(value)) throw new ValidationFailed([{ field: name, message: 'must be a date YYYY-MM-DD' }]);
  return value;
}

/** The page size asked for, 1..100 (default 20). */
export function limitParam(value: string | undefined, fallback = 20): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new ValidationFailed([{ field: 'limit', message: 'must be an integer from 1 to 100' }]);
  return n;
}

/** Opaque cursors: base64url JSON of the sort key of the last row served. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key a cursor of {@link encodeCursor} holds; a cursor this API did not give out is a 400. */
export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity) return key;
  } catch {
    // fall through
  }
  throw new ValidationFailed([{ field: 'cursor', message: 'is not a cursor this API gave out' }]);
}

/** One page of a list and the cursor of the next, from `limit + 1` rows fetched in order. */
export function page<R, T>(
  rows: readonly R[],
  limit: number,
  show: (row: R) => T,
  cursorOf: (last: R) => unknown[],
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items: items.map(show), nextCursor: rows.length > limit ? encodeCursor(cursorOf(items[items.length - 1])) : null };
}

// The same few column names come back on every row: convert each once.
const camelKeys = new Map<string, string>();
const bookkeeping = new Set<string>(PROJECTION_COLUMNS);

function camelKey(k: string): string {
  let c = camelKeys.get(k);
  if (c === undefined) {
    c = k.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
    // Keys of free-form jsonb could be anything; only remember a bounded number.
    if (camelKeys.size < 10_000) camelKeys.set(k, c);
  }
  return c;
}

/**
 * A read-model row's JSON in SQL without the bookkeeping columns, for rows nested in a query's
 * answer (`jsonb_agg(${rowJson('g')})`); {@link camel} drops them from the top-level row.
 */
export function rowJson(alias: string): string {
  return `(to_jsonb(${alias}) - ${PROJECTION_COLUMNS.map((c) => `'${c}'`).join(' - ')})`;
}

function camelDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelDeep);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const k in value) out[camelKey(k)] = camelDeep((value as Record<string, unknown>)[k]);
  return out;
}

/**
 * Turns the snake_case keys of a SQL row (and of the jsonb in it) into camelCase, leaving out the
 * read model's bookkeeping columns of the row itself. Nested rows leave theirs out in SQL ({@link rowJson}).
 */
export function camel(row: unknown): unknown {
  if (row === null || typeof row !== 'object' || Array.isArray(row) || row instanceof Date) return camelDeep(row);
  const out: Record<string, unknown> = {};
  for (const k in row) {
    if (bookkeeping.has(k)) continue;
    out[camelKey(k)] = camelDeep((row as Record<string, unknown>)[k]);
  }
  return out;
}
