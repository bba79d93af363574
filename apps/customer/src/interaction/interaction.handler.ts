import type { Uuid } from '@utilia/contracts';
import { notFound, type CommandTx } from '@utilia/platform';
import { decideInteraction, type RecordInteraction } from './interaction.decider';

/** Records an interaction; given only the account, it names the account's main customer. */
export async function recordInteraction(
  tx: CommandTx,
  input: Omit<RecordInteraction, 'customerId' | 'occurredAt'> & { customerId: Uuid | null; occurredAt?: string },
): Promise<void> {
  let customerId = input.customerId;
  if (input.accountId) {
    const [a] = await tx.query<{ customer_id: string }>('select customer_id from rm_account where id = $1', [input.accountId]);
    if (!a) throw notFound('account', input.accountId);
    customerId ??= a.customer_id;
  }
  if (customerId && !(await tx.query('select 1 from rm_customer where id = $1', [customerId])).length) throw notFound('customer', customerId);
  const command: RecordInteraction = { ...input, customerId, occurredAt: input.occurredAt ?? tx.now.toISOString() };
  await tx.append(command.interactionId, 'no-stream', decideInteraction(command, tx.now));
}
