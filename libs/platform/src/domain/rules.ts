/** A field at fault and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

/** The input is malformed (answered 400, naming each field). */
export class ValidationFailed extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`validation failed: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
    this.name = 'ValidationFailed';
  }
}

/** How a refused command is answered: 409 (state forbids it), 422 (contradicts itself or a policy), 404. */
export type RuleViolationKind = 'conflict' | 'unprocessable' | 'not-found';

/**
 * A business rule refused the command. `conflict` (409): the current state forbids it (an agreement
 * is already active, the work order is already completed); `unprocessable` (422): the command
 * contradicts itself or a policy (stop before start, a date too far in the past); `not-found` (404).
 * `code` is machine-readable and stable.
 */
export class RuleViolation extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: RuleViolationKind = 'unprocessable',
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}

/** The thing a command names does not exist (answered 404 with the code `<what>-not-found`). */
export function notFound(what: string, id: string): RuleViolation {
  return new RuleViolation(`${what}-not-found`, `${what.replace(/-/g, ' ')} ${id} does not exist`, 'not-found');
}
