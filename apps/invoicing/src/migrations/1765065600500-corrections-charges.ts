import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrections, credit notes and payments' charges.
 * - `invoice`: its kind (cycle, final, rebill), usage summary and charges, and whether a credit note
 *   cancelled it; a bill has at most one invoice that is not credited (the one that counts).
 * - `credit_note`: an invoice credited in full, at most once, with its own gap-free number.
 * - `bill_correction`: a re-rating of a bill (metering's UsageCorrected, a tariff version published
 *   for days already billed, late usage after an estimate), once per cause.
 * - `charge`: payments' charges waiting for (or shown on) the account's next invoice.
 */
export class CorrectionsCharges1765065600500 implements MigrationInterface {
  name = 'CorrectionsCharges1765065600500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table invoice add column service_point_id uuid, add column kind text not null default 'cycle', add column usage jsonb,
      add column charges jsonb not null default '[]', add column credited_by uuid, add column replaces jsonb`);
    await q.query('alter table invoice drop constraint invoice_bill_id_key');
    await q.query('create unique index invoice_current_per_bill on invoice (bill_id) where credited_by is null');
    await q.query('create index invoice_bill on invoice (bill_id)');
    await q.query(`create table credit_note (
      id uuid primary key, number text not null unique, invoice_id uuid not null unique references invoice (id), bill_id uuid not null, account_id uuid not null,
      agreement_id uuid not null, period_from date not null, period_to date not null, issue_date date not null, currency text not null, total numeric not null,
      lines jsonb not null, charges jsonb not null, reason text not null, issued_at timestamptz not null default now())`);
    await q.query('create index credit_note_account on credit_note (account_id, issue_date)');
    await q.query('alter table bill add column requested_at timestamptz not null default now()');
    await q.query(`create table bill_correction (
      id uuid primary key, bill_id uuid not null, cause_id text not null unique, cause jsonb not null, request_id uuid unique, status text not null,
      credit_note_id uuid, invoice_id uuid, changes jsonb, created_at timestamptz not null default now(), updated_at timestamptz not null default now())`);
    await q.query('create index bill_correction_bill on bill_correction (bill_id)');
    await q.query(`create table charge (
      id uuid primary key, account_id uuid not null, kind text not null, description text not null, amount numeric not null, currency text not null,
      raised_on date not null, status text not null default 'pending', invoice_id uuid, cancel_reason text)`);
    await q.query(`create index charge_pending on charge (account_id) where status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table charge');
    await q.query('drop table bill_correction');
    await q.query('alter table bill drop column requested_at');
    await q.query('drop table credit_note');
    await q.query('drop index invoice_bill');
    await q.query('drop index invoice_current_per_bill');
    await q.query('alter table invoice add constraint invoice_bill_id_key unique (bill_id)');
    await q.query(
      'alter table invoice drop column service_point_id, drop column kind, drop column usage, drop column charges, drop column credited_by, drop column replaces',
    );
  }
}
