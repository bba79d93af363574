import type { EntityManager, QueryRunner } from 'typeorm';

/** The rows and row count of one statement. */
export interface SqlResult<R> {
  rows: R[];
  rowCount: number;
}

/** The one thing the backbone needs from a connection: run a parameterised statement. */
export interface Sql {
  /**
   * `name` makes it a prepared statement of the connection (parsed and planned once, not on every
   * call): for the backbone's hot statements, whose planning costs more than their execution.
   */
  query<R = Record<string, unknown>>(text: string, params?: unknown[], name?: string): Promise<SqlResult<R>>;
}

/** A pg client or pool (`{ rows, rowCount }` results). */
interface PgLike {
  query(text: string | { text: string; values?: unknown[]; name?: string }, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** What callers may hand to the event store and the outbox: their transaction, in whatever form they have it. */
export type SqlExecutor = EntityManager | QueryRunner | PgLike | Sql;

function isQueryRunner(x: object): x is QueryRunner {
  return typeof (x as QueryRunner).startTransaction === 'function' && typeof (x as QueryRunner).release === 'function';
}

function isEntityManager(x: object): x is EntityManager {
  return typeof (x as EntityManager).getRepository === 'function' && 'connection' in x;
}

function fromQueryRunner(runner: QueryRunner): Sql {
  return {
    async query<R>(text: string, params?: unknown[], name?: string) {
      if (name) {
        // The pg client under the TypeORM query runner, for a named (prepared) statement.
        const client = (await runner.connect()) as PgLike;
        return fromPg(client).query<R>(text, params, name);
      }
      const r = await runner.query(text, params, true);
      return { rows: (r.records ?? []) as R[], rowCount: r.affected ?? 0 };
    },
  };
}

/**
 * Adapts a TypeORM `EntityManager` (use the one `dataSource.transaction(...)` gives, so the
 * statements run in the caller's transaction), a TypeORM `QueryRunner`, or a pg client/pool.
 */
export function sqlOf(executor: SqlExecutor): Sql {
  if (isQueryRunner(executor)) return fromQueryRunner(executor);
  if (isEntityManager(executor)) {
    // Inside `transaction(...)` the manager carries its query runner; outside, each statement
    // takes a pooled connection (autocommit), which is what the caller asked for.
    if (executor.queryRunner) return fromQueryRunner(executor.queryRunner);
    const connection = executor.connection;
    return {
      async query<R>(text: string, params?: unknown[]) {
        const runner = connection.createQueryRunner();
        try {
          return await fromQueryRunner(runner).query<R>(text, params);
        } finally {
          await runner.release();
        }
      },
    };
  }
  return fromPg(executor as PgLike);
}

function fromPg(pg: PgLike): Sql {
  return {
    async query<R>(text: string, params?: unknown[], name?: string) {
      const r = name ? await pg.query({ name, text, values: params }) : await pg.query(text, params);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    },
  };
}

/** Runs `fn` in a transaction on a pg pool client, rolling back when it throws. */
export async function inTransaction<T>(client: { query(text: string): Promise<unknown> }, fn: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await fn();
    await client.query('commit');
    return result;
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  }
}

/** Characters that JSON escapes one way and a PostgreSQL array literal another. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NOT_QUOTED_ALIKE = /[\u0000-\u001f\ud800-\udfff]/;

/**
 * A PostgreSQL array literal (text form) of strings, for a `text[]`, `uuid[]` or `json[]`
 * parameter. Both a JSON string and a quoted array element escape `"` and `\` with a backslash, so
 * for the usual strings one native `JSON.stringify` writes the literal, where pg's own runs two
 * regular expressions per element of every append. Control characters and surrogates,
 * which JSON escapes as `\n`, `\uXXXX`, are quoted one element at a time instead. `null` is SQL NULL.
 */
export function textArray(values: ReadonlyArray<string | null>): string {
  for (const v of values) {
    if (v !== null && NOT_QUOTED_ALIKE.test(v)) return `{${values.map((x) => (x === null ? 'NULL' : `"${x.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
  }
  return `{${JSON.stringify(values).slice(1, -1)}}`;
}

/** A PostgreSQL array literal of integers (`null` is SQL NULL). */
export function intArray(values: ReadonlyArray<number | null>): string {
  for (const v of values) if (v !== null && !Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
  return `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
}
