import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The accounts-receivable ledger and what feeds it.
 * - `p_account`, `p_protection`: payments' copies of customer's accounts and protections.
 * - `ledger_account`: the chart of accounts; `journal_entry` / `journal_line`: the double-entry
 *   journal. An entry is posted once per source (`source` unique), never changed; a correction is a
 *   reversing entry. A deferred constraint trigger refuses a transaction leaving an entry unbalanced.
 * - `account_balance`: each customer account's receivable, kept with each posting.
 * - `open_item` (invoices and charges owed), `credit` (payments, credit notes: what pays them) and
 *   `allocation` (which credit paid which item, how much).
 * - `payment`, `refund`, `idempotency_key` (a client's key, its request hash and first answer).
 */
export class PaymentsSchema1765152000000 implements MigrationInterface {
  name = 'PaymentsSchema1765152000000';

  async up(q: QueryRunner): Promise<void> {
    const tracked = `stream_versions jsonb not null default '{}', revision integer not null default 0, last_event_id text not null`;
    await q.query(`create table p_account (id uuid primary key, account_number text not null, customer_id uuid not null, currency text not null,
      customer_class text, bill_cycle text, opened_on date not null, closed_on date, ${tracked})`);
    await q.query('create index p_account_customer on p_account (customer_id)');
    await q.query(
      `create table p_protection (id uuid primary key, customer_id uuid not null, kind text not null, from_date date not null, to_date date, ${tracked})`,
    );
    await q.query('create index p_protection_customer on p_protection (customer_id)');

    await q.query(
      `create table ledger_account (code text primary key, name text not null, kind text not null check (kind in ('asset', 'liability', 'revenue', 'expense')))`,
    );
    await q.query(`create table journal_entry (
      id uuid primary key, kind text not null, source text not null unique, account_id uuid, reference text not null, description text not null,
      occurred_on date not null, currency text not null, created_at timestamptz not null default now())`);
    await q.query('create index journal_entry_account on journal_entry (account_id, occurred_on)');
    await q.query('create index journal_entry_occurred on journal_entry (occurred_on)');
    await q.query(`create table journal_line (
      id bigserial primary key, entry_id uuid not null references journal_entry (id), ledger_code text not null references ledger_account (code),
      account_id uuid, component text, debit numeric not null default 0, credit numeric not null default 0,
      check (debit >= 0 and credit >= 0 and (debit = 0 or credit = 0) and debit + credit > 0))`);
    await q.query('create index journal_line_entry on journal_line (entry_id)');
    await q.query('create index journal_line_code on journal_line (ledger_code, account_id)');
    // Balanced at commit: every entry touched by the transaction has equal debits and credits.
    await q.query(`create function journal_entry_balanced() returns trigger language plpgsql as $$
      declare d numeric; c numeric;
      begin
        select coalesce(sum(debit), 0), coalesce(sum(credit), 0) into d, c from journal_line where entry_id = new.entry_id;
        if d <> c then raise exception 'journal entry % is not balanced: debits %, credits %', new.entry_id, d, c using errcode = '23514'; end if;
        return null;
      end $$`);
    await q.query(`create constraint trigger journal_line_balanced after insert or update on journal_line deferrable initially deferred
      for each row execute function journal_entry_balanced()`);
    await q.query(`create function journal_is_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the journal is append-only: post a reversing entry instead' using errcode = '55000'; end $$`);
    await q.query(`create trigger journal_line_frozen before update or delete on journal_line for each row execute function journal_is_append_only()`);
    await q.query(`create trigger journal_entry_frozen before update or delete on journal_entry for each row execute function journal_is_append_only()`);

    await q.query(
      `create table account_balance (account_id uuid primary key, currency text not null, balance numeric not null default 0, updated_at timestamptz not null default now())`,
    );
    await q.query(`create table open_item (
      id uuid primary key, account_id uuid not null, kind text not null, source_id uuid not null unique, number text not null, description text not null,
      issued_on date not null, due_date date, currency text not null, amount numeric not null check (amount > 0), open_amount numeric not null check (open_amount >= 0),
      created_at timestamptz not null default now())`);
    await q.query('create index open_item_open on open_item (account_id, issued_on) where open_amount > 0');
    await q.query(`create table credit (
      id uuid primary key, account_id uuid not null, kind text not null, source_id uuid not null unique, currency text not null, amount numeric not null check (amount > 0),
      unallocated numeric not null check (unallocated >= 0), received_on date not null, active boolean not null default true, created_at timestamptz not null default now())`);
    await q.query('create index credit_unallocated on credit (account_id) where unallocated > 0 and active');
    await q.query(`create table allocation (id bigserial primary key, credit_id uuid not null references credit (id), item_id uuid not null references open_item (id),
      amount numeric not null check (amount > 0), reversed_at timestamptz, created_at timestamptz not null default now())`);
    await q.query('create index allocation_credit on allocation (credit_id)');
    await q.query('create index allocation_item on allocation (item_id)');
    await q.query(`create table payment (
      id uuid primary key, account_id uuid not null, amount numeric not null check (amount > 0), currency text not null, channel text not null, reference text not null,
      end_to_end_id text, card_token text, card_last4 text, received_on date not null, status text not null default 'received', reversal jsonb,
      created_by text not null, created_at timestamptz not null default now())`);
    await q.query('create index payment_account on payment (account_id, received_on)');
    await q.query('create unique index payment_end_to_end on payment (end_to_end_id) where end_to_end_id is not null');
    await q.query(`create table refund (id uuid primary key, account_id uuid not null, amount numeric not null check (amount > 0), currency text not null,
      channel text not null, reason text not null, issued_on date not null, created_by text not null, created_at timestamptz not null default now())`);
    await q.query(`create table idempotency_key (
      client text not null, key text not null, request_hash text not null, status integer not null, response jsonb not null,
      created_at timestamptz not null default now(), primary key (client, key))`);
    await q.query('create index idempotency_key_age on idempotency_key (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'idempotency_key',
      'refund',
      'payment',
      'allocation',
      'credit',
      'open_item',
      'account_balance',
      'journal_line',
      'journal_entry',
      'ledger_account',
      'p_protection',
      'p_account',
    ])
      await q.query(`drop table ${t}`);
    await q.query('drop function journal_entry_balanced');
    await q.query('drop function journal_is_append_only');
  }
}
