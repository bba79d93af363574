import { camtXml } from '../testing/documents';
import { matchKeys } from './match';
import { readCamt } from './read';

describe('what a payments service matches an entry on', () => {
  it('collects end-to-end ids (never NOTPROVIDED), creditor references without spaces, mandates, texts and payer IBANs', () => {
    const doc = readCamt(
      camtXml({
        statements: [
          {
            id: 'S',
            entries: [
              {
                amount: '3.00',
                creditDebit: 'CRDT',
                servicerReference: 'BANK-REF-9',
                transactions: [
                  { endToEndId: 'NOTPROVIDED', creditorReference: 'rf18 5390 0754 7034', unstructured: ['ACCT 10042'], debtorIban: 'DE02120300000000202051' },
                  { endToEndId: 'UTIL-7', mandateId: 'M-7', unstructured: ['ACCT 10042'] },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(matchKeys(doc.statements[0].entries[0])).toEqual({
      endToEndIds: ['UTIL-7'],
      creditorReferences: ['RF18539007547034'],
      mandateIds: ['M-7'],
      remittanceTexts: ['ACCT 10042'],
      debtorIbans: ['DE02120300000000202051'],
      accountServicerReference: 'BANK-REF-9',
    });
  });
});
