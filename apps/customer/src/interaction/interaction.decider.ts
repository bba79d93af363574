import { InteractionRecordedV1, type EventUnion } from '@utilia/contracts';
import { event, RuleViolation } from '@utilia/platform';

export type RecordInteraction = InteractionRecordedV1;

export const interactionEvents = [InteractionRecordedV1] as const;
export type InteractionEvent = EventUnion<typeof interactionEvents>;

/** Rule: an interaction concerns a customer or an account, and did not happen in the future. */
export function decideInteraction(command: RecordInteraction, now: Date): InteractionEvent[] {
  if (command.customerId === null && command.accountId === null) {
    throw new RuleViolation('interaction-needs-a-party', 'an interaction concerns a customer or an account');
  }
  if (Date.parse(command.occurredAt) > now.getTime() + 60_000)
    throw new RuleViolation('interaction-in-future', 'an interaction cannot have happened in the future');
  return [event(InteractionRecordedV1, command)];
}
