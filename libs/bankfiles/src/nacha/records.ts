/**
 * NACHA record layouts (Operating Rules, Appendix Three): every record is 94 characters; positions below are 1-based
 * and inclusive, as the Rules print them. One table serves the reader and the writer, so what one writes the other
 * reads at the same places.
 */

/** `N`: numeric, right-justified and zero-filled. `A`: alphanumeric, left-justified and space-filled. */
export type FieldKind = 'N' | 'A';

/** A field of a record: name, first and last position (1-based, inclusive), kind. */
export type Field = readonly [name: string, start: number, end: number, kind: FieldKind];

/** A record layout: the record type code (position 1) and its fields from position 2 on. */
export interface Layout {
  readonly type: string;
  readonly name: string;
  readonly fields: readonly Field[];
}

/** Characters in a record. */
export const RECORD_LENGTH = 94;
/** Records in a block. */
export const BLOCKING_FACTOR = 10;

export const FILE_HEADER: Layout = {
  type: '1',
  name: 'file header',
  fields: [
    ['priorityCode', 2, 3, 'N'],
    ['immediateDestination', 4, 13, 'A'],
    ['immediateOrigin', 14, 23, 'A'],
    ['fileCreationDate', 24, 29, 'N'],
    ['fileCreationTime', 30, 33, 'N'],
    ['fileIdModifier', 34, 34, 'A'],
    ['recordSize', 35, 37, 'N'],
    ['blockingFactor', 38, 39, 'N'],
    ['formatCode', 40, 40, 'N'],
    ['immediateDestinationName', 41, 63, 'A'],
    ['immediateOriginName', 64, 86, 'A'],
    ['referenceCode', 87, 94, 'A'],
  ],
};

export const BATCH_HEADER: Layout = {
  type: '5',
  name: 'batch header',
  fields: [
    ['serviceClassCode', 2, 4, 'N'],
    ['companyName', 5, 20, 'A'],
    ['companyDiscretionaryData', 21, 40, 'A'],
    ['companyIdentification', 41, 50, 'A'],
    ['standardEntryClassCode', 51, 53, 'A'],
    ['companyEntryDescription', 54, 63, 'A'],
    ['companyDescriptiveDate', 64, 69, 'A'],
    ['effectiveEntryDate', 70, 75, 'N'],
    ['settlementDate', 76, 78, 'A'],
    ['originatorStatusCode', 79, 79, 'A'],
    ['originatingDfiIdentification', 80, 87, 'N'],
    ['batchNumber', 88, 94, 'N'],
  ],
};

/** The entry detail of PPD, CCD, WEB, TEL and most other SEC codes (CTX and IAT lay out positions 40–78 otherwise). */
export const ENTRY_DETAIL: Layout = {
  type: '6',
  name: 'entry detail',
  fields: [
    ['transactionCode', 2, 3, 'N'],
    ['receivingDfiIdentification', 4, 11, 'N'],
    ['checkDigit', 12, 12, 'N'],
    ['dfiAccountNumber', 13, 29, 'A'],
    ['amount', 30, 39, 'N'],
    ['identificationNumber', 40, 54, 'A'],
    ['name', 55, 76, 'A'],
    ['discretionaryData', 77, 78, 'A'],
    ['addendaRecordIndicator', 79, 79, 'N'],
    ['traceNumber', 80, 94, 'N'],
  ],
};

/** Addenda type 05: payment related information. */
export const ADDENDA_05: Layout = {
  type: '7',
  name: 'addenda (05)',
  fields: [
    ['addendaTypeCode', 2, 3, 'N'],
    ['paymentRelatedInformation', 4, 83, 'A'],
    ['addendaSequenceNumber', 84, 87, 'N'],
    ['entryDetailSequenceNumber', 88, 94, 'N'],
  ],
};

/** Addenda type 98: notification of change. */
export const ADDENDA_98: Layout = {
  type: '7',
  name: 'addenda (98, notification of change)',
  fields: [
    ['addendaTypeCode', 2, 3, 'N'],
    ['changeCode', 4, 6, 'A'],
    ['originalEntryTraceNumber', 7, 21, 'N'],
    ['reserved', 22, 27, 'A'],
    ['originalReceivingDfiIdentification', 28, 35, 'N'],
    ['correctedData', 36, 64, 'A'],
    ['reserved2', 65, 79, 'A'],
    ['traceNumber', 80, 94, 'N'],
  ],
};

/** Addenda type 99: return. */
export const ADDENDA_99: Layout = {
  type: '7',
  name: 'addenda (99, return)',
  fields: [
    ['addendaTypeCode', 2, 3, 'N'],
    ['returnReasonCode', 4, 6, 'A'],
    ['originalEntryTraceNumber', 7, 21, 'N'],
    ['dateOfDeath', 22, 27, 'A'],
    ['originalReceivingDfiIdentification', 28, 35, 'N'],
    ['addendaInformation', 36, 79, 'A'],
    ['traceNumber', 80, 94, 'N'],
  ],
};

export const BATCH_CONTROL: Layout = {
  type: '8',
  name: 'batch control',
  fields: [
    ['serviceClassCode', 2, 4, 'N'],
    ['entryAddendaCount', 5, 10, 'N'],
    ['entryHash', 11, 20, 'N'],
    ['totalDebit', 21, 32, 'N'],
    ['totalCredit', 33, 44, 'N'],
    ['companyIdentification', 45, 54, 'A'],
    ['messageAuthenticationCode', 55, 73, 'A'],
    ['reserved', 74, 79, 'A'],
    ['originatingDfiIdentification', 80, 87, 'N'],
    ['batchNumber', 88, 94, 'N'],
  ],
};

export const FILE_CONTROL: Layout = {
  type: '9',
  name: 'file control',
  fields: [
    ['batchCount', 2, 7, 'N'],
    ['blockCount', 8, 13, 'N'],
    ['entryAddendaCount', 14, 21, 'N'],
    ['entryHash', 22, 31, 'N'],
    ['totalDebit', 32, 43, 'N'],
    ['totalCredit', 44, 55, 'N'],
    ['reserved', 56, 94, 'A'],
  ],
};

/** Reads a record's fields: alphanumerics without trailing spaces, numerics as written. */
export function readFields(record: string, layout: Layout): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, start, end, kind] of layout.fields) {
    const raw = record.slice(start - 1, end);
    out[name] = kind === 'A' ? raw.trimEnd() : raw;
  }
  return out;
}

/**
 * Writes a record: each field padded to its width (numerics with leading zeros, alphanumerics with trailing spaces).
 * Values longer than their field are a programming error here: the writer checks its input first.
 */
export function writeRecord(layout: Layout, values: Readonly<Record<string, string>>): string {
  let record = layout.type;
  for (const [name, start, end, kind] of layout.fields) {
    const width = end - start + 1;
    const value = values[name] ?? '';
    if (value.length > width) throw new RangeError(`${layout.name} ${name}: ${JSON.stringify(value)} is longer than ${width}`);
    record += kind === 'N' ? value.padStart(width, '0') : value.padEnd(width, ' ');
  }
  return record;
}

/** The padding record that fills the last block: 94 nines. */
export const PADDING_RECORD = '9'.repeat(RECORD_LENGTH);

// What the second digit of a transaction code means.
const PURPOSES: Readonly<Record<string, string>> = {
  '1': 'return or notification of change',
  '2': 'live',
  '3': 'prenotification',
  '4': 'zero dollar with remittance',
  '5': 'reversal',
  '6': 'return or notification of change',
  '7': 'live',
  '8': 'prenotification',
  '9': 'zero dollar with remittance',
};

/**
 * Transaction codes (NACHA Appendix Three, field 2 of the entry detail): the second digit says credit (1 to 4: return or
 * NOC, live, prenote, zero-dollar) or debit (5 to 9, as 55 loan reversal and 6 to 9 likewise); the first names the
 * account (2 checking, 3 savings, 4 general ledger, 5 loan).
 */
export const TRANSACTION_CODES: Readonly<Record<string, { readonly kind: 'credit' | 'debit'; readonly account: string; readonly purpose: string }>> =
  Object.fromEntries(
    [
      ['2', 'checking', '1234', '6789'],
      ['3', 'savings', '1234', '6789'],
      ['4', 'general ledger', '1234', '6789'],
      ['5', 'loan', '1234', '56'],
    ].flatMap(([first, account, credits, debits]) => [
      ...[...credits].map((d) => [`${first}${d}`, { kind: 'credit' as const, account, purpose: PURPOSES[d] }]),
      ...[...debits].map((d) => [`${first}${d}`, { kind: 'debit' as const, account, purpose: PURPOSES[d] }]),
    ]),
  );
