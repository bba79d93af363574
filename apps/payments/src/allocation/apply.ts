import type { CommandTx } from '@utilia/platform';
import { allocate, type Allocation, type AllocationOrder, type AvailableCredit, type OpenItem } from './allocate';

/** What applying credits did: the allocations and the numbers of the items they paid. */
export interface Applied {
  allocations: Allocation[];
  numbers: Map<string, string>;
}

/**
 * Applies an account's unallocated credits to its open items (see `allocate`), in the caller's
 * transaction, in two statements: the account's balance row is locked and its credits and open
 * items read together, then the allocations written with the items and credits they reduce. The
 * lock makes two postings on one account allocate one after the other (never a credit twice).
 */
export async function applyCredits(tx: Pick<CommandTx, 'query'>, accountId: string, order: AllocationOrder): Promise<Allocation[]> {
  return (await applyCreditsWithNumbers(tx, accountId, order)).allocations;
}

export async function applyCreditsWithNumbers(tx: Pick<CommandTx, 'query'>, accountId: string, order: AllocationOrder): Promise<Applied> {
  const [state] = await tx.query<{ credits: AvailableCredit[] | null; items: Array<OpenItem & { number: string }> | null }>(
    `select (select json_agg(json_build_object('id', id, 'receivedOn', received_on::text, 'unallocated', unallocated::text))
               from credit where account_id = $1 and active and unallocated > 0) as credits,
            (select json_agg(json_build_object('id', id, 'kind', kind, 'issuedOn', issued_on::text, 'dueDate', due_date::text, 'open', open_amount::text, 'number', number))
               from open_item where account_id = $1 and open_amount > 0) as items
       from account_balance where account_id = $1 for update`,
    [accountId],
    'pay_alloc_state',
  );
  const allocations = state?.credits && state.items ? allocate(state.credits, state.items, order) : [];
  if (allocations.length === 0) return { allocations, numbers: new Map() };
  await tx.query(
    `with a as (select * from unnest($1::uuid[], $2::uuid[], $3::numeric[]) as t(credit_id, item_id, amount)),
     ins as (insert into allocation (credit_id, item_id, amount) select credit_id, item_id, amount from a returning 1),
     items as (update open_item o set open_amount = o.open_amount - s.amount from (select item_id, sum(amount) as amount from a group by item_id) s
               where o.id = s.item_id returning 1),
     credits as (update credit c set unallocated = c.unallocated - s.amount from (select credit_id, sum(amount) as amount from a group by credit_id) s
                 where c.id = s.credit_id returning 1)
     select (select count(*) from ins) + (select count(*) from items) + (select count(*) from credits) as written`,
    [allocations.map((a) => a.creditId), allocations.map((a) => a.itemId), allocations.map((a) => a.amount)],
    'pay_alloc_write',
  );
  const numbers = new Map((state?.items ?? []).map((i) => [i.id, i.number]));
  return { allocations, numbers };
}
