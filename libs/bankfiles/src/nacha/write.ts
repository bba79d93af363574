/**
 * Writes PPD debit batches: a US utility collecting its customers' bills from their checking or savings accounts
 * (Prearranged Payment and Deposit, consumer accounts, service class 225: debits only). File header, one batch per
 * input batch (header with company id and effective date, entries with trace numbers, optional addenda 05, batch
 * control with entry hash and totals), file control, and 9s padding the last block of 10 records.
 */
import { Type, type Static } from '@sinclair/typebox';
import { majorToCents } from '../decimal';
import type { FieldError } from '../errors';
import { AMOUNT_PATTERN, CalendarDate, Checked, Matching, OneOf, Strict, checkInput } from '../input';
import { entryHashOf } from './read';
import { ADDENDA_05, BATCH_CONTROL, BATCH_HEADER, BLOCKING_FACTOR, ENTRY_DETAIL, FILE_CONTROL, FILE_HEADER, PADDING_RECORD, writeRecord } from './records';

// NACHA alphanumeric fields take printable ASCII (upper case is customary; banks fold lower case).
const text = (max: number) => Matching('^[\\x20-\\x7E]*$', 'printable ASCII text', { maxLength: max });
const routing = () => Checked('routing-number', 'not an ABA routing number (9 digits with the right check digit)');

/** One debit: a customer's account and the amount to collect. */
export const PpdDebitSchema = Strict({
  routingNumber: routing(),
  accountNumber: Matching('^[\\x21-\\x7E]([\\x20-\\x7E]*[\\x21-\\x7E])?$', 'an account number without leading or trailing spaces', { maxLength: 17 }),
  accountType: OneOf(['checking', 'savings'] as const),
  amount: Matching(AMOUNT_PATTERN, 'a decimal string with at most two decimals, such as "84.20"'),
  /** The customer's account number at the utility, so returns can be matched to it. */
  individualId: Type.Optional(text(15)),
  individualName: text(22),
  /** Addenda 05 text (most banks pass it to the customer's statement). */
  paymentRelatedInformation: Type.Optional(text(80)),
});

/** A batch: one company (the utility) debiting on one effective date. */
export const PpdBatchSchema = Strict({
  companyName: text(16),
  /** Usually `1` and the utility's EIN, as agreed with the originating bank. */
  companyIdentification: text(10),
  /** Shown on the customer's statement: `UTILITY`, `PAYMENT`, … */
  companyEntryDescription: text(10),
  companyDiscretionaryData: Type.Optional(text(20)),
  companyDescriptiveDate: Type.Optional(text(6)),
  effectiveEntryDate: CalendarDate(),
  /** The originating bank's routing number without its check digit. */
  originatingDfi: Matching('^\\d{8}$', 'the 8 first digits of the originating bank routing number'),
  entries: Type.Array(PpdDebitSchema, { minItems: 1 }),
});

/** A file of PPD debit batches. */
export const PpdDebitFileSchema = Strict({
  /** The routing number of the ACH operator or bank the file goes to. */
  immediateDestination: routing(),
  immediateDestinationName: text(23),
  /** The sender: a routing number (9 digits, written after a blank) or the 10 characters agreed with the bank. */
  immediateOrigin: Matching('^(\\d{9}|[\\x21-\\x7E][\\x20-\\x7E]{9})$', 'a routing number or 10 characters'),
  immediateOriginName: text(23),
  fileCreationDate: CalendarDate(),
  fileCreationTime: Matching('^([01]\\d|2[0-3]):[0-5]\\d$', 'a time HH:MM'),
  /** A to Z or 0 to 9, to tell apart files sent the same day (A when absent). */
  fileIdModifier: Type.Optional(Matching('^[A-Z0-9]$', 'one capital letter or digit')),
  referenceCode: Type.Optional(text(8)),
  /**
   * The sequence number (7 digits) of the file's first trace number (default 1). Returns and notifications of change
   * name the original trace number, so an originator keeps them unique across its files by continuing the sequence.
   */
  firstTraceSequence: Type.Optional(Type.Integer({ minimum: 1, maximum: 9_999_999 })),
  batches: Type.Array(PpdBatchSchema, { minItems: 1 }),
});

/** A file of PPD debit batches. */
export type PpdDebitFile = Static<typeof PpdDebitFileSchema>;

/** The most one entry's 10-digit amount field holds. */
const MAX_CENTS = 9_999_999_999n;

function ppdRules(file: PpdDebitFile): FieldError[] {
  const entries = file.batches.reduce((n, b) => n + b.entries.length, 0);
  const last = (file.firstTraceSequence ?? 1) + entries - 1;
  const traces = last > 9_999_999 ? [{ field: 'firstTraceSequence', message: `leaves no room for ${entries} trace numbers (the sequence has 7 digits)` }] : [];
  return traces.concat(
    file.batches.flatMap((batch, b) => [
      ...(batch.effectiveEntryDate < file.fileCreationDate
        ? [{ field: `batches[${b}].effectiveEntryDate`, message: `is before the file creation date ${file.fileCreationDate}` }]
        : []),
      ...batch.entries.flatMap((entry, e) => {
        const cents = majorToCents(entry.amount);
        const field = `batches[${b}].entries[${e}].amount`;
        if (cents === 0n) return [{ field, message: 'must be more than 0' }];
        return cents > MAX_CENTS ? [{ field, message: 'must be at most 99999999.99' }] : [];
      }),
    ]),
  );
}

/** `2026-05-08` → `260508`. */
const yymmdd = (date: string) => date.slice(2).replace(/-/g, '');

/** `260508` → `2026-05-08` (NACHA dates have two-digit years; this reads them as 20YY). */
export const nachaDate = (date: string) => `20${date.slice(0, 2)}-${date.slice(2, 4)}-${date.slice(4, 6)}`;

/** PPD debit transaction codes: 27 checking, 37 savings. */
const DEBIT_CODE = { checking: '27', savings: '37' } as const;

/**
 * The NACHA file of `input` (checked first: invalid input throws InvalidInput naming every bad field). Batches are
 * numbered from 1; trace numbers are the batch's originating DFI and a sequence number running through the file (from
 * `firstTraceSequence`, default 1), so each is unique in it and they ascend within a batch. Records end with LF; the last block is padded with 9s.
 */
export function writeNachaPpdDebits(input: unknown): string {
  const file = checkInput(PpdDebitFileSchema, input, ppdRules);
  const records: string[] = [
    writeRecord(FILE_HEADER, {
      priorityCode: '01',
      immediateDestination: ` ${file.immediateDestination}`,
      immediateOrigin: file.immediateOrigin.length === 9 ? ` ${file.immediateOrigin}` : file.immediateOrigin,
      fileCreationDate: yymmdd(file.fileCreationDate),
      fileCreationTime: file.fileCreationTime.replace(':', ''),
      fileIdModifier: file.fileIdModifier ?? 'A',
      recordSize: '94',
      blockingFactor: '10',
      formatCode: '1',
      immediateDestinationName: file.immediateDestinationName,
      immediateOriginName: file.immediateOriginName,
      referenceCode: file.referenceCode ?? '',
    }),
  ];
  let sequence = (file.firstTraceSequence ?? 1) - 1;
  let fileRecords = 0;
  let fileHash = 0n;
  let fileDebit = 0n;
  file.batches.forEach((batch, b) => {
    const batchNumber = String(b + 1);
    records.push(
      writeRecord(BATCH_HEADER, {
        serviceClassCode: '225',
        companyName: batch.companyName,
        companyDiscretionaryData: batch.companyDiscretionaryData ?? '',
        companyIdentification: batch.companyIdentification,
        standardEntryClassCode: 'PPD',
        companyEntryDescription: batch.companyEntryDescription,
        companyDescriptiveDate: batch.companyDescriptiveDate ?? '',
        effectiveEntryDate: yymmdd(batch.effectiveEntryDate),
        originatorStatusCode: '1',
        originatingDfiIdentification: batch.originatingDfi,
        batchNumber,
      }),
    );
    let count = 0;
    let hash = 0n;
    let debit = 0n;
    for (const entry of batch.entries) {
      sequence += 1;
      const trace = `${batch.originatingDfi}${String(sequence).padStart(7, '0')}`;
      const cents = majorToCents(entry.amount);
      records.push(
        writeRecord(ENTRY_DETAIL, {
          transactionCode: DEBIT_CODE[entry.accountType],
          receivingDfiIdentification: entry.routingNumber.slice(0, 8),
          checkDigit: entry.routingNumber.slice(8),
          dfiAccountNumber: entry.accountNumber,
          amount: cents.toString(),
          identificationNumber: entry.individualId ?? '',
          name: entry.individualName,
          addendaRecordIndicator: entry.paymentRelatedInformation === undefined ? '0' : '1',
          traceNumber: trace,
        }),
      );
      count += 1;
      if (entry.paymentRelatedInformation !== undefined) {
        records.push(
          writeRecord(ADDENDA_05, {
            addendaTypeCode: '05',
            paymentRelatedInformation: entry.paymentRelatedInformation,
            addendaSequenceNumber: '1',
            entryDetailSequenceNumber: trace.slice(-7),
          }),
        );
        count += 1;
      }
      hash += BigInt(entry.routingNumber.slice(0, 8));
      debit += cents;
    }
    records.push(
      writeRecord(BATCH_CONTROL, {
        serviceClassCode: '225',
        entryAddendaCount: String(count),
        entryHash: entryHashOf(hash),
        totalDebit: debit.toString(),
        totalCredit: '0',
        companyIdentification: batch.companyIdentification,
        originatingDfiIdentification: batch.originatingDfi,
        batchNumber,
      }),
    );
    fileRecords += count;
    fileHash += hash;
    fileDebit += debit;
  });
  const total = records.length + 1;
  const blocks = Math.ceil(total / BLOCKING_FACTOR);
  records.push(
    writeRecord(FILE_CONTROL, {
      batchCount: String(file.batches.length),
      blockCount: String(blocks),
      entryAddendaCount: String(fileRecords),
      entryHash: entryHashOf(fileHash),
      totalDebit: fileDebit.toString(),
      totalCredit: '0',
    }),
  );
  while (records.length < blocks * BLOCKING_FACTOR) records.push(PADDING_RECORD);
  return `${records.join('\n')}\n`;
}
