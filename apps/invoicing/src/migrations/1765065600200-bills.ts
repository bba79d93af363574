import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bill runs, bills and invoices. A bill is one agreement's billing period: unique, so a run started
 * twice (or resumed after a crash) never bills a period twice; an invoice is unique per bill and per
 * number. Each change also appends an event (BillRunStarted, UsageProfileRequested, BillHeld, InvoiceIssued).
 */
export class Bills1765065600200 implements MigrationInterface {
  name = 'Bills1765065600200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create table bill_run (
      id uuid primary key, cycle text not null, run_date date not null, period_from date not null, period_to date not null,
      started_by text not null, started_at timestamptz not null default now(), unique (cycle, run_date))`);
    await q.query(`create table bill (
      id uuid primary key, run_id uuid, account_id uuid not null, agreement_id uuid not null, service_point_id uuid not null,
      period_from date not null, period_to date not null, billed_from date not null, billed_to date not null,
      request_id uuid not null unique, status text not null, reasons jsonb, total numeric, estimated boolean, invoice_id uuid,
      updated_at timestamptz not null default now(), unique (agreement_id, period_from, period_to))`);
    await q.query('create index bill_run_status on bill (run_id, status)');
    await q.query(`create table invoice (
      id uuid primary key, number text not null unique, bill_id uuid not null unique, account_id uuid not null, agreement_id uuid not null,
      period_from date not null, period_to date not null, issue_date date not null, due_date date not null, currency text not null,
      total numeric not null, lines jsonb not null, issued_at timestamptz not null default now())`);
    await q.query('create index invoice_account on invoice (account_id, issue_date)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table invoice');
    await q.query('drop table bill');
    await q.query('drop table bill_run');
  }
}
