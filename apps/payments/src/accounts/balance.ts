import { AccountBalanceChangedV1, OPEN_ITEMS_LISTED, type Uuid } from '@utilia/contracts';
import { event, type CommandTx } from '@utilia/platform';
import { formatMoney } from '@utilia/rating';
import Big from 'big.js';

/** An invoice or charge of the account not paid in full (amounts in the account's currency). */
export interface OpenItem {
  kind: string;
  number: string;
  description: string;
  issuedOn: string;
  dueDate: string | null;
  amount: string;
  open: string;
}

/** An account's receivable on a day: its balance, what is past due and which items are open. */
export interface AccountPosition {
  accountId: string;
  currency: string;
  balance: string;
  pastDue: string;
  openItems: number;
  /** The oldest {@link OPEN_ITEMS_LISTED} open items, oldest first. */
  items: OpenItem[];
  /** Credits not used yet (an overpayment): what a refund may pay back. */
  available: string;
}

export async function positionOf(tx: Pick<CommandTx, 'query'>, accountId: string, asOf: string): Promise<AccountPosition | undefined> {
  type Listed = Omit<OpenItem, 'amount' | 'open'> & { amount: string; open: string };
  const [row] = await tx.query<{ currency: string; balance: string; past_due: string; open_items: number; available: string; items: Listed[] | null }>(
    `select b.currency, b.balance::text as balance,
            (select coalesce(sum(open_amount), 0)::text from open_item where account_id = $1 and open_amount > 0 and due_date < $2::date) as past_due,
            (select count(*)::int from open_item where account_id = $1 and open_amount > 0) as open_items,
            (select coalesce(sum(unallocated), 0)::text from credit where account_id = $1 and active) as available,
            (select jsonb_agg(jsonb_build_object('kind', i.kind, 'number', i.number, 'description', i.description, 'issuedOn', i.issued_on,
                    'dueDate', i.due_date, 'amount', i.amount::text, 'open', i.open_amount::text) order by i.issued_on, i.number)
               from (select * from open_item where account_id = $1 and open_amount > 0 order by issued_on, number limit $3) i) as items
       from account_balance b where b.account_id = $1`,
    [accountId, asOf, OPEN_ITEMS_LISTED],
    'pay_position',
  );
  if (!row) return undefined;
  return {
    accountId,
    currency: row.currency,
    balance: formatMoney(new Big(row.balance), row.currency),
    pastDue: formatMoney(new Big(row.past_due), row.currency),
    openItems: row.open_items,
    items: (row.items ?? []).map((i) => ({
      ...i,
      amount: formatMoney(new Big(i.amount), row.currency),
      open: formatMoney(new Big(i.open), row.currency),
    })),
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
    items: p.items.map((i) => ({
      ...i,
      amount: { amount: i.amount, currency: p.currency },
      open: { amount: i.open, currency: p.currency },
    })),
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
