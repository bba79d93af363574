import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The metering service's own tables, next to the backbone's:
 * - `m_meter`, `m_installation`: read models of the meter and installation streams;
 * - `m_agreement`, `m_service_point`: what metering keeps of the customer service's events;
 * - `reading_day`: interval readings, one row per meter channel per UTC day (what a usage query
 *   reads), each reading's start (seconds into the day), duration, value (an integer in the
 *   channel's unit), quality (A actual, E estimated, D edited), cost and source (an id of
 *   `reading_source`: a head-end, an upload, an estimation method, a person's edit);
 * - `register_read`: register reads; `reading_edit`: the audit of every changed value;
 * - `vee_exception`: what validation asks a person to look at;
 * - `usage_delivery`: usage profiles delivered, to notice corrections.
 */
export class MeteringSchema1764806400500 implements MigrationInterface {
  name = 'MeteringSchema1764806400500';

  async up(q: QueryRunner): Promise<void> {
    const tracked = `stream_versions jsonb not null default '{}', revision integer not null default 0, last_event_id text not null`;
    await q.query(`create table m_meter (
      id uuid primary key, serial text not null unique, commodity text not null, kind text not null, registers jsonb not null,
      status text not null, service_point_id uuid, ${tracked})`);
    await q.query(`create table m_installation (
      id uuid primary key, meter_id uuid not null, serial text not null, service_point_id uuid not null,
      installed_at timestamptz not null, removed_at timestamptz, start_reads jsonb not null, end_reads jsonb,
      work_order_id uuid, ${tracked})`);
    await q.query('create index m_installation_meter on m_installation (meter_id, installed_at)');
    await q.query('create index m_installation_point on m_installation (service_point_id, installed_at)');
    await q.query(`create table m_agreement (
      id uuid primary key, account_id uuid not null, service_point_id uuid not null, commodity text not null,
      start_date date not null, end_date date, ${tracked})`);
    await q.query('create index m_agreement_point on m_agreement (service_point_id, start_date)');
    await q.query(`create table m_service_point (id uuid primary key, premise_id uuid not null, commodity text not null, market_id text not null, ${tracked})`);
    await q.query(`create table reading_day (
      meter_id uuid not null, channel text collate "C" not null, day date not null,
      starts integer[] not null, durations integer[] not null, vals bigint[] not null, qualities text not null, costs bigint[], srcs integer[] not null,
      updated_at timestamptz not null default now(),
      primary key (meter_id, channel, day))`);
    await q.query('create table reading_source (id serial primary key, name text not null unique)');
    await q.query(`create table register_read (
      meter_id uuid not null, register text collate "C" not null, read_at timestamptz not null, value numeric not null,
      quality char(1) not null, source text not null, primary key (meter_id, register, read_at))`);
    await q.query(`create table reading_edit (
      id bigserial primary key, meter_id uuid not null, channel text not null, start timestamptz not null,
      old_value bigint, new_value bigint, old_quality char(1), new_quality char(1) not null, by text not null, reason text not null,
      at timestamptz not null default now())`);
    await q.query('create index reading_edit_meter on reading_edit (meter_id, channel, start)');
    await q.query(`create table vee_exception (
      id uuid primary key, meter_id uuid not null, service_point_id uuid, channel text not null, rule text not null,
      from_at timestamptz not null, to_at timestamptz not null, detail text not null, status text not null default 'open',
      resolved_by text, resolved_at timestamptz, note text, created_at timestamptz not null default now())`);
    await q.query(`create index vee_exception_open on vee_exception (created_at, id) where status = 'open'`);
    await q.query('create index vee_exception_meter on vee_exception (meter_id, channel, from_at)');
    await q.query(`create table usage_delivery (
      request_id uuid primary key, agreement_id uuid not null, account_id uuid not null, service_point_id uuid not null,
      period_start date not null, period_end date not null, from_at timestamptz not null, to_at timestamptz not null,
      import_wh bigint not null, delivered_at timestamptz not null default now())`);
    await q.query('create index usage_delivery_point on usage_delivery (service_point_id, period_start)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'usage_delivery',
      'vee_exception',
      'reading_edit',
      'register_read',
      'reading_source',
      'reading_day',
      'm_service_point',
      'm_agreement',
      'm_installation',
      'm_meter',
    ]) {
      await q.query(`drop table if exists ${t}`);
    }
  }
}
