import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invoice documents and their delivery.
 * - Copies from customer.events and payments.events: `i_customer` (name, e-mail, paperless), `i_premise`
 *   (service address), `i_service_point` (its premise), `i_payment` (payments and reversals per account).
 * - `document`: the document model and PDF bytes of an invoice or credit note, stored the first time
 *   it is rendered so a re-fetch (and the print batch) shows the same thing.
 * - `delivery`: one per document, by the customer's preference (e-mail with retries, or post), and its status.
 * - `print_batch`: a PDF of paper documents plus a manifest CSV for the mail house, written to a directory.
 * - `delivery_cutover`: when delivery began. The documents consumer reads invoicing.events from the
 *   beginning; invoices issued before this migration get their document (on demand) but are not
 *   e-mailed or printed again.
 */
export class DocumentsDelivery1765065600900 implements MigrationInterface {
  name = 'DocumentsDelivery1765065600900';

  async up(q: QueryRunner): Promise<void> {
    const tracked = `stream_versions jsonb not null default '{}', revision integer not null default 0, last_event_id text not null`;
    await q.query(
      `create table i_customer (id uuid primary key, display_name text not null, email text, paperless boolean not null default false, language text, ${tracked})`,
    );
    await q.query(`create table i_premise (id uuid primary key, address jsonb not null, ${tracked})`);
    await q.query(`create table i_service_point (id uuid primary key, premise_id uuid not null, commodity text not null, market_id text not null, ${tracked})`);
    await q.query(`create table i_payment (
      id uuid primary key, account_id uuid not null, amount numeric not null, currency text not null, channel text not null, received_on date not null,
      reference text not null, reversed_amount numeric, reversed_on date, reversal_reason text, ${tracked})`);
    await q.query('create index i_payment_account on i_payment (account_id, received_on)');
    await q.query(`create table document (
      id uuid primary key, kind text not null check (kind in ('invoice', 'credit-note')), number text not null unique, account_id uuid not null,
      issue_date date not null, model jsonb not null, pdf bytea not null, pdf_sha256 text not null, pages integer not null,
      rendered_at timestamptz not null default now())`);
    await q.query('create index document_account on document (account_id, issue_date)');
    await q.query(`create table delivery (
      document_id uuid primary key references document (id), document_kind text not null, document_number text not null, account_id uuid not null, run_id uuid,
      channel text not null check (channel in ('email', 'post')), status text not null check (status in ('pending', 'sent', 'batched', 'undeliverable')),
      email_to text, attempts integer not null default 0, next_attempt_at timestamptz, last_error text, fallback_reason text,
      print_batch_id uuid, batch_sequence integer, message_id text, delivered_at timestamptz,
      created_at timestamptz not null default now(), updated_at timestamptz not null default now())`);
    await q.query(`create index delivery_due_email on delivery (next_attempt_at) where channel = 'email' and status = 'pending'`);
    await q.query(`create index delivery_pending_post on delivery (run_id) where channel = 'post' and status = 'pending'`);
    await q.query('create index delivery_batch on delivery (print_batch_id, batch_sequence) where print_batch_id is not null');
    await q.query(`create table print_batch (
      id uuid primary key, run_id uuid, requested_by text not null, documents integer not null, pages integer not null,
      pdf_file text not null, manifest_file text not null, pdf_sha256 text not null, manifest_sha256 text not null, pdf_bytes bigint not null,
      created_at timestamptz not null default now())`);
    await q.query('create index print_batch_run on print_batch (run_id)');
    await q.query('create index print_batch_created on print_batch (created_at desc, id desc)');
    await q.query('create table delivery_cutover (since timestamptz not null)');
    await q.query('insert into delivery_cutover (since) values (now())');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table delivery_cutover');
    await q.query('drop table print_batch');
    await q.query('drop table delivery');
    await q.query('drop table document');
    await q.query('drop table i_payment');
    await q.query('drop table i_service_point');
    await q.query('drop table i_premise');
    await q.query('drop table i_customer');
  }
}
