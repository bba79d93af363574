import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collections, deposits, payment arrangements and write-offs.
 * - `collections_account`: the last date the daily job looked at an account (a date runs once per account).
 * - `collections_case` (one not closed per account), its `collections_step`s, and `late_fee` (one per invoice).
 * - `deposit_facts` (class and credit check the deposit rule reads) and `deposit`.
 * - `arrangement` (one active per account) and its `installment`s (each raised once as a charge, with its open item).
 * - `write_off`.
 */
export class Collections1765152000100 implements MigrationInterface {
  name = 'Collections1765152000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('create table collections_account (account_id uuid primary key, last_run_on date not null)');
    await q.query(`create table collections_case (
      id uuid primary key, account_id uuid not null, currency text not null, status text not null check (status in ('open', 'on-hold', 'closed')),
      opened_on date not null, opened_reason text not null, next_step text, next_due_on date, withheld text,
      final_notice_on date, disconnection_request_id uuid, disconnection_requested_on date, disconnection_refused boolean not null default false,
      hold_reason text, held_on date, closed_on date, close_reason text, created_at timestamptz not null default now())`);
    await q.query(`create unique index collections_case_current on collections_case (account_id) where status <> 'closed'`);
    await q.query('create index collections_case_status on collections_case (status, opened_on, id)');
    await q.query('create index collections_case_account on collections_case (account_id, opened_on)');
    await q.query('create unique index collections_case_request on collections_case (disconnection_request_id) where disconnection_request_id is not null');
    await q.query(`create table collections_step (
      id bigserial primary key, case_id uuid not null references collections_case (id), account_id uuid not null, step text not null, on_date date not null,
      arrears numeric not null, currency text not null, pay_by date, ref uuid, detail text, created_at timestamptz not null default now())`);
    await q.query('create index collections_step_case on collections_step (case_id, id)');
    await q.query(`create table late_fee (
      item_id uuid primary key references open_item (id), account_id uuid not null, case_id uuid not null references collections_case (id),
      charge_id uuid not null, amount numeric not null check (amount > 0), charged_on date not null)`);

    await q.query(`create table deposit_facts (account_id uuid primary key, currency text not null, customer_class text, credit_check text,
      credit_agency text, credit_checked_on date)`);
    await q.query(`create table deposit (
      id uuid primary key, account_id uuid not null, currency text not null, amount numeric not null check (amount > 0), basis text not null, reason text not null,
      charge_id uuid not null unique, required_on date not null, status text not null check (status in ('held', 'applied', 'refunded')),
      cancelled numeric, applied numeric, refunded numeric, refund_channel text, released_on date, release_reason text)`);
    await q.query(`create unique index deposit_held on deposit (account_id) where status = 'held'`);
    await q.query('create index deposit_account on deposit (account_id, required_on)');

    await q.query(`create table arrangement (
      id uuid primary key, account_id uuid not null, currency text not null, arrears numeric not null check (arrears > 0), arrears_due_on date not null,
      installments integer not null, made_on date not null, made_by text not null, status text not null check (status in ('active', 'broken', 'completed')),
      ended_on date, break_reason text, created_at timestamptz not null default now())`);
    await q.query(`create unique index arrangement_active on arrangement (account_id) where status = 'active'`);
    await q.query('create index arrangement_account on arrangement (account_id, made_on)');
    await q.query(`create table installment (
      arrangement_id uuid not null references arrangement (id), number integer not null, amount numeric not null check (amount > 0),
      bill_date date not null, due_date date not null, raise_on date not null, charge_id uuid, item_id uuid references open_item (id), raised_on date,
      primary key (arrangement_id, number))`);
    await q.query('create index installment_to_raise on installment (raise_on) where charge_id is null');

    await q.query(`create table write_off (id uuid primary key, account_id uuid not null, amount numeric not null check (amount > 0), currency text not null,
      reason text not null, written_off_on date not null, created_by text not null, created_at timestamptz not null default now())`);
    await q.query('create index write_off_account on write_off (account_id, written_off_on)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'write_off',
      'installment',
      'arrangement',
      'deposit',
      'deposit_facts',
      'late_fee',
      'collections_step',
      'collections_case',
      'collections_account',
    ])
      await q.query(`drop table ${t}`);
  }
}
