import { AccountBalanceChangedV1, type Uuid } from '@utilia/contracts';
import { event, type CommandTx } from '@utilia/platform';
import { formatMoney } from '@utilia/rating';
import Big from 'big.js';

/** An account's receivable on a day: its balance, what is past due and how many items are open. */
export interface AccountPosition {
  accountId: string;
  currency: string;
  balance: string;
  pastDue: string;
  openItems: number;
  /** Credits not used yet (an overpayment): what a refund may pay back. */
  available: string;
}

export async function positionOf(tx: Pick<CommandTx, 'query'>, accountId: string, asOf: string): Promise<AccountPosition | undefined> {
  const [row] = await tx.query<{ currency: string; balance: string; past_due: string; open_items: number; available: string }>(
    `select b.currency, b.balance::text as balance,
            (select coalesce(sum(open_amount), 0)::text from open_item where account_id = $1 and open_amount > 0 and due_date < $2::date) as past_due,
            (select count(*)::int from open_item where account_id = $1 and open_amount > 0) as open_items,
            (select coalesce(sum(unallocated), 0)::text from credit where account_id = $1 and active) as available
       from account_balance b where b.account_id = $1`,
    [accountId, asOf],
    'pay_position',
  );
  if (!row) return undefined;
  return {
    accountId,
    currency: row.currency,
    balance: formatMoney(new Big(row.balance), row.currency),
    pastDue: formatMoney(new Big(row.past_due), row.currency),
    openItems: row.open_items,
    available: formatMoney(new Big(row.available), row.currency),
  };
}

/** The event that tells the account's new position (the account 360 view shows it). */
export function positionEvent(p: AccountPosition, asOf: string, cause: string) {
  return event(AccountBalanceChangedV1, {
    accountId: p.accountId as Uuid,
    balance: { amount: p.balance, currency: p.currency },
    pastDue: { amount: p.pastDue, currency: p.currency },
    openItems: p.openItems,
    asOf,
    cause,
  });
}

/** Publishes the account's new position (AccountBalanceChanged) after something moved it. */
export async function announcePosition(tx: CommandTx, accountId: string, asOf: string, cause: string): Promise<AccountPosition | undefined> {
  const p = await positionOf(tx, accountId, asOf);
  if (!p) return undefined;
  await tx.append(accountId, 'any', [positionEvent(p, asOf, cause)]);
  return p;
}
