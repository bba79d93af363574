import { AccountWrittenOffV1, uuidv7, type Money, type Uuid } from '@utilia/contracts';
import { event, localDateOf, RuleViolation, type CommandTx } from '@utilia/platform';
import Big from 'big.js';
import { announcePosition, type AccountPosition } from '../accounts/balance';
import { applyCredits } from '../allocation/apply';
import { addCredit } from '../billing/billing.handler';
import { settleCollections } from '../collections/settle';
import type { PaymentsConfig } from '../config';
import { writeOffLines } from '../ledger/journal';
import { postEntry } from '../ledger/post';
import { accountOf } from '../payments/payment.handler';

export interface WriteOffInput {
  accountId: string;
  amount: Money;
  reason: string;
  by: string;
}

/**
 * Debt written off as uncollectable: bad-debt expense against the receivable (one journal entry),
 * a credit of kind write-off that pays the account's open items in the configured order, and
 * AccountWrittenOff. Never more than the account owes (422). A case left with nothing past due
 * closes (written off: no reconnection is asked for).
 */
export async function writeOff(tx: CommandTx, input: WriteOffInput, config: PaymentsConfig): Promise<{ writeOffId: string; balance: Money }> {
  const account = await accountOf(tx, input.accountId);
  if (input.amount.currency !== account.currency)
    throw new RuleViolation('currency-mismatch', `the account is billed in ${account.currency}, not ${input.amount.currency}`);
  const [row] = await tx.query<{ balance: string }>('select balance::text as balance from account_balance where account_id = $1 for update', [input.accountId]);
  const amount = new Big(input.amount.amount);
  if (amount.lte(0) || !row || amount.gt(row.balance))
    throw new RuleViolation(
      'write-off-exceeds-balance',
      `the account owes ${row?.balance ?? '0'} ${account.currency}: a write-off is positive and no more than that`,
    );
  const on = localDateOf(tx.now, config.timeZone);
  const id = uuidv7();
  await tx.query('insert into write_off (id, account_id, amount, currency, reason, written_off_on, created_by) values ($1, $2, $3, $4, $5, $6, $7)', [
    id,
    input.accountId,
    input.amount.amount,
    input.amount.currency,
    input.reason,
    on,
    input.by,
  ]);
  await postEntry(tx, {
    kind: 'write-off',
    source: `write-off:${id}`,
    accountId: input.accountId,
    reference: id,
    description: `Written off: ${input.reason}`,
    occurredOn: on,
    currency: input.amount.currency,
    lines: writeOffLines(input.accountId, input.amount.amount),
  });
  await addCredit(tx, input.accountId, 'write-off', id, input.amount.currency, input.amount.amount, on);
  await applyCredits(tx, input.accountId, config.payments.allocationOrder);
  await tx.append(id, 'no-stream', [
    event(AccountWrittenOffV1, {
      writeOffId: id,
      accountId: input.accountId as Uuid,
      amount: input.amount,
      reason: input.reason.slice(0, 500),
      writtenOffOn: on,
    }),
  ]);
  const position = (await announcePosition(tx, input.accountId, on, 'write-off')) as AccountPosition;
  await settleCollections(tx, input.accountId, on, 'written-off');
  return { writeOffId: id, balance: { amount: position.balance, currency: position.currency } };
}
