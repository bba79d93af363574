import type { CommandTx } from '@utilia/platform';
import Big from 'big.js';
import { completeArrangement } from '../arrangements/arrangements.handler';
import { closeCase, currentCase, pastDueOf } from './cases';

/**
 * After money paid an account's items (a payment, a credit note, a write-off, a deposit applied):
 * its collections case closes when nothing is past due any more (with ReconnectionRequested
 * if a disconnection was asked for), and an arrangement whose installments are all paid completes.
 */
export async function settleCollections(tx: CommandTx, accountId: string, on: string, reason: 'paid-in-full' | 'written-off' = 'paid-in-full'): Promise<void> {
  const c = await currentCase(tx, accountId);
  if (c) {
    // A payment dated before the day collections last looked is judged on that day: what it found past due must be paid.
    const [{ day }] = await tx.query<{ day: string }>(
      `select greatest($2::date, (select last_run_on from collections_account where account_id = $1))::text as day`,
      [accountId, on],
    );
    const pastDue = await pastDueOf(tx, accountId, day);
    if (new Big(pastDue).eq(0)) await closeCase(tx, c, day, reason, pastDue);
  }
  await completeArrangement(tx, accountId, on);
}
