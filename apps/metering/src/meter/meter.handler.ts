import type { CommandTx } from '@utilia/platform';
import { decideMeter, meterAggregate, type MeterCommand } from './meter.decider';

/** Registers a meter in the inventory (its serial is unique: the read model's index settles two at once). */
export async function registerMeter(tx: CommandTx, command: MeterCommand): Promise<void> {
  const { state, version } = await tx.load(meterAggregate, command.meterId);
  await tx.append(command.meterId, version, decideMeter(state, command));
}
