import { uuidv7 } from '@utilia/contracts';
import type { CommandTx } from '@utilia/platform';
import Big from 'big.js';
import { LEDGER } from './chart';
import { isBalanced, type JournalEntry } from './journal';

/**
 * Posts a journal entry in the caller's transaction, once per source: a second posting of the same
 * source (a redelivered event) posts nothing and returns false. The customer's receivable balance
 * moves with it. One statement (entry, lines, balance): a payment is a handful of round trips, not
 * dozens. An unbalanced entry is a programming error: refused here, and by the database at commit.
 */
export async function postEntry(tx: Pick<CommandTx, 'query'>, entry: JournalEntry): Promise<boolean> {
  if (!isBalanced(entry.lines)) throw new Error(`journal entry ${entry.source} is not balanced`);
  const receivable = entry.lines.filter((l) => l.code === LEDGER.receivable && l.accountId);
  const [row] = await tx.query<{ posted: number }>(
    `with e as (
       insert into journal_entry (id, kind, source, account_id, reference, description, occurred_on, currency) values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (source) do nothing returning id
     ), l as (
       insert into journal_line (entry_id, ledger_code, account_id, component, debit, credit)
       select e.id, l.code, l.account_id, l.component, l.debit, l.credit
         from e, unnest($9::text[], $10::uuid[], $11::text[], $12::numeric[], $13::numeric[]) as l(code, account_id, component, debit, credit)
       returning 1
     ), b as (
       insert into account_balance (account_id, currency, balance)
       select r.account_id, $8, sum(r.delta) from e, unnest($14::uuid[], $15::numeric[]) as r(account_id, delta) group by r.account_id
       on conflict (account_id) do update set balance = account_balance.balance + excluded.balance, updated_at = now()
       returning 1
     )
     select (select count(*) from e)::int as posted, (select count(*) from l) + (select count(*) from b) as written`,
    [
      uuidv7(),
      entry.kind,
      entry.source,
      entry.accountId,
      entry.reference.slice(0, 200),
      entry.description.slice(0, 500),
      entry.occurredOn,
      entry.currency,
      entry.lines.map((l) => l.code),
      entry.lines.map((l) => l.accountId ?? null),
      entry.lines.map((l) => l.component ?? null),
      entry.lines.map((l) => l.debit),
      entry.lines.map((l) => l.credit),
      receivable.map((l) => l.accountId),
      receivable.map((l) => new Big(l.debit).minus(l.credit).toFixed()),
    ],
    'pay_post_entry',
  );
  return row.posted === 1;
}
