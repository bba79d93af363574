import { InteractionRecordedV1 } from '@utilia/contracts';
import { emit, type Emitted } from '../shared/decider';
import { RuleViolation } from '../shared/rules';

export type RecordInteraction = InteractionRecordedV1;

/** Rule: an interaction concerns a customer or an account, and did not happen in the future. */
export function decideInteraction(command: RecordInteraction, now: Date): Emitted[] {
  if (command.customerId === null && command.accountId === null) {
    throw new RuleViolation('interaction-needs-a-party', 'an interaction concerns a customer or an account');
  }
  if (Date.parse(command.occurredAt) > now.getTime() + 60_000) throw new RuleViolation('interaction-in-future', 'an interaction cannot have happened in the future');
  return [emit(InteractionRecordedV1, command)];
}
