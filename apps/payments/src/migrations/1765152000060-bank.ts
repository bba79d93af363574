import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bank files. `bank_statement` / `bank_entry`: imported camt statements and NACHA files, one row per
 * entry, unique per bank reference so a file imported twice books nothing twice; an entry is
 * matched (a payment, a direct debit settled, a reversal), in suspense (money nobody is matched to
 * yet, held on unapplied cash until a CSR resolves it) or ignored. `mandate`: direct-debit mandates
 * (SEPA: IBAN and signature date; NACHA: routing and account number); `direct_debit`: each collection
 * sent, its end-to-end id or trace number, settled or returned; `collection_file`: the files sent.
 */
export class Bank1765152000060 implements MigrationInterface {
  name = 'Bank1765152000060';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create table bank_statement (
      id uuid primary key, format text not null, statement_ref text not null, bank_account text, currency text, opening_balance numeric, closing_balance numeric,
      reconciles boolean not null, problems jsonb not null, file_sha256 text not null, imported_by text not null, imported_at timestamptz not null default now())`);
    await q.query(`create table bank_entry (
      id uuid primary key, statement_id uuid not null references bank_statement (id), entry_key text not null unique, amount numeric not null, currency text not null,
      direction text not null, booking_date date, end_to_end_id text, reference text, keys jsonb not null, status text not null, reason text not null,
      account_id uuid, payment_id uuid, direct_debit_id uuid, resolved_by text, resolved_at timestamptz, created_at timestamptz not null default now())`);
    await q.query(`create index bank_entry_suspense on bank_entry (created_at) where status = 'suspense'`);
    await q.query(`create index open_item_reference on open_item (upper(regexp_replace(number, '[^A-Za-z0-9]', '', 'g')))`);
    await q.query(`create table mandate (
      id uuid primary key, account_id uuid not null, scheme text not null check (scheme in ('sepa', 'nacha')), mandate_ref text not null unique, signed_on date not null,
      debtor_name text not null, iban text, bic text, routing_number text, bank_account_number text, bank_account_type text, next_sequence text not null default 'FRST',
      status text not null default 'active', created_by text not null, created_at timestamptz not null default now())`);
    await q.query(`create unique index mandate_active on mandate (account_id, scheme) where status = 'active'`);
    await q.query(`create table collection_file (
      id uuid primary key, format text not null, collection_date date not null, currency text not null, transactions integer not null, total numeric not null,
      content text not null, created_by text not null, created_at timestamptz not null default now())`);
    await q.query(`create table direct_debit (
      id uuid primary key, file_id uuid not null references collection_file (id), account_id uuid not null, mandate_id uuid not null references mandate (id),
      end_to_end_id text not null unique, trace_number text, sequence_type text, amount numeric not null, currency text not null, collection_date date not null,
      status text not null default 'submitted', payment_id uuid, return_reason text, created_at timestamptz not null default now())`);
    await q.query(`create index direct_debit_open on direct_debit (account_id) where status = 'submitted'`);
    await q.query('create index direct_debit_trace on direct_debit (trace_number, created_at)');
    // The ACH trace sequence of each originating bank, continued from file to file (7 digits, then round again).
    await q.query('create table ach_trace (originating_dfi text primary key, last integer not null)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['ach_trace', 'direct_debit', 'collection_file', 'mandate', 'bank_entry', 'bank_statement']) await q.query(`drop table ${t}`);
    await q.query('drop index open_item_reference');
  }
}
