import type { CommandTx } from '@utilia/platform';
import { customerAggregate, decideCustomer, type CustomerCommand } from './customer.decider';

/** Every customer command: load the customer's stream, decide, append. */
export async function handleCustomerCommand(tx: CommandTx, command: CustomerCommand): Promise<void> {
  const { state, version } = await tx.load(customerAggregate, command.customerId);
  await tx.append(command.customerId, version, decideCustomer(state, command, tx.now));
}
