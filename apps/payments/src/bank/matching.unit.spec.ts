import { decideEntry, referenceKeys, type EntryKeys, type Known } from './matching';

const known: Known = {
  debits: new Map([
    ['DD-1', { id: 'd1', status: 'submitted', paymentId: null, accountId: 'a1' }],
    ['DD-2', { id: 'd2', status: 'paid', paymentId: 'p2', accountId: 'a2' }],
  ]),
  payments: new Map([['TRF-9', { id: 'p9', status: 'received', accountId: 'a9' }]]),
  accounts: new Map([
    ['INV000000042', 'a4'],
    ['0012345678', 'a5'],
  ]),
};
const credit = (over: Partial<EntryKeys> = {}): EntryKeys => ({
  creditDebit: 'CRDT',
  reversal: false,
  endToEndIds: [],
  creditorReferences: [],
  remittanceTexts: [],
  ...over,
});

describe('what a bank statement entry is to the receivables', () => {
  it('reads RF references and the numbers people write in remittance text', () => {
    expect(referenceKeys({ creditorReferences: ['RF10 INV0 0000 0042'], remittanceTexts: ['account 0012345678, invoice inv-000000043'] })).toEqual([
      'INV000000042',
      '0012345678',
      'INV000000043',
    ]);
  });

  it('settles a direct debit sent, and pays an account its reference names', () => {
    expect(decideEntry(credit({ endToEndIds: ['DD-1'] }), known)).toEqual({ kind: 'settle-debit', debitId: 'd1', accountId: 'a1' });
    expect(decideEntry(credit({ creditorReferences: ['RF10INV000000042'] }), known)).toMatchObject({ kind: 'pay-account', accountId: 'a4' });
    expect(decideEntry(credit({ remittanceTexts: ['Acct 0012345678'] }), known)).toMatchObject({ kind: 'pay-account', accountId: 'a5' });
    expect(decideEntry(credit({ endToEndIds: ['TRF-9'] }), known)).toEqual({ kind: 'already-recorded', paymentId: 'p9', accountId: 'a9' });
  });

  it('a returned debit is a reversal of what it paid, or closes a debit never settled', () => {
    expect(decideEntry(credit({ reversal: true, endToEndIds: ['DD-2'], creditDebit: 'DBIT' }), known)).toEqual({
      kind: 'reverse-payment',
      paymentId: 'p2',
      accountId: 'a2',
      debitId: 'd2',
    });
    expect(decideEntry(credit({ reversal: true, endToEndIds: ['DD-1'], creditDebit: 'DBIT' }), known)).toEqual({
      kind: 'return-unsettled-debit',
      debitId: 'd1',
      accountId: 'a1',
    });
    expect(decideEntry(credit({ reversal: true, endToEndIds: ['nobody'] }), known).kind).toBe('suspense');
  });

  it('what nothing matches waits in suspense; money going out is not booked', () => {
    expect(decideEntry(credit({ remittanceTexts: ['thanks!'] }), known)).toMatchObject({ kind: 'suspense' });
    expect(decideEntry(credit({ remittanceTexts: ['INV-000000042 and 0012345678'] }), known)).toMatchObject({
      kind: 'suspense',
      why: expect.stringContaining('more than one'),
    });
    expect(decideEntry(credit({ creditDebit: 'DBIT' }), known)).toMatchObject({ kind: 'ignore' });
  });
});
