import { CAMT_PARSE_KEYS, EXPECTED_V8_PARSE, GENKGO_SAMPLES, paymentsText } from '../testing/corpus';
import { camtXml } from '../testing/documents';
import { readCamt } from './read';
import { camtSummary } from './summary';

describe('the bank-file parse shape of a camt document', () => {
  it.each(GENKGO_SAMPLES)('%s has every key, always, in the fixed order', (sample) => {
    const summary = JSON.parse(JSON.stringify(camtSummary(readCamt(paymentsText(`camt053-genkgo/${sample}.xml`)))));
    expect(Object.keys(summary)).toEqual(CAMT_PARSE_KEYS.document);
    for (const s of summary.statements) {
      expect(Object.keys(s)).toEqual(CAMT_PARSE_KEYS.statement);
      for (const e of s.entries) expect(Object.keys(e)).toEqual(CAMT_PARSE_KEYS.entry);
    }
  });

  it('prints camt053.v8 as the corpus describes it, negative closing balance and all', () => {
    expect(camtSummary(readCamt(paymentsText('camt053-genkgo/camt053.v8.xml')))).toEqual(EXPECTED_V8_PARSE);
  });

  it('gives null, never an absent key, for what the file does not say', () => {
    const summary = camtSummary(
      readCamt(
        camtXml({ message: 'camt.054', version: '001.08', statements: [{ id: 'N-1', entries: [{ amount: '5.00', creditDebit: 'CRDT', status: 'PDNG' }] }] }),
      ),
    );
    expect(summary.statements[0]).toEqual({
      id: 'N-1',
      account: 'DE89370400440532013000',
      currency: 'EUR',
      openingBalance: null,
      closingBalance: null,
      reconciles: false,
      entries: [
        {
          amount: '5.00',
          creditDebit: 'CRDT',
          bookingDate: null,
          valueDate: null,
          endToEndId: null,
          accountServicerReference: null,
          reversal: false,
          returnReason: null,
        },
      ],
    });
  });

  it('names the end-to-end id and return reason of an entry when its transactions agree on one, else null', () => {
    const doc = readCamt(
      camtXml({
        statements: [
          {
            id: 'S',
            entries: [
              { amount: '3.00', creditDebit: 'CRDT', transactions: [{ endToEndId: 'A' }, { endToEndId: 'B' }] },
              { amount: '3.00', creditDebit: 'DBIT', reversal: true, transactions: [{ endToEndId: 'C', returnReason: 'MD06' }, { returnReason: 'MD06' }] },
            ],
          },
        ],
      }),
    );
    expect(camtSummary(doc).statements[0].entries.map((e) => [e.endToEndId, e.reversal, e.returnReason])).toEqual([
      [null, false, null],
      ['C', true, 'MD06'],
    ]);
  });
});
