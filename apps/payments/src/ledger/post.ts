import { uuidv7 } from '@utilia/contracts';
import type { CommandTx } from '@utilia/platform';
import { LEDGER } from './chart';
import { isBalanced, type JournalEntry } from './journal';

/**
 * Posts a journal entry in the caller's transaction, once per source: a second posting of the same
 * source (a redelivered event) posts nothing and returns false. The customer's receivable balance
 * moves with it. An unbalanced entry is a programming error: refused here, and by the database at commit.
 */
export async function postEntry(tx: Pick<CommandTx, 'query'>, entry: JournalEntry): Promise<boolean> {
  if (!isBalanced(entry.lines)) throw new Error(`journal entry ${entry.source} is not balanced`);
  const id = uuidv7();
  const [inserted] = await tx.query<{ id: string }>(
    `insert into journal_entry (id, kind, source, account_id, reference, description, occurred_on, currency) values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (source) do nothing returning id`,
    [id, entry.kind, entry.source, entry.accountId, entry.reference.slice(0, 200), entry.description.slice(0, 500), entry.occurredOn, entry.currency],
  );
  if (!inserted) return false;
  await tx.query(
    `insert into journal_line (entry_id, ledger_code, account_id, component, debit, credit)
     select $1, l.code, l.account_id, l.component, l.debit, l.credit from unnest($2::text[], $3::uuid[], $4::text[], $5::numeric[], $6::numeric[])
       as l(code, account_id, component, debit, credit)`,
    [
      id,
      entry.lines.map((l) => l.code),
      entry.lines.map((l) => l.accountId ?? null),
      entry.lines.map((l) => l.component ?? null),
      entry.lines.map((l) => l.debit),
      entry.lines.map((l) => l.credit),
    ],
  );
  const receivable = entry.lines.filter((l) => l.code === LEDGER.receivable && l.accountId);
  for (const l of receivable)
    await tx.query(
      `insert into account_balance (account_id, currency, balance) values ($1, $2, $3::numeric - $4::numeric)
       on conflict (account_id) do update set balance = account_balance.balance + excluded.balance, updated_at = now()`,
      [l.accountId, entry.currency, l.debit, l.credit],
    );
  return true;
}
