import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rating service's own tables, next to the backbone's: `r_tariff` and `r_tariff_version`, the read
 * models of the tariff streams (a version's definition is the libs/rating model, as jsonb). A tariff's
 * code is unique: the index answers two creations of one code at once.
 */
export class CatalogSchema1764979200000 implements MigrationInterface {
  name = 'CatalogSchema1764979200000';

  async up(q: QueryRunner): Promise<void> {
    const tracked = `stream_versions jsonb not null default '{}', revision integer not null default 0, last_event_id text not null`;
    await q.query(`create table r_tariff (
      id uuid primary key, code text not null, name text not null, commodity text not null, customer_class text not null,
      currency text not null, time_zone text not null, utility text not null, description text not null, created_by text not null,
      created_at timestamptz not null, ${tracked})`);
    await q.query('create unique index r_tariff_code_key on r_tariff (code)');
    await q.query(`create table r_tariff_version (
      id uuid primary key, tariff_id uuid not null, status text not null, effective_from date not null, effective_to date,
      definition jsonb not null, supersedes uuid, origin text not null, authored_by text not null, drafted_at timestamptz not null,
      approved_by text, approval_note text, approved_at timestamptz, published_by text, published_at timestamptz,
      discarded_by text, discard_reason text, ${tracked})`);
    await q.query('create index r_tariff_version_tariff on r_tariff_version (tariff_id, effective_from)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table r_tariff_version');
    await q.query('drop table r_tariff');
  }
}
