import { paymentsText } from '../testing/corpus';
import { SAMPLE_COLLECTION } from '../testing/documents';
import { validateXsd, xsdPath } from '../testing/xsd';
import { readPain008 } from './read';
import { writePain008 } from './write';

const SWISS = 'pain008/pain008-musterfile-postfinance-chdd.xml';
const SWISS_NAMESPACE = 'http://www.six-interbank-clearing.com/de/pain.008.001.02.ch.03.xsd';

describe('the Swiss PostFinance pain.008.001.02.ch.03 sample (moov-io/iso20022)', () => {
  const xml = paymentsText(SWISS);

  it('reads as the corpus describes it: 2 transactions, control sum 4.50 CHF, and its controls agree', () => {
    const doc = readPain008(xml);
    expect([doc.format, doc.messageId, doc.createdAt, doc.initiatingPartyName, doc.problems]).toEqual([
      'pain.008.001.02.ch.03',
      'MsgId-CHDD-Musterfile',
      '2018-03-13T10:09:01',
      'Robert Schneider SA',
      [],
    ]);
    const [block] = doc.paymentInformation;
    expect(block).toMatchObject({
      id: 'PmtInfId-CHDD-1',
      sequenceType: null,
      serviceLevel: 'CHDD',
      localInstrument: 'DDCOR1',
      collectionDate: '2018-03-16',
      creditor: { name: 'Robert Schneider SA', iban: 'CH2909000000250094239', bic: null, creditorId: '41100000000872849' },
    });
    expect(block.transactions.map((t) => [t.endToEndId, t.amount, t.currency, t.debtor.iban, t.remittance])).toEqual([
      ['E2EId-CHDD-1', '1.50', 'CHF', 'CH5109000000250092291', ['Rechnung 1001']],
      ['E2EId-CHDD-2', '3.00', 'CHF', 'CH5109000000250092291', ['Rechnung 1002']],
    ]);
  });

  it('is the ISO pain.008.001.02 shape under a Swiss namespace: refused by the ISO XSD as it is, accepted under the ISO namespace', () => {
    const [asIs, asIso] = validateXsd([
      { xsd: xsdPath('pain.008.001.02'), xml },
      { xsd: xsdPath('pain.008.001.02'), xml: xml.split(SWISS_NAMESPACE).join('urn:iso:std:iso:20022:tech:xsd:pain.008.001.02') },
    ]);
    expect(asIs.valid).toBe(false);
    expect(asIs.errors.join('\n')).toContain('No matching global declaration available for the validation root');
    expect(asIso).toEqual({ valid: true, errors: [] });
  });
});

describe('the XSD validation itself', () => {
  it('refuses a pain.008 that breaks its schema, naming the element: RPRE is a sequence type of 001.08, not of 001.02', () => {
    const xml = writePain008(SAMPLE_COLLECTION).replace('<SeqTp>RCUR</SeqTp>', '<SeqTp>RPRE</SeqTp>');
    const [verdict, in08] = validateXsd([
      { xsd: xsdPath('pain.008.001.02'), xml },
      {
        xsd: xsdPath('pain.008.001.08'),
        xml: xml.split('pain.008.001.02').join('pain.008.001.08').split('<BIC>').join('<BICFI>').split('</BIC>').join('</BICFI>'),
      },
    ]);
    expect(verdict.valid).toBe(false);
    expect(verdict.errors.join('\n')).toMatch(/SeqTp.*'RPRE' is not an element of the set/);
    expect(in08).toEqual({ valid: true, errors: [] });
  });
});

describe('control counts and sums', () => {
  it('that disagree with the transactions are problems', () => {
    const xml = writePain008(SAMPLE_COLLECTION)
      .replace('<NbOfTxs>4</NbOfTxs>', '<NbOfTxs>5</NbOfTxs>')
      .replace('<CtrlSum>99.25</CtrlSum>', '<CtrlSum>99.52</CtrlSum>');
    expect(readPain008(xml).problems.map((p) => p.message)).toEqual([
      'group header: NbOfTxs 5, but it has 4 transaction(s)',
      'payment information UTIL-DD-2026-05-1: CtrlSum 99.52, but its transactions add up to 99.25',
    ]);
  });
});
