import type { CommandTx } from '@utilia/platform';
import Big from 'big.js';
import { completeArrangement } from '../arrangements/arrangements.handler';
import { closeCase, currentCase, pastDueOf } from './cases';

/**
 * After money paid an account's items (a payment, a credit note, a write-off, a deposit applied):
 * its collections case closes when nothing is past due on `on` any more (with ReconnectionRequested
 * if a disconnection was asked for), and an arrangement whose installments are all paid completes.
 */
export async function settleCollections(tx: CommandTx, accountId: string, on: string, reason: 'paid-in-full' | 'written-off' = 'paid-in-full'): Promise<void> {
  const c = await currentCase(tx, accountId);
  if (c) {
    const pastDue = await pastDueOf(tx, accountId, on);
    if (new Big(pastDue).eq(0)) await closeCase(tx, c, on, reason, pastDue);
  }
  await completeArrangement(tx, accountId, on);
}
