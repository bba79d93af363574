import { Client } from 'pg';
import type { DataSourceOptions, MixedList } from 'typeorm';

/** The URL of `database` on the server named by `serverUrl` (whatever database that URL names). */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Creates the service's database if it does not exist. Connects to the database named in the
 * server URL (usually `postgres`). Two services racing to create it is fine: the loser sees 42P04.
 */
export async function ensureDatabase(serverUrl: string, database: string): Promise<'created' | 'exists'> {
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount) return 'exists';
    try {
      // Identifiers cannot be bound as parameters; the name is validated by env.identifier.
      await client.query(`create database "${database.replace(/"/g, '')}"`);
      return 'created';
    } catch (e) {
      if ((e as { code?: string }).code === '42P04') return 'exists';
      throw e;
    }
  } finally {
    await client.end();
  }
}

/** TypeORM options for a service database: migrations run at start, never `synchronize`. */
export function dataSourceOptions(
  url: string,
  opts: { migrations?: MixedList<string | (new () => unknown)>; entities?: MixedList<string | (new () => unknown)>; poolSize?: number; name?: string },
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: opts.entities ?? [],
    migrations: opts.migrations ?? [],
    migrationsRun: true,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    applicationName: opts.name,
    extra: { max: opts.poolSize ?? 10, connectionTimeoutMillis: 3000 },
  } as DataSourceOptions;
}
