import type { CommandTx } from '@utilia/platform';
import { decideSample, sampleAggregate, type SampleCommand } from './sample.decider';

/** The sample's use case: load its stream, decide, append (queued for Kafka in the same transaction). */
export async function handleSampleCommand(tx: CommandTx, command: SampleCommand): Promise<void> {
  const { state, version } = await tx.load(sampleAggregate, command.sampleId);
  await tx.append(command.sampleId, version, decideSample(state, command));
}
