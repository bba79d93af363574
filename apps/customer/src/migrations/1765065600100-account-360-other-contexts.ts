import type { MigrationInterface, QueryRunner } from 'typeorm';

const TRACKED = `stream_versions jsonb not null default '{}', revision integer not null default 0, last_event_id text not null`;

/**
 * The read models of the account 360 view fed by the other contexts' events (invoicing.events,
 * payments.events, metering.events through the `customer.account-360` feed), in place of the
 * placeholder tables `rm_account_balance|invoice|usage` (a jsonb `data` each, never fed):
 * - `rm_account_balance`: the account's receivable as payments last announced it;
 * - `rm_invoice`: invoices, their credit note and delivery (the last invoice and the billed usage per period);
 * - `rm_collections`: the account's latest collections case;
 * - `rm_payment_arrangement`: payment arrangements and their installments;
 * - `rm_vee_exception`: VEE exceptions at service points, open until resolved.
 * Money is numeric (installment amounts stay decimal strings inside their jsonb). Fed from Kafka only,
 * so none is among the read models rebuilt from this service's event store.
 */
export class Account360OtherContexts1765065600100 implements MigrationInterface {
  name = 'Account360OtherContexts1765065600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('drop table rm_account_balance, rm_account_invoice, rm_account_usage');
    await q.query(`create table rm_account_balance (
      id uuid primary key, currency text not null, balance numeric not null, past_due numeric not null, open_items integer not null,
      as_of date not null, cause text not null, ${TRACKED})`);
    await q.query(`create table rm_invoice (
      id uuid primary key, account_id uuid not null, agreement_id uuid, service_point_id uuid, number text, kind text,
      period_start date, period_end date, issue_date date, due_date date, currency text, total numeric,
      import_wh bigint, export_wh bigint, estimated_intervals integer, replaces_invoice_id uuid,
      credit_note_id uuid, credit_note_number text, credited_on date, delivery_channel text, delivered_at timestamptz, ${TRACKED})`);
    await q.query('create index rm_invoice_account_latest on rm_invoice (account_id, issue_date desc, id desc) where number is not null');
    await q.query(`create table rm_collections (
      id uuid primary key, case_id uuid, status text not null, reason text, detail text, currency text, arrears numeric,
      opened_on date, changed_on date, step text, step_on date, pay_by date, withheld jsonb, disconnection jsonb, reconnection jsonb,
      customer_protected boolean not null, ${TRACKED})`);
    await q.query(`create table rm_payment_arrangement (
      id uuid primary key, account_id uuid not null, status text not null, currency text, arrears numeric, installments jsonb not null,
      made_on date, ended_on date, break_reason text, missed_installment integer, owed numeric, paid numeric, ${TRACKED})`);
    await q.query('create index rm_payment_arrangement_account on rm_payment_arrangement (account_id, id desc)');
    await q.query(`create table rm_vee_exception (
      id uuid primary key, meter_id uuid not null, service_point_id uuid not null, rule text, channel text, from_at timestamptz, to_at timestamptz,
      detail text, resolution text, resolved_by text, ${TRACKED})`);
    await q.query('create index rm_vee_exception_point on rm_vee_exception (service_point_id, from_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table rm_vee_exception, rm_payment_arrangement, rm_collections, rm_invoice, rm_account_balance');
    await q.query(`delete from projection_feed_progress where feed = 'customer.account-360'`);
    await q.query(`delete from projection_feed_parked where feed = 'customer.account-360'`);
    for (const t of ['rm_account_balance', 'rm_account_invoice', 'rm_account_usage']) {
      await q.query(`create table ${t} (id uuid primary key, data jsonb not null, ${TRACKED})`);
    }
  }
}
