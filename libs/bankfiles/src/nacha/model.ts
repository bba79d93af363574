/**
 * What a NACHA ACH file says. Amounts are whole cents (`bigint`) and the same as major-unit decimal strings
 * (`2000000.00`); text fields lose their trailing spaces; numeric fields and dates (YYMMDD) stay as written.
 */
import type { Problem } from '../errors';

/** The file header record (1). */
export interface NachaFileHeader {
  readonly record: number;
  /** The receiving point's routing number (`031300012`), without the leading blank. */
  readonly immediateDestination: string;
  readonly immediateOrigin: string;
  /** YYMMDD as written. */
  readonly fileCreationDate: string;
  /** HHMM as written (may be blank). */
  readonly fileCreationTime: string;
  readonly fileIdModifier: string;
  readonly immediateDestinationName: string;
  readonly immediateOriginName: string;
  readonly referenceCode: string;
}

/** A batch header record (5). */
export interface NachaBatchHeader {
  readonly record: number;
  /** 200 mixed, 220 credits only, 225 debits only. */
  readonly serviceClassCode: string;
  readonly companyName: string;
  readonly companyDiscretionaryData: string;
  readonly companyIdentification: string;
  /** Standard Entry Class code: PPD, CCD, WEB, TEL, COR (notifications of change), … */
  readonly secCode: string;
  readonly companyEntryDescription: string;
  readonly companyDescriptiveDate: string;
  /** YYMMDD as written. */
  readonly effectiveEntryDate: string;
  readonly settlementDate: string;
  readonly originatorStatusCode: string;
  readonly originatingDfi: string;
  readonly batchNumber: string;
}

/** A return (addenda 99): why the receiving bank sent the entry back. */
export interface NachaReturn {
  readonly record: number;
  /** R01 insufficient funds, R02 account closed, R03 no account, R10 not authorised, … */
  readonly returnReasonCode: string;
  /** The trace number of the entry being returned: what the originator matches on. */
  readonly originalEntryTraceNumber: string;
  readonly dateOfDeath: string;
  readonly originalReceivingDfi: string;
  readonly addendaInformation: string;
  readonly traceNumber: string;
}

/** A notification of change (addenda 98): the receiving bank's correction to apply before the next entry. */
export interface NachaChange {
  readonly record: number;
  /** C01 account number, C02 routing number, C03 both, C05 transaction code, … */
  readonly changeCode: string;
  readonly originalEntryTraceNumber: string;
  readonly originalReceivingDfi: string;
  readonly correctedData: string;
  readonly traceNumber: string;
}

/** An entry detail record (6) with its addenda. */
export interface NachaEntry {
  readonly record: number;
  readonly transactionCode: string;
  /** From the transaction code; null for a code NACHA does not define. */
  readonly kind: 'credit' | 'debit' | null;
  /** A prenotification (transaction code ending in 3 or 8): zero dollars, checks the account. */
  readonly prenote: boolean;
  /** The first 8 digits of the receiving bank's routing number; with `checkDigit` the routing number. */
  readonly receivingDfi: string;
  readonly checkDigit: string;
  readonly accountNumber: string;
  readonly amountCents: bigint;
  /** Major units with two decimals: `500.00`. */
  readonly amount: string;
  /** Individual id (PPD, WEB, TEL) or identification number (CCD). */
  readonly identificationNumber: string;
  /** Individual or receiving company name. */
  readonly name: string;
  /** Discretionary data (WEB and TEL: the payment type code). */
  readonly discretionaryData: string;
  readonly addendaIndicator: string;
  readonly traceNumber: string;
  /** Addenda 05 text, in order. */
  readonly paymentRelatedInformation: readonly string[];
  readonly return: NachaReturn | null;
  readonly notificationOfChange: NachaChange | null;
  readonly addendaCount: number;
}

/** A batch control record (8), as written. */
export interface NachaBatchControl {
  readonly record: number;
  readonly serviceClassCode: string;
  readonly entryAddendaCount: string;
  readonly entryHash: string;
  readonly totalDebitCents: bigint;
  readonly totalCreditCents: bigint;
  readonly companyIdentification: string;
  readonly originatingDfi: string;
  readonly batchNumber: string;
}

/** A batch: header, entries, control, and what the entries add up to. */
export interface NachaBatch {
  readonly header: NachaBatchHeader;
  /** Empty when read with `keepEntries: false` (the counts and totals are kept). */
  readonly entries: readonly NachaEntry[];
  readonly control: NachaBatchControl | null;
  /** Entry detail records (not addenda). */
  readonly entryCount: number;
  readonly addendaCount: number;
  /** Sums of the entries by their transaction codes, in cents and as major-unit strings. */
  readonly totalDebitCents: bigint;
  readonly totalCreditCents: bigint;
  readonly totalDebit: string;
  readonly totalCredit: string;
  /** The entries' receiving DFI identifications added up, last 10 digits. */
  readonly entryHash: string;
}

/** The file control record (9), as written. */
export interface NachaFileControl {
  readonly record: number;
  readonly batchCount: string;
  readonly blockCount: string;
  readonly entryAddendaCount: string;
  readonly entryHash: string;
  readonly totalDebitCents: bigint;
  readonly totalCreditCents: bigint;
}

/** A NACHA file as read. */
export interface NachaFile {
  readonly header: NachaFileHeader;
  readonly batches: readonly NachaBatch[];
  readonly control: NachaFileControl | null;
  /** Sums over every batch's entries. */
  readonly totalDebitCents: bigint;
  readonly totalCreditCents: bigint;
  readonly totalDebit: string;
  readonly totalCredit: string;
  readonly entryCount: number;
  /** Records read, padding included. */
  readonly recordCount: number;
  /** Rules the file breaks (control totals, counts, hash, blocks, order): it is still read. */
  readonly problems: readonly Problem[];
}
