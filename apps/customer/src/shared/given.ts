import type { Aggregate, Emitted } from './decider';
import { replay } from './decider';
import { RuleViolation, ValidationFailed } from './rules';

/** The state after `events`: the "given" of a decider test. */
export function given<S>(aggregate: Aggregate<S>, ...events: Emitted[]): S {
  return replay(aggregate, events.map((e) => ({ type: e.type.type, data: e.data })));
}

/** The code of the rule `fn` violates (fails the test when it violates none). */
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

/** The wire names and data of emitted events, for readable expectations. */
export function named(events: Emitted[]): Array<[string, unknown]> {
  return events.map((e) => [e.type.name, e.data]);
}
