import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { refusalOf } from '../testing/errors';
import { NACHA_EXPECTED, expectedNachaParse, paymentsPath, paymentsText } from '../testing/corpus';
import { NachaReader, readNacha } from './read';
import { ADDENDA_99, BATCH_CONTROL, BATCH_HEADER, ENTRY_DETAIL, FILE_CONTROL, FILE_HEADER, PADDING_RECORD, writeRecord } from './records';
import { nachaSummary } from './summary';

const lines = (file: string) => paymentsText(`nacha-moov/${file}`).split('\n');
/** `text` with positions start..end (1-based, inclusive) of record `index` (0-based) replaced by `value`. */
function patch(records: string[], index: number, start: number, end: number, value: string): string[] {
  const copy = [...records];
  copy[index] = copy[index].slice(0, start - 1) + value + copy[index].slice(end);
  expect(copy[index]).toHaveLength(94);
  return copy;
}
const problemsOf = (records: string[]) => readNacha(records.join('\n')).problems.map((p) => p.message);

describe('the NACHA files of the corpus (moov-io/ach)', () => {
  it.each(NACHA_EXPECTED)('$file: $secCode, $entryCount entries, debit $totalDebit, credit $totalCredit, control totals agreeing', (expected) => {
    const summary = nachaSummary(readNacha(paymentsText(`nacha-moov/${expected.file}`)));
    expect(summary).toEqual(expectedNachaParse(expected));
  });

  it('reads the notification of change in cor-read.ach: code C01 (account number), the corrected account and the original trace', () => {
    const file = readNacha(paymentsText('nacha-moov/cor-read.ach'));
    const [entry] = file.batches[0].entries;
    expect([entry.transactionCode, entry.kind, entry.amount, entry.accountNumber, entry.traceNumber]).toEqual([
      '21',
      'credit',
      '0.00',
      '744-5678-99',
      '121042880000001',
    ]);
    expect(entry.notificationOfChange).toEqual({
      record: 4,
      changeCode: 'C01',
      originalEntryTraceNumber: '121042880000001',
      originalReceivingDfi: '12104288',
      correctedData: '1918171614',
      traceNumber: '091012980000088',
    });
  });

  it('reads the WEB entry’s payment type and its addenda 05 text', () => {
    const [entry] = readNacha(paymentsText('nacha-moov/web-credit.ach')).batches[0].entries;
    expect([entry.name, entry.identificationNumber, entry.discretionaryData, entry.paymentRelatedInformation]).toEqual([
      'John Doe',
      '#789654',
      'S',
      ['PAY-GATE payment\\'],
    ]);
  });

  it('reads both CCD debits, the payment and its fee, with the routing number split as written', () => {
    const file = readNacha(paymentsText('nacha-moov/ccd-debit.ach'));
    expect(file.batches[0].entries.map((e) => [e.receivingDfi, e.checkDigit, e.amount, e.identificationNumber, e.name])).toEqual([
      ['23138010', '4', '5000.00', 'location1234567', 'Best Co. #123456789012'],
      ['23138010', '4', '1.25', 'Fee123456789012', 'Best Co. #123456789012'],
    ]);
    expect(file.batches[0].header).toMatchObject({ serviceClassCode: '225', companyIdentification: '231380104', secCode: 'CCD', effectiveEntryDate: '190816' });
  });

  it('reads the same with CRLF line ends, and with records run together without line breaks', () => {
    const text = paymentsText('nacha-moov/ccd-debit.ach');
    const expected = nachaSummary(readNacha(text));
    expect(nachaSummary(readNacha(text.replace(/\n/g, '\r\n')))).toEqual(expected);
    expect(nachaSummary(readNacha(text.replace(/\n/g, '')))).toEqual(expected);
  });

  it('reads a file pushed in chunks cut anywhere as it reads it whole', () => {
    const text = paymentsText('nacha-moov/web-credit.ach');
    const whole = readNacha(text);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 12 }), (cuts) => {
        const reader = new NachaReader();
        let from = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          reader.push(text.slice(from, cut));
          from = cut;
        }
        reader.push(text.slice(from));
        expect(reader.end()).toEqual(whole);
      }),
    );
  });
});

describe('the 200-batch PPD file (gzipped, 100,199 entries)', () => {
  const text = gunzipSync(readFileSync(paymentsPath('nacha-moov/PPD-200-batches-100000-entries.ach.gz'))).toString('utf8');

  it('adds up to its file control record: 200 batches, 100,199 entries, credits 201233987.66, no problems', () => {
    const started = process.hrtime.bigint();
    const file = readNacha(text);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect([file.batches.length, file.entryCount, file.totalDebit, file.totalCredit, file.problems]).toEqual([200, 100_199, '0.00', '201233987.66', []]);
    expect(file.control).toMatchObject({ batchCount: '000200', blockCount: '010061', entryAddendaCount: '00100199', entryHash: '8405463990' });
    expect(file.control?.totalCreditCents).toBe(20_123_398_766n);
    // One pass over 100,610 records: about half a second on a development machine; a generous bound against regressions.
    expect(ms).toBeLessThan(15_000);
  });

  it('gives the same counts and totals without keeping the entries (constant memory)', () => {
    const reader = new NachaReader({ keepEntries: false });
    for (let i = 0; i < text.length; i += 65_536) reader.push(text.slice(i, i + 65_536));
    const lean = reader.end();
    expect(lean.batches.every((b) => b.entries.length === 0)).toBe(true);
    expect(nachaSummary(lean)).toEqual(nachaSummary(readNacha(text)));
  });
});

describe('rules a file breaks are problems, and the file is still read', () => {
  const ppd = lines('ppd-debit.ach');

  it('a batch control whose totals, count and hash differ from the entries', () => {
    const broken = patch(patch(patch(ppd, 3, 5, 10, '000002'), 3, 11, 20, '0023138011'), 3, 21, 32, '000020000000');
    expect(problemsOf(broken)).toEqual([
      'batch 1 control (record 4): entry/addenda count 000002, but the batch has 1 entry and addenda records',
      "batch 1 control (record 4): entry hash 0023138011, but its entries' receiving DFI identifications add up to 0023138010",
      'batch 1 control (record 4): total debit 200000.00, but its debit entries add up to 2000000.00',
    ]);
    expect(nachaSummary(readNacha(broken.join('\n'))).totalDebit).toBe('2000000.00');
  });

  it('a batch control that names another company, bank or batch than its header', () => {
    expect(problemsOf(patch(ppd, 3, 88, 94, '0000002'))).toEqual([
      'batch 1 control (record 4): batch number "0000002", but the batch header (record 2) says "0000001"',
    ]);
  });

  it('a file control whose counts, hash and totals differ', () => {
    const broken = patch(patch(patch(ppd, 4, 2, 7, '000002'), 4, 8, 13, '000002'), 4, 44, 55, '000000000001');
    expect(problemsOf(broken)).toEqual([
      'file control (record 5): batch count 000002, but the file has 1 batch(es)',
      'file control (record 5): block count 000002, but the file has 10 records: 1 block(s) of 10',
      'file control (record 5): total credit 0.01, but its credit entries add up to 0.00',
    ]);
  });

  it('a file without its control record, not padded to a block of 10', () => {
    expect(problemsOf(ppd.slice(0, 4))).toEqual([
      'file: the file has no control record',
      'file: 4 records is not a whole number of blocks of 10 (the file is not padded with 9s)',
    ]);
  });

  it('lines whose trailing spaces an editor cut: read as if padded, with one note', () => {
    const trimmed = ppd.map((l) => l.trimEnd());
    expect(readNacha(trimmed.join('\n')).batches).toEqual(readNacha(ppd.join('\n')).batches);
    expect(problemsOf(trimmed)).toEqual(['file: 1 record(s) shorter than 94 characters, the first at line 5 (read as if padded with spaces)']);
  });

  it('a debit in a credits-only batch, trace numbers out of order, an addenda indicator without addenda', () => {
    const credit = lines('ppd-credit.ach');
    const entry = credit[2];
    const records = [credit[0], credit[1], entry, entry.slice(0, 1) + '27' + entry.slice(3, 78) + '1' + entry.slice(79), ...credit.slice(3)];
    expect(problemsOf(records)).toEqual([
      'batch 1 record 4: service class 220 allows no debit entries',
      'batch 1 record 4: trace number 121042880000002 is not above the previous 121042880000002 (they ascend within a batch)',
      'batch 1 record 4: addenda record indicator 1, but 0 addenda record(s) follow',
      'batch 1 control (record 5): entry/addenda count 000001, but the batch has 2 entry and addenda records',
      "batch 1 control (record 5): entry hash 0023138010, but its entries' receiving DFI identifications add up to 0046276020",
      'batch 1 control (record 5): total debit 0.00, but its debit entries add up to 1000000.00',
      'file control (record 6): block count 000001, but the file has 11 records: 2 block(s) of 10',
      'file control (record 6): entry/addenda count 00000001, but the file has 2 entry and addenda records',
      "file control (record 6): entry hash 0023138010, but its batches' entry hashes add up to 0046276020",
      'file control (record 6): total debit 0.00, but its debit entries add up to 1000000.00',
      'file: 11 records is not a whole number of blocks of 10 (the file is not padded with 9s)',
    ]);
  });
});

describe('returns', () => {
  it('read the return reason and the original entry’s trace number from addenda 99', () => {
    const records = [
      writeRecord(FILE_HEADER, {
        priorityCode: '01',
        immediateDestination: ' 121042882',
        immediateOrigin: ' 231380104',
        fileCreationDate: '260512',
        recordSize: '94',
        blockingFactor: '10',
        formatCode: '1',
      }),
      writeRecord(BATCH_HEADER, {
        serviceClassCode: '200',
        companyName: 'SPRINGFIELD PWR',
        companyIdentification: '1234567890',
        standardEntryClassCode: 'PPD',
        companyEntryDescription: 'UTILITY',
        effectiveEntryDate: '260512',
        originatorStatusCode: '1',
        originatingDfiIdentification: '23138010',
        batchNumber: '1',
      }),
      writeRecord(ENTRY_DETAIL, {
        transactionCode: '26',
        receivingDfiIdentification: '12104288',
        checkDigit: '2',
        dfiAccountNumber: '000123456',
        amount: '8420',
        identificationNumber: 'ACCT-10042',
        name: 'ADA LOVELACE',
        addendaRecordIndicator: '1',
        traceNumber: '231380100000007',
      }),
      writeRecord(ADDENDA_99, {
        addendaTypeCode: '99',
        returnReasonCode: 'R01',
        originalEntryTraceNumber: '121042880000042',
        originalReceivingDfiIdentification: '12104288',
        addendaInformation: 'INSUFFICIENT FUNDS',
        traceNumber: '231380100000007',
      }),
      writeRecord(BATCH_CONTROL, {
        serviceClassCode: '200',
        entryAddendaCount: '2',
        entryHash: '12104288',
        totalDebit: '8420',
        totalCredit: '0',
        companyIdentification: '1234567890',
        originatingDfiIdentification: '23138010',
        batchNumber: '1',
      }),
      writeRecord(FILE_CONTROL, { batchCount: '1', blockCount: '1', entryAddendaCount: '2', entryHash: '12104288', totalDebit: '8420', totalCredit: '0' }),
      ...Array(4).fill(PADDING_RECORD),
    ];
    const file = readNacha(records.join('\n'));
    expect(file.problems).toEqual([]);
    expect(file.batches[0].entries[0]).toMatchObject({
      kind: 'debit',
      amount: '84.20',
      identificationNumber: 'ACCT-10042',
      return: {
        returnReasonCode: 'R01',
        originalEntryTraceNumber: '121042880000042',
        originalReceivingDfi: '12104288',
        addendaInformation: 'INSUFFICIENT FUNDS',
      },
    });
  });
});

describe('a file that cannot be read', () => {
  const ppd = lines('ppd-debit.ach');
  it.each([
    ['not NACHA', '<?xml version="1.0"?><Document/>', 'not a NACHA file: the first record must be a file header starting "101", found "<?xml vers"'],
    ['empty', '', 'not a NACHA file: the first record must be a file header starting "101", found ""'],
    ['a record of an unknown type', [ppd[0], '4'.repeat(94)].join('\n'), 'record 2: "4" is not a NACHA record type (1, 5, 6, 7, 8 or 9)'],
    ['an entry outside a batch', [ppd[0], ppd[2]].join('\n'), 'record 2: an entry detail record comes outside a batch (no batch header before it)'],
    ['an addenda with no entry', [ppd[0], ppd[1], lines('web-credit.ach')[3]].join('\n'), 'record 3: an addenda record has no entry detail record before it'],
    ['an amount that is not digits', patch(ppd, 2, 30, 39, '00002000.0').join('\n'), 'record 3: amount must be digits, found "00002000.0"'],
    ['a record after the file control', [...ppd.slice(0, 5), ppd[1]].join('\n'), 'record 6: a batch header comes after the file control record'],
    ['a second file header', [ppd[0], ppd[0]].join('\n'), 'record 2: a file header comes after the first one (concatenated files are not read)'],
    ['a line of 100 characters', [ppd[0], `${ppd[1]}123456`].join('\n'), 'line 2: a record is 94 characters, this line has 100'],
  ])('%s', (_what, text, message) => {
    expect(refusalOf(() => readNacha(text))).toBe(message);
  });
});
