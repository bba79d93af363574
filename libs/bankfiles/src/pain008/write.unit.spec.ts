import fc from 'fast-check';
import { fieldErrorsOf } from '../testing/errors';
import { validateXsd, xsdPath, type XsdVerdict } from '../testing/xsd';
import { parseXml, all, first, textAt } from '../xml';
import { collectionOf, readPain008 } from './read';
import type { Collection } from './schema';
import { SAMPLE_COLLECTION as COLLECTION } from '../testing/documents';
import { writePain008 } from './write';

const errorsOf = (input: unknown) => fieldErrorsOf(() => writePain008(input));

describe.each(['001.02', '001.08'] as const)('pain.008.%s of a direct-debit collection', (version) => {
  const xml = writePain008(COLLECTION, { version });
  const doc = parseXml(xml);
  const initiation = first(doc.root, 'CstmrDrctDbtInitn');
  const blocks = all(initiation, 'PmtInf');
  let verdict: XsdVerdict;
  beforeAll(() => {
    [verdict] = validateXsd([{ xsd: xsdPath(`pain.008.${version}`), xml }]);
  });

  it('is valid against the official XSD', () => {
    expect(verdict).toEqual({ valid: true, errors: [] });
    expect(doc.namespace).toBe(`urn:iso:std:iso:20022:tech:xsd:pain.008.${version}`);
  });

  it('counts and sums every transaction in the group header', () => {
    expect([textAt(initiation, 'GrpHdr', 'NbOfTxs'), textAt(initiation, 'GrpHdr', 'CtrlSum'), textAt(initiation, 'GrpHdr', 'CreDtTm')]).toEqual([
      '4',
      '261.25',
      '2026-05-02T08:00:00Z',
    ]);
  });

  it('groups transactions by collection date, then sequence type, each block with its count and control sum', () => {
    expect(
      blocks.map((b) => [
        textAt(b, 'PmtInfId'),
        textAt(b, 'ReqdColltnDt'),
        textAt(b, 'PmtTpInf', 'SeqTp'),
        textAt(b, 'NbOfTxs'),
        textAt(b, 'CtrlSum'),
        all(b, 'DrctDbtTxInf').map((t) => textAt(t, 'PmtId', 'EndToEndId')),
      ]),
    ).toEqual([
      ['UTIL-DD-2026-05-1', '2026-05-15', 'FRST', '2', '99.25', ['INV-2026-0415', 'INV-2026-0417']],
      ['UTIL-DD-2026-05-2', '2026-05-15', 'RCUR', '1', '120.00', ['INV-2026-0416']],
      ['UTIL-DD-2026-05-3', '2026-05-20', 'OOFF', '1', '42.00', ['FINAL-10045']],
    ]);
  });

  it('carries the creditor scheme id, the SEPA CORE scheme, and each mandate with its signature date', () => {
    const [block] = blocks;
    expect(textAt(block, 'CdtrSchmeId', 'Id', 'PrvtId', 'Othr', 'Id')).toBe('DE98ZZZ09999999999');
    expect(textAt(block, 'CdtrSchmeId', 'Id', 'PrvtId', 'Othr', 'SchmeNm', 'Prtry')).toBe('SEPA');
    expect([textAt(block, 'PmtTpInf', 'SvcLvl', 'Cd'), textAt(block, 'PmtTpInf', 'LclInstrm', 'Cd')]).toEqual(['SEPA', 'CORE']);
    const [tx] = all(block, 'DrctDbtTxInf');
    expect([textAt(tx, 'DrctDbtTx', 'MndtRltdInf', 'MndtId'), textAt(tx, 'DrctDbtTx', 'MndtRltdInf', 'DtOfSgntr')]).toEqual(['MNDT-10042', '2026-04-01']);
    expect([first(tx, 'InstdAmt')?.text, first(tx, 'InstdAmt')?.attributes.Ccy]).toEqual(['84.20', 'EUR']);
  });

  it(`names banks by ${version === '001.02' ? 'BIC' : 'BICFI'}, and says NOTPROVIDED for an IBAN-only debtor`, () => {
    const bicElement = version === '001.02' ? 'BIC' : 'BICFI';
    expect(textAt(blocks[0], 'CdtrAgt', 'FinInstnId', bicElement)).toBe('COBADEFFXXX');
    const rcur = all(blocks[1], 'DrctDbtTxInf')[0];
    expect(textAt(rcur, 'DbtrAgt', 'FinInstnId', 'Othr', 'Id')).toBe('NOTPROVIDED');
  });

  it('reads back as the same collection', () => {
    const back = collectionOf(readPain008(xml));
    expect(back).toEqual({
      ...COLLECTION,
      transactions: COLLECTION.transactions.map((t) => ({ ...t, amount: Number(t.amount).toFixed(2) })).sort((a, b) => order(a) - order(b)),
    });
    expect(readPain008(xml).problems).toEqual([]);
  });
});

// The order blocks put the sample's transactions in.
const order = (t: { endToEndId: string }) => ['INV-2026-0415', 'INV-2026-0417', 'INV-2026-0416', 'FINAL-10045'].indexOf(t.endToEndId);

describe('any valid collection', () => {
  const iban = fc.constantFrom('DE02120300000000202051', 'NL91ABNA0417164300', 'FR1420041010050500013M02606', 'GB29NWBK60161331926819');
  const transaction = fc.record({
    endToEndId: fc.stringMatching(/^[A-Z0-9][A-Za-z0-9-]{0,33}[A-Z0-9]$/),
    amount: fc.bigInt({ min: 1n, max: 99_999_999_999n }).map((c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`),
    currency: fc.constant('EUR'),
    mandateId: fc.stringMatching(/^[A-Z0-9]{1,35}$/),
    mandateSignedOn: fc.constantFrom('2020-01-31', '2026-05-01'),
    sequenceType: fc.constantFrom('FRST' as const, 'RCUR' as const, 'OOFF' as const, 'FNAL' as const),
    debtor: fc.record({ name: fc.stringMatching(/^[A-Za-z][A-Za-z .'-]{0,68}[a-z]$/), iban }, { requiredKeys: ['name', 'iban'] }),
  });
  const collections = fc
    .uniqueArray(transaction, { minLength: 1, maxLength: 12, selector: (t) => t.endToEndId })
    .map((transactions): Collection => ({ ...COLLECTION, transactions }));
  const samples = fc.sample(collections, { numRuns: 25, seed: 20260515 });

  it.each(['001.02', '001.08'] as const)('gives pain.008.%s documents the XSD accepts, which read back as the same collection', (version) => {
    const documents = samples.map((c) => writePain008(c, { version }));
    const verdicts = validateXsd(documents.map((xml) => ({ xsd: xsdPath(`pain.008.${version}`), xml })));
    expect(verdicts.filter((v) => !v.valid)).toEqual([]);
    documents.forEach((xml, i) => {
      const back = collectionOf(readPain008(xml));
      expect([...back.transactions].sort((a, b) => a.endToEndId.localeCompare(b.endToEndId))).toEqual(
        [...samples[i].transactions].sort((a, b) => a.endToEndId.localeCompare(b.endToEndId)),
      );
    });
  });
});

describe('collection input that is not valid', () => {
  const tx = COLLECTION.transactions;

  it('is refused naming each bad field, the debtor IBAN of the second transaction among them', () => {
    expect(
      errorsOf({
        ...COLLECTION,
        creditor: { ...COLLECTION.creditor, bic: 'COBADEFF1', creditorId: 'DE98ZZZ09999999998' },
        transactions: [
          { ...tx[0], amount: 84.2 },
          { ...tx[1], debtor: { ...tx[1].debtor, iban: 'NL91ABNA0417164301' } },
          { ...tx[2], sequenceType: 'NEXT', mandateSignedOn: '2026-02-30' },
        ],
      }),
    ).toEqual([
      'creditor.bic: not a BIC (ISO 9362: 8 or 11 capitals and digits)',
      'creditor.creditorId: not a SEPA creditor identifier (such as DE98ZZZ09999999999, right check digits)',
      'transactions[0].amount: must be a string',
      'transactions[1].debtor.iban: not an IBAN (ISO 13616: capitals and digits without spaces, right check digits)',
      'transactions[2].mandateSignedOn: not a date YYYY-MM-DD',
      'transactions[2].sequenceType: must be one of FRST, RCUR, OOFF, FNAL',
    ]);
  });

  it('is refused for amounts of zero or with three decimals, a mandate signed after the collection, a repeated end-to-end id', () => {
    expect(
      errorsOf({
        ...COLLECTION,
        transactions: [
          { ...tx[0], amount: '0.00' },
          { ...tx[1], amount: '1.234' },
          { ...tx[2], mandateSignedOn: '2026-05-16' },
          { ...tx[3], endToEndId: tx[0].endToEndId },
        ],
      }),
    ).toEqual(['transactions[1].amount: must be a decimal string with at most two decimals, such as "12.34"']);
    expect(
      errorsOf({
        ...COLLECTION,
        transactions: [
          { ...tx[0], amount: '0.00' },
          { ...tx[2], mandateSignedOn: '2026-05-16' },
          { ...tx[3], endToEndId: tx[0].endToEndId },
        ],
      }),
    ).toEqual([
      'transactions[0].amount: must be more than 0',
      'transactions[1].mandateSignedOn: is after the collection date 2026-05-15',
      'transactions[2].endToEndId: repeats transactions[0].endToEndId (returns are matched by it)',
    ]);
  });

  it('is refused for an unknown field, a missing field, and no transactions', () => {
    const { collectionDate: _dropped, ...withoutDate } = COLLECTION;
    expect(errorsOf({ ...withoutDate, transactions: [], batchBooking: true })).toEqual([
      'collectionDate: is required',
      'batchBooking: is not a field of this input',
      'transactions: must have at least 1 item(s)',
    ]);
  });

  it('needs a creation time from the input or the caller: the writer reads no clock', () => {
    const { createdAt: _none, ...input } = COLLECTION;
    expect(errorsOf(input)).toEqual(['createdAt: is required (or give options.createdAt): the writer reads no clock']);
    expect(writePain008(input, { createdAt: '2026-05-02T09:30:00Z' })).toContain('<CreDtTm>2026-05-02T09:30:00Z</CreDtTm>');
  });
});
