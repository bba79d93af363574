/**
 * @utilia/bankfiles: bank files in and out for the payments service. ISO 20022 camt.052/053/054 statements and NACHA
 * ACH files in (with the rules they break as problems), pain.008 direct-debit initiations and NACHA PPD debit batches
 * out. Pure: no I/O (except the separate CLI), no clock, no framework. Money is exact: decimal strings, big.js and
 * bigint cents, never JS numbers.
 */
export type * from './camt/model';
export { readCamt, CAMT_VERSIONS } from './camt/read';
export { reconcile, checkSummary, isBooked, OPENING_BALANCE_TYPES, CLOSING_BALANCE_TYPE, type ReconcileInput } from './camt/reconcile';
export { camtSummary, type CamtSummary, type CamtStatementSummary, type CamtEntrySummary } from './camt/summary';
export { matchKeys, type MatchKeys } from './camt/match';
export type * from './nacha/model';
export { NachaReader, readNacha, entryHashOf, type NachaReadOptions } from './nacha/read';
export { nachaSummary, type NachaSummary, type NachaBatchSummary } from './nacha/summary';
export { writeNachaPpdDebits, nachaDate, PpdDebitFileSchema, PpdBatchSchema, PpdDebitSchema, type PpdDebitFile } from './nacha/write';
export { TRANSACTION_CODES, RECORD_LENGTH, BLOCKING_FACTOR } from './nacha/records';
export {
  CollectionSchema,
  CollectionTransactionSchema,
  CreditorSchema,
  SEQUENCE_TYPES,
  collectionRules,
  type Collection,
  type CollectionTransaction,
  type SequenceType,
} from './pain008/schema';
export {
  writePain008,
  paymentBlocks,
  pain008Namespace,
  PAIN008_VERSIONS,
  type Pain008Options,
  type Pain008Version,
  type PaymentInformationBlock,
} from './pain008/write';
export { readPain008, collectionOf, type Pain008Document, type Pain008PaymentInformation, type Pain008Transaction, type Pain008Party } from './pain008/read';
export { isIban, isBic, isCreditorId, isRoutingNumber } from './identifiers';
export { currencyDigits, formatAmount, centsToMajor, majorToCents } from './decimal';
export { BankFileError, InvalidInput, MESSAGES, type BankFileErrorCode, type FieldError, type Problem, type ProblemCode } from './errors';
