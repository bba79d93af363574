/**
 * Reads NACHA ACH files record by record: text goes in by chunks of any size ({@link NachaReader.push}), so a file is
 * read in one pass without being held whole (the 100,000-entry sample is gunzipped and read as a stream by the CLI).
 * Records are 94 characters, one a line (LF or CRLF) or run together without line breaks.
 *
 * What cannot be read throws {@link BankFileError}: a first record that is not a file header, a record type NACHA does
 * not have, an entry, addenda or batch control outside a batch, a record after the file control, digits that are not
 * digits in an amount, code or count. Everything else that breaks a rule is a {@link Problem}, and the file is read.
 */
import { centsToMajor } from '../decimal';
import { BankFileError, MESSAGES, problem, type Problem } from '../errors';
import type { NachaBatch, NachaBatchControl, NachaBatchHeader, NachaEntry, NachaFile, NachaFileControl, NachaFileHeader } from './model';
import {
  ADDENDA_05,
  ADDENDA_98,
  ADDENDA_99,
  BATCH_CONTROL,
  BATCH_HEADER,
  BLOCKING_FACTOR,
  ENTRY_DETAIL,
  FILE_CONTROL,
  FILE_HEADER,
  PADDING_RECORD,
  RECORD_LENGTH,
  TRANSACTION_CODES,
  readFields,
} from './records';

/** How a reader keeps what it reads. */
export interface NachaReadOptions {
  /** Keep every entry in its batch (default). False keeps only counts and totals: constant memory for huge files. */
  readonly keepEntries?: boolean;
}

const HASH_MODULUS = 10_000_000_000n;
const DIGITS = /^\d+$/;

/** The entry hash as NACHA writes it: the sum's last 10 digits, zero-padded. */
export const entryHashOf = (sum: bigint) => (sum % HASH_MODULUS).toString().padStart(10, '0');

interface OpenBatch {
  header: NachaBatchHeader;
  entries: NachaEntry[];
  entryCount: number;
  addendaCount: number;
  debit: bigint;
  credit: bigint;
  hash: bigint;
  lastTrace: string | null;
  serviceClassWarned: boolean;
}

interface MutableEntry extends Omit<NachaEntry, 'paymentRelatedInformation' | 'return' | 'notificationOfChange' | 'addendaCount'> {
  paymentRelatedInformation: string[];
  return: NachaEntry['return'];
  notificationOfChange: NachaEntry['notificationOfChange'];
  addendaCount: number;
}

/** Reads one NACHA file pushed to it in chunks. */
export class NachaReader {
  private readonly keepEntries: boolean;
  private pending = '';
  private line = 0;
  private recordNumber = 0;
  private shortRecords = 0;
  private firstShortLine = 0;
  private header: NachaFileHeader | null = null;
  private control: NachaFileControl | null = null;
  private readonly batches: NachaBatch[] = [];
  private open: OpenBatch | null = null;
  private entry: MutableEntry | null = null;
  private readonly problems: Problem[] = [];

  /** @param options see {@link NachaReadOptions} */
  constructor(options: NachaReadOptions = {}) {
    this.keepEntries = options.keepEntries ?? true;
  }

  /** Reads whatever whole lines `chunk` completes. */
  push(chunk: string): void {
    const text = this.pending + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      this.physicalLine(text.slice(start, nl));
      start = nl + 1;
    }
    this.pending = text.slice(start);
  }

  /** Reads the last line and checks the file as a whole. */
  end(): NachaFile {
    if (this.pending !== '') this.physicalLine(this.pending);
    this.pending = '';
    if (!this.header) throw new BankFileError('bad-record', 'line 1', MESSAGES.notNacha(''));
    this.closeEntry();
    if (this.open) {
      this.problems.push(problem('missing-control', `batch ${this.batches.length + 1}`, MESSAGES.missingControl('the batch')));
      this.closeBatch(null);
    }
    const totalDebitCents = this.batches.reduce((t, b) => t + b.totalDebitCents, 0n);
    const totalCreditCents = this.batches.reduce((t, b) => t + b.totalCreditCents, 0n);
    if (this.control) this.checkFileControl(this.control, totalDebitCents, totalCreditCents);
    else this.problems.push(problem('missing-control', 'file', MESSAGES.missingControl('the file')));
    if (this.recordNumber % BLOCKING_FACTOR !== 0) this.problems.push(problem('blocking', 'file', MESSAGES.notBlocked(this.recordNumber)));
    if (this.shortRecords > 0) {
      this.problems.push(problem('record-length', 'file', MESSAGES.shortRecords(this.shortRecords, this.firstShortLine)));
    }
    return {
      header: this.header,
      batches: this.batches,
      control: this.control,
      totalDebitCents,
      totalCreditCents,
      totalDebit: centsToMajor(totalDebitCents),
      totalCredit: centsToMajor(totalCreditCents),
      entryCount: this.batches.reduce((n, b) => n + b.entryCount, 0),
      recordCount: this.recordNumber,
      problems: this.problems,
    };
  }

  private physicalLine(raw: string): void {
    this.line += 1;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    if (text.length > RECORD_LENGTH) {
      if (text.length % RECORD_LENGTH !== 0) throw new BankFileError('bad-record', `line ${this.line}`, MESSAGES.badLength(this.line, text.length));
      for (let i = 0; i < text.length; i += RECORD_LENGTH) this.record(text.slice(i, i + RECORD_LENGTH));
      return;
    }
    if (text.length < RECORD_LENGTH) {
      if (this.shortRecords === 0) this.firstShortLine = this.line;
      this.shortRecords += 1;
    }
    this.record(text.padEnd(RECORD_LENGTH, ' '));
  }

  private record(text: string): void {
    this.recordNumber += 1;
    const type = text[0];
    if (!this.header) {
      if (!text.startsWith('101')) throw new BankFileError('bad-record', `record ${this.recordNumber}`, MESSAGES.notNacha(text.slice(0, 10)));
      this.header = this.fileHeader(text);
      return;
    }
    if (this.control) {
      if (text === PADDING_RECORD) return;
      throw this.outOfOrder(text, 'comes after the file control record');
    }
    if (type !== '7') this.closeEntry();
    switch (type) {
      case '5':
        return this.batchHeader(text);
      case '6':
        return this.entryDetail(text);
      case '7':
        return this.addenda(text);
      case '8':
        return this.batchControl(text);
      case '9':
        return this.fileControl(text);
      case '1':
        throw this.outOfOrder(text, 'comes after the first one (concatenated files are not read)');
      default:
        throw new BankFileError('bad-record', `record ${this.recordNumber}`, MESSAGES.unknownRecord(this.recordNumber, type));
    }
  }

  private outOfOrder(text: string, context: string): BankFileError {
    const names: Record<string, string> = {
      '1': 'a file header',
      '5': 'a batch header',
      '6': 'an entry detail record',
      '7': 'an addenda record',
      '8': 'a batch control record',
      '9': 'a file control record',
    };
    return new BankFileError('out-of-order', `record ${this.recordNumber}`, MESSAGES.outOfOrder(this.recordNumber, names[text[0]] ?? 'a record', context));
  }

  private digits(value: string, field: string): string {
    if (!DIGITS.test(value)) throw new BankFileError('bad-record', `record ${this.recordNumber}`, MESSAGES.notNumeric(this.recordNumber, field, value));
    return value;
  }

  private fileHeader(text: string): NachaFileHeader {
    const f = readFields(text, FILE_HEADER);
    return {
      record: this.recordNumber,
      immediateDestination: f.immediateDestination.trim(),
      immediateOrigin: f.immediateOrigin.trim(),
      fileCreationDate: f.fileCreationDate,
      fileCreationTime: f.fileCreationTime.trim(),
      fileIdModifier: f.fileIdModifier,
      immediateDestinationName: f.immediateDestinationName,
      immediateOriginName: f.immediateOriginName,
      referenceCode: f.referenceCode,
    };
  }

  private batchHeader(text: string): void {
    if (this.open) {
      this.problems.push(problem('missing-control', `batch ${this.batches.length + 1}`, MESSAGES.missingControl('the batch')));
      this.closeBatch(null);
    }
    const f = readFields(text, BATCH_HEADER);
    const header: NachaBatchHeader = {
      record: this.recordNumber,
      serviceClassCode: f.serviceClassCode,
      companyName: f.companyName,
      companyDiscretionaryData: f.companyDiscretionaryData,
      companyIdentification: f.companyIdentification,
      secCode: f.standardEntryClassCode,
      companyEntryDescription: f.companyEntryDescription,
      companyDescriptiveDate: f.companyDescriptiveDate,
      effectiveEntryDate: f.effectiveEntryDate,
      settlementDate: f.settlementDate,
      originatorStatusCode: f.originatorStatusCode,
      originatingDfi: f.originatingDfiIdentification,
      batchNumber: f.batchNumber,
    };
    this.open = { header, entries: [], entryCount: 0, addendaCount: 0, debit: 0n, credit: 0n, hash: 0n, lastTrace: null, serviceClassWarned: false };
  }

  private where(): string {
    return `batch ${this.batches.length + 1} record ${this.recordNumber}`;
  }

  private entryDetail(text: string): void {
    const batch = this.open;
    if (!batch) throw this.outOfOrder(text, 'comes outside a batch (no batch header before it)');
    const f = readFields(text, ENTRY_DETAIL);
    const code = this.digits(f.transactionCode, 'transaction code');
    const cents = BigInt(this.digits(f.amount, 'amount'));
    const rdfi = this.digits(f.receivingDfiIdentification, 'receiving DFI identification');
    const trace = this.digits(f.traceNumber, 'trace number');
    const known = TRANSACTION_CODES[code];
    if (!known) this.problems.push(problem('transaction-code', this.where(), MESSAGES.transactionCode(code)));
    const kind = known?.kind ?? null;
    if (kind === 'debit') batch.debit += cents;
    if (kind === 'credit') batch.credit += cents;
    const forbidden = (batch.header.serviceClassCode === '220' && kind === 'debit') || (batch.header.serviceClassCode === '225' && kind === 'credit');
    if (forbidden && !batch.serviceClassWarned) {
      batch.serviceClassWarned = true;
      this.problems.push(problem('service-class', this.where(), MESSAGES.serviceClass(batch.header.serviceClassCode, kind)));
    }
    if (batch.lastTrace !== null && trace <= batch.lastTrace)
      this.problems.push(problem('trace-order', this.where(), MESSAGES.traceOrder(trace, batch.lastTrace)));
    batch.lastTrace = trace;
    batch.hash += BigInt(rdfi);
    batch.entryCount += 1;
    this.entry = {
      record: this.recordNumber,
      transactionCode: code,
      kind,
      prenote: code.endsWith('3') || code.endsWith('8'),
      receivingDfi: rdfi,
      checkDigit: f.checkDigit,
      accountNumber: f.dfiAccountNumber.trim(),
      amountCents: cents,
      amount: centsToMajor(cents),
      identificationNumber: f.identificationNumber.trim(),
      name: f.name.trim(),
      discretionaryData: f.discretionaryData.trim(),
      addendaIndicator: f.addendaRecordIndicator,
      traceNumber: trace,
      paymentRelatedInformation: [],
      return: null,
      notificationOfChange: null,
      addendaCount: 0,
    };
  }

  private addenda(text: string): void {
    const entry = this.entry;
    if (!entry || !this.open) throw this.outOfOrder(text, 'has no entry detail record before it');
    entry.addendaCount += 1;
    this.open.addendaCount += 1;
    const type = text.slice(1, 3);
    if (type === '99') {
      const f = readFields(text, ADDENDA_99);
      entry.return = {
        record: this.recordNumber,
        returnReasonCode: f.returnReasonCode,
        originalEntryTraceNumber: f.originalEntryTraceNumber,
        dateOfDeath: f.dateOfDeath.trim(),
        originalReceivingDfi: f.originalReceivingDfiIdentification,
        addendaInformation: f.addendaInformation.trim(),
        traceNumber: f.traceNumber,
      };
    } else if (type === '98') {
      const f = readFields(text, ADDENDA_98);
      entry.notificationOfChange = {
        record: this.recordNumber,
        changeCode: f.changeCode,
        originalEntryTraceNumber: f.originalEntryTraceNumber,
        originalReceivingDfi: f.originalReceivingDfiIdentification,
        correctedData: f.correctedData.trim(),
        traceNumber: f.traceNumber,
      };
    } else {
      const f = readFields(text, ADDENDA_05);
      entry.paymentRelatedInformation.push(f.paymentRelatedInformation);
      if (type === '05' && f.entryDetailSequenceNumber !== entry.traceNumber.slice(-7)) {
        this.problems.push(problem('addenda', this.where(), MESSAGES.addendaSequence(f.entryDetailSequenceNumber, entry.traceNumber)));
      }
    }
  }

  private closeEntry(): void {
    const entry = this.entry;
    if (!entry) return;
    this.entry = null;
    if ((entry.addendaIndicator === '1') !== entry.addendaCount > 0) {
      const where = `batch ${this.batches.length + 1} record ${entry.record}`;
      this.problems.push(problem('addenda', where, MESSAGES.addendaIndicator(entry.addendaIndicator, entry.addendaCount)));
    }
    if (this.keepEntries) this.open?.entries.push(entry);
  }

  private batchControl(text: string): void {
    if (!this.open) throw this.outOfOrder(text, 'comes outside a batch (no batch header before it)');
    const f = readFields(text, BATCH_CONTROL);
    this.closeBatch({
      record: this.recordNumber,
      serviceClassCode: f.serviceClassCode,
      entryAddendaCount: this.digits(f.entryAddendaCount, 'entry/addenda count'),
      entryHash: this.digits(f.entryHash, 'entry hash'),
      totalDebitCents: BigInt(this.digits(f.totalDebit, 'total debit')),
      totalCreditCents: BigInt(this.digits(f.totalCredit, 'total credit')),
      companyIdentification: f.companyIdentification,
      originatingDfi: f.originatingDfiIdentification,
      batchNumber: f.batchNumber,
    });
  }

  private closeBatch(control: NachaBatchControl | null): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    const batch: NachaBatch = {
      header: open.header,
      entries: open.entries,
      control,
      entryCount: open.entryCount,
      addendaCount: open.addendaCount,
      totalDebitCents: open.debit,
      totalCreditCents: open.credit,
      totalDebit: centsToMajor(open.debit),
      totalCredit: centsToMajor(open.credit),
      entryHash: entryHashOf(open.hash),
    };
    if (control) this.checkBatchControl(batch, control);
    this.batches.push(batch);
  }

  private mismatch(where: string, field: string, stated: string, found: string): void {
    this.problems.push(problem('control-mismatch', where, MESSAGES.controlMismatch(field, stated, found)));
  }

  private checkBatchControl(batch: NachaBatch, control: NachaBatchControl): void {
    const where = `batch ${this.batches.length + 1} control (record ${control.record})`;
    const h = batch.header;
    const records = batch.entryCount + batch.addendaCount;
    if (Number(control.entryAddendaCount) !== records) {
      this.mismatch(where, 'entry/addenda count', control.entryAddendaCount, `the batch has ${records} entry and addenda records`);
    }
    if (control.entryHash !== batch.entryHash)
      this.mismatch(where, 'entry hash', control.entryHash, `its entries' receiving DFI identifications add up to ${batch.entryHash}`);
    if (control.totalDebitCents !== batch.totalDebitCents) {
      this.mismatch(where, 'total debit', centsToMajor(control.totalDebitCents), `its debit entries add up to ${batch.totalDebit}`);
    }
    if (control.totalCreditCents !== batch.totalCreditCents) {
      this.mismatch(where, 'total credit', centsToMajor(control.totalCreditCents), `its credit entries add up to ${batch.totalCredit}`);
    }
    const same: Array<[string, string, string]> = [
      ['service class code', control.serviceClassCode, h.serviceClassCode],
      ['company identification', control.companyIdentification, h.companyIdentification],
      ['originating DFI identification', control.originatingDfi, h.originatingDfi],
      ['batch number', control.batchNumber, h.batchNumber],
    ];
    for (const [field, stated, header] of same) {
      if (stated !== header) this.mismatch(where, field, JSON.stringify(stated), `the batch header (record ${h.record}) says ${JSON.stringify(header)}`);
    }
  }

  private fileControl(text: string): void {
    if (this.open) {
      this.problems.push(problem('missing-control', `batch ${this.batches.length + 1}`, MESSAGES.missingControl('the batch')));
      this.closeBatch(null);
    }
    const f = readFields(text, FILE_CONTROL);
    this.control = {
      record: this.recordNumber,
      batchCount: this.digits(f.batchCount, 'batch count'),
      blockCount: this.digits(f.blockCount, 'block count'),
      entryAddendaCount: this.digits(f.entryAddendaCount, 'entry/addenda count'),
      entryHash: this.digits(f.entryHash, 'entry hash'),
      totalDebitCents: BigInt(this.digits(f.totalDebit, 'total debit')),
      totalCreditCents: BigInt(this.digits(f.totalCredit, 'total credit')),
    };
  }

  private checkFileControl(control: NachaFileControl, debit: bigint, credit: bigint): void {
    const where = `file control (record ${control.record})`;
    const batches = this.batches.length;
    if (Number(control.batchCount) !== batches) this.mismatch(where, 'batch count', control.batchCount, `the file has ${batches} batch(es)`);
    const blocks = Math.ceil(this.recordNumber / BLOCKING_FACTOR);
    if (Number(control.blockCount) !== blocks)
      this.mismatch(where, 'block count', control.blockCount, `the file has ${this.recordNumber} records: ${blocks} block(s) of 10`);
    const records = this.batches.reduce((n, b) => n + b.entryCount + b.addendaCount, 0);
    if (Number(control.entryAddendaCount) !== records) {
      this.mismatch(where, 'entry/addenda count', control.entryAddendaCount, `the file has ${records} entry and addenda records`);
    }
    const hash = entryHashOf(this.batches.reduce((t, b) => t + BigInt(b.entryHash), 0n));
    if (control.entryHash !== hash) this.mismatch(where, 'entry hash', control.entryHash, `its batches' entry hashes add up to ${hash}`);
    if (control.totalDebitCents !== debit)
      this.mismatch(where, 'total debit', centsToMajor(control.totalDebitCents), `its debit entries add up to ${centsToMajor(debit)}`);
    if (control.totalCreditCents !== credit) {
      this.mismatch(where, 'total credit', centsToMajor(control.totalCreditCents), `its credit entries add up to ${centsToMajor(credit)}`);
    }
  }
}

/** Reads a whole NACHA file held in memory. */
export function readNacha(text: string, options?: NachaReadOptions): NachaFile {
  const reader = new NachaReader(options);
  reader.push(text);
  return reader.end();
}
