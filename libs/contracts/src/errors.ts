/**
 * Errors raised by the contracts. Each has a stable `code`; a consumer that catches a
 * {@link ContractError} knows the message can never succeed as it is (dead-letter it, do not retry).
 */

/** Messages of contract errors, kept as constants so tests and logs can rely on them. */
export const ContractMessages = {
  notUuidV7: (value: string) => `not a UUIDv7: "${value}"`,
  missingHeader: (header: string) => `required Kafka header "${header}" is missing`,
  missingValue: 'the Kafka message has no value',
  invalidJson: (reason: string) => `the Kafka message value is not JSON: ${reason}`,
  unsupportedSpecVersion: (version: string) => `unsupported CloudEvents specversion "${version}" (expected "1.0")`,
  unsupportedContentType: (contentType: string) => `unsupported content-type "${contentType}" (expected "application/json")`,
  unknownEventType: (type: string) => `unknown event type "${type}"`,
  duplicateEventType: (type: string) => `event type "${type}" is already registered`,
  invalidWireName: (type: string) => `"${type}" is not a wire name utilia.<context>.<event>.v<N> in kebab-case`,
  invalidData: (type: string, errors: readonly string[]) => `data of "${type}" does not match its schema: ${errors.join('; ')}`,
  invalidSchema: (type: string, reason: string) => `the schema of "${type}" does not compile: ${reason}`,
  upcasterNotNextVersion: (from: string, to: string) => `an upcaster goes from version N to N+1 of the same event, not "${from}" to "${to}"`,
  duplicateUpcaster: (from: string) => `"${from}" already has an upcaster`,
} as const;

/** Codes of {@link ContractError}s. */
export type ContractErrorCode =
  'missing-header' | 'missing-value' | 'invalid-json' | 'unsupported-specversion' | 'unsupported-content-type' | 'unknown-event-type' | 'invalid-data';

/** A message that breaks the contract: undecodable, of an unknown type, or with data its schema rejects. */
export class ContractError extends Error {
  constructor(
    /** Stable machine-readable reason, e.g. for a dead-letter header. */
    readonly code: ContractErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

/** A Kafka message that cannot be read as a CloudEvents envelope: a header is missing or the value is not JSON. */
export class EnvelopeError extends ContractError {
  constructor(
    code: 'missing-header' | 'missing-value' | 'invalid-json' | 'unsupported-specversion' | 'unsupported-content-type',
    message: string,
    /** The header at fault, when one is. */
    readonly header?: string,
  ) {
    super(code, message);
    this.name = 'EnvelopeError';
  }
}

/** An event type that no registered contract defines. */
export class UnknownEventTypeError extends ContractError {
  constructor(readonly type: string) {
    super('unknown-event-type', ContractMessages.unknownEventType(type));
    this.name = 'UnknownEventTypeError';
  }
}

/** Event data that its type's schema rejects; `errors` name each field path at fault. */
export class EventValidationError extends ContractError {
  constructor(
    readonly type: string,
    readonly errors: readonly string[],
  ) {
    super('invalid-data', ContractMessages.invalidData(type, errors));
    this.name = 'EventValidationError';
  }
}
