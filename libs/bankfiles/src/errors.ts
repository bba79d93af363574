/**
 * Every message the bank-file library raises or reports, in one place.
 *
 * Two kinds of trouble, kept apart on purpose:
 * - a file that cannot be read (not XML, not a camt or NACHA file, a required element or field missing or
 *   unreadable) throws {@link BankFileError}: nothing in it can be trusted, so nothing is imported;
 * - a file that can be read but breaks a rule (balances that do not add up, control totals or counts that differ
 *   from the records) comes back with a {@link Problem} per broken rule, so that the importer can warn and a person
 *   can look, instead of the file being refused or taken silently.
 *
 * Writer input that is not valid throws {@link InvalidInput}, naming each field (`transactions[1].debtor.iban`).
 */

/** Machine-readable kinds of {@link BankFileError}. */
export type BankFileErrorCode = 'not-xml' | 'unknown-format' | 'unsupported-version' | 'missing' | 'invalid-value' | 'bad-record' | 'out-of-order';

/** Machine-readable kinds of {@link Problem}. */
export type ProblemCode =
  | 'not-reconciled'
  | 'summary-mismatch'
  | 'finer-than-currency'
  | 'control-mismatch'
  | 'missing-control'
  | 'record-length'
  | 'blocking'
  | 'service-class'
  | 'trace-order'
  | 'addenda'
  | 'transaction-code';

/** A rule the file breaks, found while reading it. The file is still read; `message` says what and where. */
export interface Problem {
  readonly code: ProblemCode;
  /** Where: `statement 253EUR…`, `batch 2 control (line 9)`, `file control (line 5)`, `line 7`. */
  readonly where: string;
  /** The whole sentence, starting with `where`. */
  readonly message: string;
}

/** Makes a {@link Problem}: the message is `where: detail`. */
export function problem(code: ProblemCode, where: string, detail: string): Problem {
  return { code, where, message: `${where}: ${detail}` };
}

/** Templates for the messages, keyed by rule. */
export const MESSAGES = {
  // XML
  empty: () => 'the document is empty: no root element',
  notWellFormed: (line: number, column: number, detail: string) => `not well-formed XML at line ${line}, column ${column}: ${detail}`,
  // camt
  notCamt: (root: string, namespace: string) =>
    `the root element ${root} in namespace ${JSON.stringify(namespace)} is not an ISO 20022 camt.052, camt.053 or camt.054 Document`,
  messageMismatch: (message: string, element: string) => `the namespace names ${message}, but the document holds ${element}`,
  unsupportedVersion: (format: string) => `${format} is not a version this reader knows: it reads versions 001.02 to 001.08`,
  noStatements: (path: string, element: string, message: string) => `${path} has no ${element}: a ${message} message carries at least one`,
  missing: (path: string) => `${path} is missing`,
  notAmount: (path: string, text: string) => `${path} must be a non-negative decimal amount, found ${JSON.stringify(text)}`,
  notIndicator: (path: string, text: string) => `${path} must be CRDT or DBIT, found ${JSON.stringify(text)}`,
  notBoolean: (path: string, text: string) => `${path} must be true or false, found ${JSON.stringify(text)}`,
  notDate: (path: string, text: string) => `${path} must be an ISO date or date-time, found ${JSON.stringify(text)}`,
  notReconciled: (opening: string, credits: string, debits: string, expected: string, closing: string) =>
    `does not reconcile: opening balance ${opening} + credits ${credits} - debits ${debits} = ${expected}, but the closing balance is ${closing}`,
  noBalance: (which: string, codes: string) => `does not reconcile: it has no ${which} balance (${codes})`,
  currencyMismatch: (what: string, currency: string, statementCurrency: string) =>
    `does not reconcile: ${what} is in ${currency}, the statement in ${statementCurrency}`,
  summaryMismatch: (what: string, stated: string, found: string) => `the transactions summary gives ${what} ${stated}, but the entries give ${found}`,
  finerThanCurrency: (amount: string, currency: string, digits: number) =>
    `the amount ${amount} ${currency} has more decimals than ${currency}'s ${digits} (kept exact, not rounded)`,
  // pain.008
  notPain008: (root: string, namespace: string) => `the root element ${root} in namespace ${JSON.stringify(namespace)} is not a pain.008 Document`,
  // NACHA
  notNacha: (first: string) => `not a NACHA file: the first record must be a file header starting "101", found ${JSON.stringify(first)}`,
  badLength: (line: number, length: number) => `line ${line}: a record is 94 characters, this line has ${length}`,
  unknownRecord: (line: number, type: string) => `record ${line}: ${JSON.stringify(type)} is not a NACHA record type (1, 5, 6, 7, 8 or 9)`,
  outOfOrder: (line: number, record: string, context: string) => `record ${line}: ${record} ${context}`,
  notNumeric: (line: number, field: string, text: string) => `record ${line}: ${field} must be digits, found ${JSON.stringify(text)}`,
  controlMismatch: (field: string, stated: string, found: string) => `${field} ${stated}, but ${found}`,
  missingControl: (what: string) => `${what} has no control record`,
  shortRecords: (count: number, first: number) => `${count} record(s) shorter than 94 characters, the first at line ${first} (read as if padded with spaces)`,
  notBlocked: (records: number) => `${records} records is not a whole number of blocks of 10 (the file is not padded with 9s)`,
  serviceClass: (serviceClass: string, kind: string) => `service class ${serviceClass} allows no ${kind} entries`,
  traceOrder: (trace: string, previous: string) => `trace number ${trace} is not above the previous ${previous} (they ascend within a batch)`,
  addendaIndicator: (indicator: string, count: number) => `addenda record indicator ${indicator}, but ${count} addenda record(s) follow`,
  addendaSequence: (stated: string, trace: string) => `addenda entry detail sequence number ${stated} is not the end of its entry's trace number ${trace}`,
  transactionCode: (code: string) => `transaction code ${code} is not a NACHA transaction code (counted as neither debit nor credit)`,
  // writers
  invalidInput: (errors: readonly FieldError[]) => errors.map((e) => `${e.field}: ${e.message}`).join('\n'),
} as const;

/** The base error of the library: `where` is an element path, a line, or an input field. */
export class BankFileError extends Error {
  /** @param code machine-readable kind; @param where element path or line; @param message full text */
  constructor(
    readonly code: BankFileErrorCode,
    readonly where: string,
    message: string,
  ) {
    super(message);
    this.name = 'BankFileError';
  }
}

/** One bad field of a writer's input. */
export interface FieldError {
  /** `transactions[1].debtor.iban`; `input` for the whole value. */
  readonly field: string;
  /** What is wrong, without the field: `not an IBAN (check digits)`. */
  readonly message: string;
}

/** Writer input that breaks its schema or a rule; the message lists every bad field, one a line. */
export class InvalidInput extends Error {
  /** @param errors every bad field */
  constructor(readonly errors: readonly FieldError[]) {
    super(MESSAGES.invalidInput(errors));
    this.name = 'InvalidInput';
  }
}
