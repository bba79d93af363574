import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invoicing's copies of other services' data, fed from their events (it never reads their databases):
 * `i_account` and `i_agreement` from customer.events, `i_tariff_version` from rating.events.
 */
export class Copies1765065600000 implements MigrationInterface {
  name = 'Copies1765065600000';

  async up(q: QueryRunner): Promise<void> {
    const tracked = `stream_versions jsonb not null default '{}', revision integer not null default 0, last_event_id text not null`;
    await q.query(`create table i_account (
      id uuid primary key, account_number text not null, customer_id uuid not null, currency text not null, bill_cycle text not null,
      opened_on date not null, customer_class text, billing_address jsonb, closed_on date, ${tracked})`);
    await q.query('create index i_account_cycle on i_account (bill_cycle)');
    await q.query(`create table i_agreement (
      id uuid primary key, account_id uuid not null, service_point_id uuid not null, commodity text not null,
      start_date date not null, end_date date, tariffs jsonb not null, tariff_version_id uuid, ${tracked})`);
    await q.query('create index i_agreement_account on i_agreement (account_id)');
    await q.query(`create table i_tariff_version (
      id uuid primary key, tariff_id uuid not null, code text not null, name text not null, commodity text not null, customer_class text not null,
      currency text not null, time_zone text not null, effective_from date not null, effective_to date, supersedes uuid, definition jsonb not null, ${tracked})`);
    await q.query('create index i_tariff_version_code on i_tariff_version (code, effective_from)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table i_tariff_version');
    await q.query('drop table i_agreement');
    await q.query('drop table i_account');
  }
}
