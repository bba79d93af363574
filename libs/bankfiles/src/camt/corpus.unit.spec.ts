import { GENKGO_BALANCE_TYPES, GENKGO_SAMPLES, genkgoFacts, instant, paymentsText, toMinor } from '../testing/corpus';
import { readCamt } from './read';
import type { CamtDocument, CamtEntry } from './model';

const at = (text: string | null) => (text === null ? null : instant(text));

/** This library's reading, in the terms of genkgo's dump. */
function entryFacts(statementId: string, e: CamtEntry) {
  const [tx] = e.transactions;
  return {
    statementId,
    index: e.index,
    minor: toMinor(e.amount, e.currency, e.creditDebit),
    currency: e.currency,
    creditDebit: e.creditDebit,
    booking: at(e.bookingDateTime ?? e.bookingDate),
    value: at(e.valueDateTime ?? e.valueDate),
    accountServicerReference: e.accountServicerReference,
    reference: e.reference,
    reversal: e.reversalIndicator,
    status: e.status,
    bankTransactionCode: e.bankTransactionCode,
    endToEndId: tx.endToEndId,
    ...(tx.amount === null ? {} : { transactionMinor: toMinor(tx.amount, tx.currency ?? ''), transactionCurrency: tx.currency }),
    creditorReference: tx.creditorReferences[0]?.reference ?? null,
    unstructured: tx.unstructuredRemittance[0] ?? null,
    returnReason: tx.returnInformation?.reason ?? null,
    ...(tx.debtor ? { debtor: { name: tx.debtor.name, account: tx.debtor.iban ?? tx.debtor.otherAccount } } : {}),
    ...(tx.creditor ? { creditor: { name: tx.creditor.name, account: tx.creditor.iban ?? tx.creditor.otherAccount } } : {}),
    debtorAgentBic: tx.debtorAgentBic,
    creditorAgentBic: tx.creditorAgentBic,
  };
}

function statementFacts(doc: CamtDocument, id: string) {
  const s = doc.statements.find((x) => x.id === id);
  if (!s) throw new Error(`no statement ${id}`);
  return {
    id: s.id,
    account: s.account.iban ?? s.account.other,
    createdAt: at(s.createdAt),
    electronicSequenceNumber: s.electronicSequenceNumber,
    legalSequenceNumber: s.legalSequenceNumber,
    copyDuplicate: s.copyDuplicate,
    fromDateTime: at(s.fromDateTime),
    toDateTime: at(s.toDateTime),
    additionalInformation: s.additionalInformation,
    balances: s.balances.map((b) => ({
      type: GENKGO_BALANCE_TYPES[b.type],
      minor: toMinor(b.amount, b.currency, b.creditDebit),
      currency: b.currency,
      date: at(b.date),
    })),
  };
}

describe.each(GENKGO_SAMPLES)('genkgo/camt sample %s, read as genkgo/camt reads it (its .json dump, amounts in minor units)', (sample) => {
  const doc = readCamt(paymentsText(`camt053-genkgo/${sample}.xml`));
  const expected = genkgoFacts(sample);

  it('has the same group header', () => {
    expect([doc.messageId, at(doc.createdAt)]).toEqual([expected.messageId, expected.createdAt]);
  });

  it('has the same statements, account, dates and every balance (type, signed amount, currency, date)', () => {
    expect(expected.statements.length).toBeGreaterThan(0);
    for (const statement of expected.statements) expect(statementFacts(doc, statement.id)).toEqual(statement);
  });

  it('has the same entries: amount, direction, dates, references, status, bank transaction code, parties, remittance', () => {
    expect(expected.entries.length).toBeGreaterThan(0);
    for (const entry of expected.entries) {
      const statement = doc.statements.find((s) => s.id === entry.statementId);
      const mine = statement?.entries[entry.index - 1];
      if (!mine) throw new Error(`no entry ${entry.index} in ${entry.statementId}`);
      expect(entryFacts(entry.statementId, mine)).toMatchObject(entry);
    }
  });
});

describe('the corpus README figures for the camt.053 samples', () => {
  it.each([
    ['camt053.v2.minimal', 'camt.053.001.02', null, null],
    ['camt053.v2.five.decimals', 'camt.053.001.02', null, '000000001'],
    ['camt053.v2.all-balance-types', 'camt.053.001.02', null, '000000001'],
    ['camt053.v3', 'camt.053.001.03', 'XXXXXXXXXXXXXXXXXXXXXXEUR', null],
    ['camt053.v4', 'camt.053.001.04', 'AAAASESS-FP-CN_98765/01', null],
    ['camt053.v8', 'camt.053.001.08', 'AAAASESS-FP-CN_98765/01', 'MUELL/FINP/RA12345'],
  ])(
    '%s: one entry of 8.85 EUR credit, booked 2014-12-31, value 2015-01-02 (%s, servicer reference %s, end-to-end id %s)',
    (sample, format, servicerRef, e2e) => {
      const doc = readCamt(paymentsText(`camt053-genkgo/${sample}.xml`));
      expect(doc.format).toBe(format);
      expect(doc.statements).toHaveLength(1);
      const [entry] = doc.statements[0].entries;
      expect(doc.statements[0].entries).toHaveLength(1);
      expect([entry.amount, entry.currency, entry.creditDebit, entry.bookingDate, entry.valueDate]).toEqual([
        '8.85',
        'EUR',
        'CRDT',
        '2014-12-31',
        '2015-01-02',
      ]);
      expect([entry.accountServicerReference, entry.transactions[0].endToEndId]).toEqual([servicerRef, e2e]);
    },
  );

  it('the multi-statement file has two statements that reconcile: 18.15 + 8.85 = 27.00, then 27.00 - 7.00 = 20.00', () => {
    const doc = readCamt(paymentsText('camt053-genkgo/camt053.v2.multi.statement.xml'));
    expect(
      doc.statements.map((s) => [s.id, s.reconciliation.opening?.amount, s.reconciliation.credits, s.reconciliation.debits, s.reconciliation.closing?.amount]),
    ).toEqual([
      ['253EURNL26VAYB8060476890', '18.15', '8.85', '0.00', '27.00'],
      ['254EURNL26VAYB8060476890', '27.00', '0.00', '7.00', '20.00'],
    ]);
    expect(doc.statements.map((s) => s.reconciliation.reconciles)).toEqual([true, true]);
    expect(doc.problems).toEqual([]);
  });

  it.each(GENKGO_SAMPLES.filter((s) => s !== 'camt053.v2.multi.statement'))(
    '%s has synthetic balances that do not reconcile: read, with one warning',
    (sample) => {
      const doc = readCamt(paymentsText(`camt053-genkgo/${sample}.xml`));
      expect(doc.statements.map((s) => s.reconciliation.reconciles)).toEqual([false]);
      expect(doc.problems.map((p) => p.code)).toEqual(['not-reconciled']);
      expect(doc.problems[0].message).toMatch(/^statement \S+: does not reconcile: /);
    },
  );

  it('camt053.v2.wrong.xml (a statement message without a statement, which the XSD refuses) cannot be imported', () => {
    expect(() => readCamt(paymentsText('camt053-genkgo/camt053.v2.wrong.xml'))).toThrow(
      'Document/BkToCstmrStmt has no Stmt: a camt.053 message carries at least one',
    );
  });
});
