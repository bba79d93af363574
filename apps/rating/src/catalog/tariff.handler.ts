import type { CommandTx } from '@utilia/platform';
import { decideTariff, tariffAggregate, type TariffCommand } from './tariff.decider';

/** A catalog command: load the tariff's stream, decide, append (its events go to Kafka from the outbox). */
export async function handleTariffCommand(tx: CommandTx, command: TariffCommand): Promise<void> {
  const { state, version } = await tx.load(tariffAggregate, command.tariffId);
  await tx.append(command.tariffId, version, decideTariff(state, command));
}
