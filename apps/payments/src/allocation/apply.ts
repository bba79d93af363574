import type { CommandTx } from '@utilia/platform';
import { allocate, type AllocationOrder, type AvailableCredit, type OpenItem } from './allocate';

/**
 * Applies an account's unallocated credits to its open items (see `allocate`), in the caller's
 * transaction. The account's balance row is locked first, so two postings on one account allocate
 * one after the other (never the same credit twice).
 */
export async function applyCredits(
  tx: Pick<CommandTx, 'query'>,
  accountId: string,
  order: AllocationOrder,
): Promise<Array<{ creditId: string; itemId: string; amount: string }>> {
  await tx.query('select 1 from account_balance where account_id = $1 for update', [accountId]);
  const credits = await tx.query<AvailableCredit>(
    `select id, received_on::text as "receivedOn", unallocated::text as unallocated from credit where account_id = $1 and active and unallocated > 0`,
    [accountId],
  );
  if (credits.length === 0) return [];
  const items = await tx.query<OpenItem>(
    `select id, kind, issued_on::text as "issuedOn", due_date::text as "dueDate", open_amount::text as open from open_item where account_id = $1 and open_amount > 0`,
    [accountId],
  );
  const allocations = allocate(credits, items, order);
  if (allocations.length === 0) return [];
  const params = [allocations.map((a) => a.creditId), allocations.map((a) => a.itemId), allocations.map((a) => a.amount)];
  await tx.query(`insert into allocation (credit_id, item_id, amount) select c, i, a from unnest($1::uuid[], $2::uuid[], $3::numeric[]) as t(c, i, a)`, params);
  await tx.query(
    `update open_item o set open_amount = o.open_amount - t.a from (select i, sum(a) as a from unnest($1::uuid[], $2::numeric[]) as u(i, a) group by i) t where o.id = t.i`,
    [params[1], params[2]],
  );
  await tx.query(
    `update credit c set unallocated = c.unallocated - t.a from (select c, sum(a) as a from unnest($1::uuid[], $2::numeric[]) as u(c, a) group by c) t where c.id = t.c`,
    [params[0], params[2]],
  );
  return allocations;
}
