import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `rm_tariff_version`: customer's copy of rating's published tariff versions (`TariffVersionPublished`
 * on rating.events), one row per version, found by code. A move-in or tariff change is checked
 * against it: the code is known, of the point's commodity, and a version is in force from the date.
 * Fed from Kafka only, so it is not among the read models rebuilt from this service's event store.
 */
export class TariffCatalog1764979200100 implements MigrationInterface {
  name = 'TariffCatalog1764979200100';

  async up(q: QueryRunner): Promise<void> {
    const tracked = `stream_versions jsonb not null default '{}', revision integer not null default 0, last_event_id text not null`;
    await q.query(`create table rm_tariff_version (
      id uuid primary key, tariff_id uuid not null, code text not null, name text not null, commodity text not null,
      customer_class text not null, effective_from date not null, effective_to date, supersedes uuid, ${tracked})`);
    await q.query('create index rm_tariff_version_code on rm_tariff_version (code)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table rm_tariff_version');
  }
}
