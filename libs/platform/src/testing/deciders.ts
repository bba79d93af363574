import { parseWireName } from '@utilia/contracts';
import { replay, type Aggregate, type AnyEvent } from '../domain/decider';
import { RuleViolation, ValidationFailed } from '../domain/rules';

/** The state after `events`: the "given" of a decider test. */
export function given<S, E extends AnyEvent>(aggregate: Aggregate<S, E>, ...events: E[]): S {
  return replay(aggregate, events);
}

/** The code of the rule a command violates (throws when it violates none): the "then refused" of a decider test. */
export function violatedRule(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleViolation) return e.code;
    if (e instanceof ValidationFailed) return `validation: ${e.errors.map((x) => x.field).join(',')}`;
    throw e;
  }
  throw new Error('expected a rule violation, but the command was accepted');
}

/** The names (without context and version) and data of events, for readable expectations: `['customer-registered', {...}]`. */
export function named(events: readonly AnyEvent[]): Array<[string, unknown]> {
  return events.map((e) => [parseWireName(e.type)?.name ?? e.type, e.data]);
}
