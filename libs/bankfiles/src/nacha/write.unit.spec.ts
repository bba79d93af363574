import fc from 'fast-check';
import { centsToMajor } from '../decimal';
import { fieldErrorsOf } from '../testing/errors';
import { SAMPLE_PPD_FILE } from '../testing/documents';
import { readNacha } from './read';
import { nachaSummary } from './summary';
import { writeNachaPpdDebits, type PpdDebitFile } from './write';

const errorsOf = (input: unknown) => fieldErrorsOf(() => writeNachaPpdDebits(input));
const file = (overrides: Partial<PpdDebitFile> = {}): PpdDebitFile => ({ ...SAMPLE_PPD_FILE, ...overrides });

describe('a NACHA file of PPD debit batches', () => {
  const text = writeNachaPpdDebits(file());
  const records = text.trimEnd().split('\n');

  it('is made of 94-character records in whole blocks of 10, padded with 9s', () => {
    expect(records.every((r) => r.length === 94)).toBe(true);
    expect(records).toHaveLength(10);
    expect(records.slice(7)).toEqual(Array(3).fill('9'.repeat(94)));
  });

  it('writes each field at its NACHA position', () => {
    expect(records.slice(0, 7)).toEqual([
      '101 231380104 1210428822605081505A094101Federal Reserve Bank   Springfield Bank               ',
      '5225SPRINGFIELD PWR                     1234567890PPDUTILITY         260511   1121042880000001',
      '627231380104000123456        0000008420ACCT-10042     ADA LOVELACE            0121042880000001',
      '6371210428829876543210       0000012000ACCT-10043     CHARLES BABBAGE         1121042880000002',
      '705INVOICE 2026-0415                                                               00010000002',
      '822500000300352422980000000204200000000000001234567890                         121042880000001',
      '9000001000001000000030035242298000000020420000000000000                                       ',
    ]);
  });

  it('reads back with no problems: the batch, its entries, their trace numbers and the addenda', () => {
    const read = readNacha(text);
    expect(read.problems).toEqual([]);
    expect(nachaSummary(read)).toEqual({
      format: 'nacha',
      batches: [{ secCode: 'PPD', entryCount: 2, totalDebit: '204.20', totalCredit: '0.00' }],
      totalDebit: '204.20',
      totalCredit: '0.00',
      problems: [],
    });
    expect(
      read.batches[0].entries.map((e) => [
        e.transactionCode,
        e.receivingDfi + e.checkDigit,
        e.accountNumber,
        e.amount,
        e.identificationNumber,
        e.name,
        e.traceNumber,
      ]),
    ).toEqual([
      ['27', '231380104', '000123456', '84.20', 'ACCT-10042', 'ADA LOVELACE', '121042880000001'],
      ['37', '121042882', '9876543210', '120.00', 'ACCT-10043', 'CHARLES BABBAGE', '121042880000002'],
    ]);
    expect(read.batches[0].entries[1].paymentRelatedInformation).toEqual(['INVOICE 2026-0415']);
  });

  it('numbers batches from 1 and keeps trace numbers unique through the file', () => {
    const two = file();
    const read = readNacha(writeNachaPpdDebits({ ...two, batches: [two.batches[0], { ...two.batches[0], originatingDfi: '23138010' }] }));
    expect(read.problems).toEqual([]);
    expect(read.batches.map((b) => b.header.batchNumber)).toEqual(['0000001', '0000002']);
    expect(read.batches.flatMap((b) => b.entries.map((e) => e.traceNumber))).toEqual([
      '121042880000001',
      '121042880000002',
      '231380100000003',
      '231380100000004',
    ]);
  });

  it("continues an originator's trace sequence from firstTraceSequence, so returns name one entry across files", () => {
    const read = readNacha(writeNachaPpdDebits(file({ firstTraceSequence: 4_200 })));
    expect(read.problems).toEqual([]);
    expect(read.batches[0].entries.map((e) => e.traceNumber)).toEqual(['121042880004200', '121042880004201']);
    expect(errorsOf(file({ firstTraceSequence: 9_999_999 }))).toEqual(['firstTraceSequence: leaves no room for 2 trace numbers (the sequence has 7 digits)']);
  });

  it('round-trips any batches of debits: read back with no problems, the same amounts and accounts', () => {
    const routing = fc.constantFrom('231380104', '121042882', '011000015', '026009593');
    const entry = fc.record({
      routingNumber: routing,
      accountNumber: fc.stringMatching(/^[0-9A-Z]{1,17}$/),
      accountType: fc.constantFrom('checking' as const, 'savings' as const),
      amount: fc.bigInt({ min: 1n, max: 9_999_999_999n }).map(centsToMajor),
      individualName: fc.stringMatching(/^[A-Z][A-Z ]{0,20}[A-Z]$/),
    });
    const batch = fc.record({
      companyName: fc.constant('SPRINGFIELD PWR'),
      companyIdentification: fc.constant('1234567890'),
      companyEntryDescription: fc.constant('UTILITY'),
      effectiveEntryDate: fc.constant('2026-05-11'),
      originatingDfi: fc.constantFrom('12104288', '23138010'),
      entries: fc.array(entry, { minLength: 1, maxLength: 30 }),
    });
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 4 }), (batches) => {
        const read = readNacha(writeNachaPpdDebits({ ...file(), batches }));
        expect(read.problems).toEqual([]);
        expect(read.recordCount % 10).toBe(0);
        expect(read.batches.map((b) => b.entries.map((e) => [e.receivingDfi + e.checkDigit, e.accountNumber, e.amount, e.name]))).toEqual(
          batches.map((b) => b.entries.map((e) => [e.routingNumber, e.accountNumber, e.amount, e.individualName])),
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('PPD input that is not valid', () => {
  it('is refused naming each bad field', () => {
    const input = file();
    const entry = input.batches[0].entries[0];
    expect(
      errorsOf({
        ...input,
        immediateDestination: '231380105',
        batches: [
          { ...input.batches[0], companyName: 'SPRINGFIELD POWER AND LIGHT', entries: [{ ...entry, amount: '84.205', accountType: 'loan', memo: 'x' }] },
        ],
      }),
    ).toEqual([
      'immediateDestination: not an ABA routing number (9 digits with the right check digit)',
      'batches[0].companyName: must be at most 16 characters',
      'batches[0].entries[0].memo: is not a field of this input',
      'batches[0].entries[0].accountType: must be one of checking, savings',
      'batches[0].entries[0].amount: must be a decimal string with at most two decimals, such as "84.20"',
    ]);
  });

  it('is refused for a zero amount and an effective date before the file’s creation', () => {
    const input = file();
    expect(
      errorsOf({
        ...input,
        batches: [{ ...input.batches[0], effectiveEntryDate: '2026-05-07', entries: [{ ...input.batches[0].entries[0], amount: '0.00' }] }],
      }),
    ).toEqual(['batches[0].effectiveEntryDate: is before the file creation date 2026-05-08', 'batches[0].entries[0].amount: must be more than 0']);
  });
});
