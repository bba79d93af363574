import { notFound, RuleViolation, type CommandTx } from '@utilia/platform';
import type { PaymentsConfig } from '../config';
import { receivePayment, type PaymentAnswer } from '../payments/payment.handler';

/**
 * A CSR resolves a bank credit in suspense: the money held on unapplied cash becomes a payment on
 * the account they found (its items paid as any payment pays them). Once: a resolved entry is 409.
 */
export async function resolveSuspense(
  tx: CommandTx,
  input: { entryId: string; accountId: string; note: string; by: string },
  config: PaymentsConfig,
): Promise<PaymentAnswer> {
  const [entry] = await tx.query<{
    status: string;
    direction: string;
    amount: string;
    currency: string;
    booking_date: string;
    reference: string;
    end_to_end_id: string | null;
  }>(
    `select status, direction, amount::text as amount, currency, booking_date::text as booking_date, reference, end_to_end_id from bank_entry where id = $1 for update`,
    [input.entryId],
  );
  if (!entry) throw notFound('bank-entry', input.entryId);
  if (entry.status !== 'suspense') throw new RuleViolation('bank-entry-not-in-suspense', `bank entry ${input.entryId} is ${entry.status}`, 'conflict');
  if (entry.direction !== 'CRDT')
    throw new RuleViolation('bank-entry-not-a-credit', 'a returned or outgoing entry in suspense is resolved with the bank, not applied to an account');
  const paid = await receivePayment(
    tx,
    {
      accountId: input.accountId,
      amount: { amount: entry.amount, currency: entry.currency },
      channel: 'bank-transfer',
      reference: entry.reference.slice(0, 140),
      receivedOn: entry.booking_date,
      by: input.by,
      fromSuspense: true,
    },
    config,
  );
  await tx.query(
    `update bank_entry set status = 'resolved', reason = $2, account_id = $3, payment_id = $4, resolved_by = $5, resolved_at = now() where id = $1`,
    [input.entryId, input.note.slice(0, 500), input.accountId, paid.paymentId, input.by],
  );
  return paid;
}
