import { camtXml, type TestStatement } from '../testing/documents';
import { refusalOf } from '../testing/errors';
import type { CamtDocument } from './model';
import { readCamt } from './read';

const statement = (overrides: Partial<TestStatement> = {}): TestStatement => ({
  id: 'STMT-1',
  currency: 'EUR',
  balances: [
    { type: 'OPBD', amount: '100.00' },
    { type: 'CLBD', amount: '142.50' },
  ],
  entries: [
    { amount: '50.00', creditDebit: 'CRDT', booking: '2026-05-01', value: '2026-05-01', transactions: [{ endToEndId: 'INV-1001' }] },
    { amount: '7.50', creditDebit: 'DBIT', booking: '2026-05-01', value: '2026-05-01', transactions: [{ endToEndId: 'FEE-1' }] },
  ],
  ...overrides,
});

/** One statement read, {@link statement} with `overrides`. */
const readOne = (overrides: Partial<TestStatement> = {}) => readCamt(camtXml({ statements: [statement(overrides)] }));
const messages = (doc: CamtDocument) => doc.problems.map((p) => p.message);

describe('a camt.053 statement', () => {
  it('reconciles when opening 100.00 + credits 50.00 - debits 7.50 = closing 142.50', () => {
    const doc = readOne();
    expect(doc.statements[0].reconciliation).toMatchObject({ reconciles: true, credits: '50.00', debits: '7.50', expectedClosing: '142.50' });
    expect(doc.problems).toEqual([]);
  });

  it('whose entries do not add up to its balances is read with a warning, not refused and not silently', () => {
    const doc = readOne({
      balances: [
        { type: 'OPBD', amount: '100.00' },
        { type: 'CLBD', amount: '150.00' },
      ],
    });
    expect(doc.statements[0].entries).toHaveLength(2);
    expect(doc.statements[0].reconciliation.reconciles).toBe(false);
    expect(messages(doc)).toEqual([
      'statement STMT-1: does not reconcile: opening balance 100.00 + credits 50.00 - debits 7.50 = 142.50 EUR, but the closing balance is 150.00 EUR',
    ]);
  });

  it('takes a debit (overdrawn) balance as negative: -20.00 + 50.00 - 7.50 = 22.50', () => {
    const doc = readOne({
      balances: [
        { type: 'OPBD', amount: '20.00', creditDebit: 'DBIT' },
        { type: 'CLBD', amount: '22.50' },
      ],
    });
    expect(doc.statements[0].balances.map((b) => b.amount)).toEqual(['-20.00', '22.50']);
    expect(doc.statements[0].reconciliation.reconciles).toBe(true);
  });

  it('opens with the previously closed booked balance (PRCD) when there is no OPBD, and prefers OPBD when both are there', () => {
    const prcd = readOne({
      balances: [
        { type: 'PRCD', amount: '100.00' },
        { type: 'CLBD', amount: '142.50' },
      ],
    });
    expect(prcd.statements[0].reconciliation.opening?.type).toBe('PRCD');
    expect(prcd.statements[0].reconciliation.reconciles).toBe(true);
    const both = readOne({
      balances: [
        { type: 'PRCD', amount: '1.00' },
        { type: 'OPBD', amount: '100.00' },
        { type: 'CLBD', amount: '142.50' },
      ],
    });
    expect(both.statements[0].reconciliation.opening?.type).toBe('OPBD');
  });

  it('without a closing booked balance does not reconcile, and says which balance is missing', () => {
    const doc = readOne({
      balances: [
        { type: 'OPBD', amount: '100.00' },
        { type: 'CLAV', amount: '142.50' },
      ],
    });
    expect(messages(doc)).toEqual(['statement STMT-1: does not reconcile: it has no closing booked balance (CLBD)']);
  });

  it('leaves pending (PDNG) and information (INFO) entries out of the booked balances', () => {
    const doc = readOne({
      entries: [
        { amount: '42.50', creditDebit: 'CRDT', booking: '2026-05-01' },
        { amount: '10.00', creditDebit: 'CRDT', status: 'PDNG' },
        { amount: '3.00', creditDebit: 'DBIT', status: 'INFO' },
      ],
    });
    expect(doc.statements[0].reconciliation).toMatchObject({ reconciles: true, credits: '42.50', debits: '0.00' });
    expect(doc.statements[0].entries.map((e) => [e.status, e.bookingDate])).toEqual([
      ['BOOK', '2026-05-01'],
      ['PDNG', null],
      ['INFO', null],
    ]);
  });

  it('with an entry in another currency than the account does not reconcile, and names the entry', () => {
    const doc = readOne({
      entries: [
        { amount: '42.50', creditDebit: 'CRDT' },
        { amount: '1.00', currency: 'USD', creditDebit: 'CRDT' },
      ],
    });
    expect(messages(doc)).toEqual(['statement STMT-1: does not reconcile: entry 2 is in USD, the statement in EUR']);
  });

  it('checks the transactions summary against its entries', () => {
    const doc = readOne({ summary: { count: '3', credits: ['1', '50.00'], debits: ['1', '7.49'] } });
    expect(messages(doc)).toEqual([
      'statement STMT-1: the transactions summary gives the number of entries 3, but the entries give 2',
      'statement STMT-1: the transactions summary gives the sum of debit entries 7.49, but the entries give 7.5',
    ]);
  });

  it('keeps an amount finer than its currency exact (8.855 EUR), and says so', () => {
    const doc = readOne({
      balances: [
        { type: 'OPBD', amount: '0' },
        { type: 'CLBD', amount: '8.855' },
      ],
      entries: [{ amount: '8.855', creditDebit: 'CRDT' }],
    });
    expect(doc.statements[0].entries[0].amount).toBe('8.855');
    expect(doc.statements[0].reconciliation.reconciles).toBe(true);
    expect(messages(doc)).toEqual([
      "Document/BkToCstmrStmt/Stmt/Bal[2]/Amt: the amount 8.855 EUR has more decimals than EUR's 2 (kept exact, not rounded)",
      "Document/BkToCstmrStmt/Stmt/Ntry/Amt: the amount 8.855 EUR has more decimals than EUR's 2 (kept exact, not rounded)",
    ]);
  });

  it('writes amounts with their currency’s decimals: 2700 JPY, 0.00 EUR, 12.300 KWD', () => {
    const doc = readOne({
      balances: [],
      entries: [
        { amount: '2700', currency: 'JPY', creditDebit: 'CRDT' },
        { amount: '0', creditDebit: 'CRDT' },
        { amount: '12.3', currency: 'KWD', creditDebit: 'DBIT' },
      ],
    });
    expect(doc.statements[0].entries.map((e) => e.amount)).toEqual(['2700', '0.00', '12.300']);
  });
});

describe('returned direct debits', () => {
  const returned = (version: string, reversal: boolean | undefined) =>
    readCamt(
      camtXml({
        version,
        statements: [
          statement({
            balances: [
              { type: 'OPBD', amount: '100.00' },
              { type: 'CLBD', amount: '15.80' },
            ],
            entries: [
              {
                amount: '84.20',
                creditDebit: 'DBIT',
                reversal,
                booking: '2026-05-06',
                value: '2026-05-05',
                servicerReference: 'RTN-778',
                domain: ['PMNT', 'IDDT', 'UPDD'],
                transactions: [
                  {
                    endToEndId: 'UTIL-2026-05-0042',
                    mandateId: 'MNDT-42',
                    returnReason: 'AM04',
                    debtorName: 'Ada Lovelace',
                    debtorIban: 'DE02120300000000202051',
                  },
                ],
              },
            ],
          }),
        ],
      }),
    ).statements[0].entries[0];

  it.each(['001.02', '001.04', '001.08'])('are reversals with their reason and the collection’s end-to-end id (camt.053.%s)', (version) => {
    const entry = returned(version, true);
    expect([entry.reversal, entry.reversalIndicator, entry.creditDebit, entry.amount]).toEqual([true, true, 'DBIT', '84.20']);
    expect(entry.bankTransactionCode).toEqual({ domain: 'PMNT', family: 'IDDT', subFamily: 'UPDD', proprietary: null, proprietaryIssuer: null });
    expect(entry.transactions[0]).toMatchObject({
      endToEndId: 'UTIL-2026-05-0042',
      mandateId: 'MNDT-42',
      debtor: { name: 'Ada Lovelace', iban: 'DE02120300000000202051', otherAccount: null },
      returnInformation: { reason: 'AM04', additionalInformation: ['returned'] },
    });
  });

  it('are reversals from their return information even when the bank sets no reversal indicator', () => {
    const entry = returned('001.08', undefined);
    expect([entry.reversal, entry.reversalIndicator]).toEqual([true, false]);
  });
});

describe('the shapes camt.052 and camt.054 share with camt.053', () => {
  it('reads a camt.052 report, held to its balances only when it has both', () => {
    const withBalances = readCamt(
      camtXml({
        message: 'camt.052',
        version: '001.06',
        statements: [
          statement({
            balances: [
              { type: 'OPBD', amount: '1' },
              { type: 'CLBD', amount: '2' },
            ],
          }),
        ],
      }),
    );
    expect(withBalances.format).toBe('camt.052.001.06');
    expect(withBalances.problems.map((p) => p.code)).toEqual(['not-reconciled']);
    expect(withBalances.problems[0].message).toMatch(/^account report STMT-1: /);
    const intraday = readCamt(camtXml({ message: 'camt.052', version: '001.06', statements: [statement({ balances: [] })] }));
    expect([intraday.statements[0].reconciliation.reconciles, intraday.problems]).toEqual([false, []]);
  });

  it('reads a camt.054 notification: entries, no balances, nothing to reconcile and nothing to warn about', () => {
    const doc = readCamt(camtXml({ message: 'camt.054', version: '001.04', statements: [statement({ balances: [] })] }));
    expect(doc.format).toBe('camt.054.001.04');
    expect(doc.statements[0].entries.map((e) => e.transactions[0].endToEndId)).toEqual(['INV-1001', 'FEE-1']);
    expect([doc.statements[0].reconciliation.reconciles, doc.problems]).toEqual([false, []]);
  });
});

describe('reading', () => {
  it('reads elements under any namespace prefix the same', () => {
    const plain = readOne();
    const prefixed = readCamt(camtXml({ prefix: 'ns2', statements: [statement()] }));
    expect(prefixed.format).toBe('camt.053.001.02');
    expect(prefixed.statements).toEqual(plain.statements);
  });

  it('gives the bank’s own date of a booking date-time, and keeps the date-time', () => {
    const doc = readOne({ entries: [{ amount: '42.50', creditDebit: 'CRDT', booking: '2026-04-30T23:30:00-05:00' }] });
    expect([doc.statements[0].entries[0].bookingDate, doc.statements[0].entries[0].bookingDateTime]).toEqual(['2026-04-30', '2026-04-30T23:30:00-05:00']);
  });

  it('keeps every transaction of a batch booking, with its own reference, amount and remittance', () => {
    const doc = readOne({
      balances: [],
      entries: [
        {
          amount: '150.00',
          creditDebit: 'CRDT',
          transactions: [
            { endToEndId: 'A-1', amount: '100.00', unstructured: ['invoice 1'] },
            { endToEndId: 'A-2', amount: '50.00', creditorReference: 'RF18 5390 0754 7034' },
          ],
        },
      ],
    });
    expect(doc.statements[0].entries[0].transactions.map((t) => [t.endToEndId, t.amount, t.unstructuredRemittance, t.creditorReferences])).toEqual([
      ['A-1', '100.00', ['invoice 1'], []],
      ['A-2', '50.00', [], [{ type: 'SCOR', issuer: null, reference: 'RF18 5390 0754 7034' }]],
    ]);
  });
});

describe('a document that cannot be imported', () => {
  const good = camtXml({ statements: [statement()] });

  it.each([
    ['not well-formed XML', '<Document><BkToCstmrStmt></Document>', /^not well-formed XML at line 1, column \d+: /],
    ['an empty file', '  ', /^the document is empty/],
    [
      'another ISO 20022 message',
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"><CstmrDrctDbtInitn/></Document>',
      'the root element Document in namespace "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02" is not an ISO 20022 camt.052, camt.053 or camt.054 Document',
    ],
    [
      'a version it does not know',
      good.replace('camt.053.001.02', 'camt.053.001.13'),
      'camt.053.001.13 is not a version this reader knows: it reads versions 001.02 to 001.08',
    ],
    [
      'a namespace that names another message',
      good.replace('camt.053.001.02', 'camt.052.001.02'),
      'the namespace names camt.052, but the document holds BkToCstmrStmt',
    ],
    ['an entry without an amount', good.replace('<Amt Ccy="EUR">50.00</Amt>', ''), 'Document/BkToCstmrStmt/Stmt/Ntry[1]/Amt is missing'],
    [
      'an amount with a comma',
      good.replace('>50.00<', '>50,00<'),
      'Document/BkToCstmrStmt/Stmt/Ntry[1]/Amt must be a non-negative decimal amount, found "50,00"',
    ],
    ['an amount without currency', good.replace('<Amt Ccy="EUR">50.00', '<Amt>50.00'), 'Document/BkToCstmrStmt/Stmt/Ntry[1]/Amt/@Ccy is missing'],
    [
      'a direction that is not CRDT or DBIT',
      good.replace('<CdtDbtInd>DBIT</CdtDbtInd><Sts>', '<CdtDbtInd>D</CdtDbtInd><Sts>'),
      /Ntry\[2\]\/CdtDbtInd must be CRDT or DBIT, found "D"/,
    ],
    ['a statement without its id', good.replace('<Id>STMT-1</Id>', ''), 'Document/BkToCstmrStmt/Stmt/Id is missing'],
  ])('%s is refused with the reason', (_what, xml, message) => {
    expect(refusalOf(() => readCamt(xml))).toMatch(message);
  });
});
