import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer service's own tables, next to the backbone's (events, outbox, inbox):
 * - `account_number_seq`: the sequence account numbers are made from (see account-number.ts);
 * - `rm_*`: the read models of the account 360 view, one row per aggregate, each fed by one stream;
 * - `search_entry`: the customer search read model (trigram and prefix indexes);
 * - `rm_account_balance|invoice|usage`: what other contexts tell about an account (not fed yet).
 * Every read-model row carries `last_position`/`last_event_id` so a replay is a no-op.
 */
export class CustomerSchema1732800000000 implements MigrationInterface {
  name = 'CustomerSchema1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('create extension if not exists pg_trgm');
    await q.query('create sequence if not exists account_number_seq');
    const tracked = 'last_position bigint not null, last_event_id text not null';
    await q.query(`create table rm_customer (
      id uuid primary key, kind text not null, display_name text not null, details jsonb not null default '{}',
      protections jsonb not null default '[]', registered_at timestamptz, ${tracked})`);
    await q.query(`create table rm_account (
      id uuid primary key, account_number text not null unique, customer_id uuid not null, status text not null,
      currency text not null, bill_cycle text not null, billing_address jsonb, roles jsonb not null default '[]',
      opened_on date not null, closed_on date, ${tracked})`);
    await q.query('create index rm_account_customer on rm_account (customer_id)');
    await q.query(`create table rm_premise (
      id uuid primary key, address jsonb not null, premise_type text not null, landlord_account_id uuid, ${tracked})`);
    await q.query(`create table rm_service_point (
      id uuid primary key, premise_id uuid not null, commodity text not null, market_id text not null,
      connection_status text not null, meter_serial text, ${tracked},
      constraint rm_service_point_market_id unique (commodity, market_id))`);
    await q.query('create index rm_service_point_premise on rm_service_point (premise_id)');
    await q.query(`create table rm_agreement (
      id uuid primary key, account_id uuid not null, service_point_id uuid not null,
      commodity text not null, tariff_code text not null, tariffs jsonb not null, start_date date not null,
      end_date date, stop_reason text, ${tracked})`);
    await q.query('create index rm_agreement_account on rm_agreement (account_id, start_date desc)');
    await q.query('create index rm_agreement_service_point on rm_agreement (service_point_id)');
    await q.query(`create table rm_work_order (
      id uuid primary key, account_id uuid, service_point_id uuid not null, type text not null, reason text not null,
      status text not null, appointment jsonb, requested_by jsonb not null, crew text, notes text, completion jsonb,
      cancel_reason text, scheduled_at timestamptz not null, ${tracked})`);
    await q.query(`create index rm_work_order_open on rm_work_order (account_id, scheduled_at) where status in ('scheduled', 'dispatched')`);
    await q.query('create index rm_work_order_service_point on rm_work_order (service_point_id, scheduled_at desc)');
    await q.query(`create table rm_interaction (
      id uuid primary key, customer_id uuid, account_id uuid, channel text not null, reason text not null, notes text not null,
      csr text not null, links jsonb not null, occurred_at timestamptz not null, ${tracked})`);
    await q.query('create index rm_interaction_account on rm_interaction (account_id, occurred_at desc, id desc)');
    await q.query('create index rm_interaction_customer on rm_interaction (customer_id, occurred_at desc, id desc)');
    for (const t of ['rm_account_balance', 'rm_account_invoice', 'rm_account_usage']) {
      await q.query(`create table ${t} (id uuid primary key, data jsonb not null, ${tracked})`);
    }
    await q.query(`create table search_entry (
      id text primary key, kind text not null, term text not null, label text not null,
      customer_id uuid, account_id uuid, premise_id uuid, service_point_id uuid, ${tracked})`);
    await q.query('create index search_entry_contains on search_entry using gin (term gin_trgm_ops)');
    await q.query('create index search_entry_prefix on search_entry (kind, term text_pattern_ops, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'search_entry',
      'rm_account_usage',
      'rm_account_invoice',
      'rm_account_balance',
      'rm_interaction',
      'rm_work_order',
      'rm_agreement',
      'rm_service_point',
      'rm_premise',
      'rm_account',
      'rm_customer',
    ]) {
      await q.query(`drop table if exists ${t}`);
    }
    await q.query('drop sequence if exists account_number_seq');
  }
}
