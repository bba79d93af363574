import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readNacha, readPain008 } from '@utilia/bankfiles';
import { InvoiceIssuedV1, uuidv7 } from '@utilia/contracts';
import { invoice, openAccount, startPayments, waitFor, type PaymentsWorld } from '../testing';

const fixtures = path.resolve(__dirname, '../../../../fixtures/payments');
/** A collection date a few days ahead: a bank refuses files dated in the past. */
const collectionDate = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);

/** A camt.053.001.08 statement as a bank sends it: booked entries with their references, opening and closing balances. */
function statement(id: string, entries: string[], opening: string, closing: string): string {
  const balance = (type: string, amount: string) =>
    `<Bal><Tp><CdOrPrtry><Cd>${type}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-06</Dt></Dt></Bal>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>MSG-${id}</MsgId><CreDtTm>2026-03-06T18:00:00Z</CreDtTm></GrpHdr>
<Stmt><Id>${id}</Id><CreDtTm>2026-03-06T18:00:00Z</CreDtTm><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
${balance('OPBD', opening)}${balance('CLBD', closing)}${entries.join('\n')}</Stmt></BkToCstmrStmt></Document>`;
}

interface EntrySpec {
  ref: string;
  amount: string;
  direction?: 'CRDT' | 'DBIT';
  endToEndId?: string;
  remittance?: string;
  reversal?: boolean;
  returnReason?: string;
}
function entry(e: EntrySpec): string {
  const refs = e.endToEndId ? `<Refs><EndToEndId>${e.endToEndId}</EndToEndId></Refs>` : '';
  const rmt = e.remittance ? `<RmtInf><Ustrd>${e.remittance}</Ustrd></RmtInf>` : '';
  const rtr = e.returnReason ? `<RtrInf><Rsn><Cd>${e.returnReason}</Cd></Rsn></RtrInf>` : '';
  return `<Ntry><Amt Ccy="EUR">${e.amount}</Amt><CdtDbtInd>${e.direction ?? 'CRDT'}</CdtDbtInd>${e.reversal ? '<RvslInd>true</RvslInd>' : ''}
<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-06</Dt></BookgDt><ValDt><Dt>2026-03-06</Dt></ValDt><AcctSvcrRef>${e.ref}</AcctSvcrRef>
<BkTxCd/><NtryDtls><TxDtls>${refs}<Amt Ccy="EUR">${e.amount}</Amt><CdtDbtInd>${e.direction ?? 'CRDT'}</CdtDbtInd>${rmt}${rtr}</TxDtls></NtryDtls></Ntry>`;
}

describe('bank files: statements matched to payments and direct debits, returns reversed, suspense resolved, collections out', () => {
  let world: PaymentsWorld;
  beforeAll(async () => {
    world = await startPayments();
  });
  afterAll(async () => {
    await world?.close();
  });
  const ops = ['billing-ops'] as Parameters<PaymentsWorld['api']['call']>[3];
  const balanceOf = async (accountId: string) =>
    (await world.api.call('GET', `/accounts/${accountId}/balance?asOf=2026-03-10`, undefined, ['csr'])).body.balance.amount;
  const openWith = async (currency: string, total: string) => {
    const accountId = await openAccount(world, currency);
    const issued = { ...invoice(accountId, total, '2026-02-07', '2026-03-01'), currency };
    await world.publish(InvoiceIssuedV1, issued);
    await waitFor(async () => (await balanceOf(accountId)) === total, `the invoice of ${accountId}`);
    return { accountId, invoice: issued };
  };

  it('SEPA: a pain.008 collection, the statement that settles it and pays an invoice by its number, a return, suspense resolved by a CSR', async () => {
    const run = Date.now().toString(36).toUpperCase();
    const a = await openWith('EUR', '100.00');
    const b = await openWith('EUR', '60.00');
    expect(
      (
        await world.api.call(
          'POST',
          `/accounts/${b.accountId}/mandates`,
          { scheme: 'sepa', mandateRef: `MNDT-${run}`, signedOn: '2026-01-15', debtorName: 'Bea Debtor', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' },
          ['csr'],
        )
      ).status,
    ).toBe(201);

    const collection = await world.api.call('POST', '/direct-debits/collections', { scheme: 'sepa', collectionDate }, ops);
    expect(collection.status).toBe(201);
    expect(collection.body).toMatchObject({ format: 'pain.008.001.08', currency: 'EUR' });
    const file = await world.api.text(`/direct-debits/files/${collection.body.fileId}`, ops);
    const sent = readPain008(file.text).paymentInformation.flatMap((p) =>
      p.transactions.map((t) => ({ ...t, sequenceType: p.sequenceType, date: p.collectionDate })),
    );
    const mine = sent.find((t) => t.mandateId === `MNDT-${run}`);
    expect(mine).toMatchObject({ amount: '60.00', sequenceType: 'FRST', date: collectionDate, mandateSignedOn: '2026-01-15' });
    const endToEndId = mine?.endToEndId as string;

    const xml = statement(
      `STMT-${run}`,
      [
        entry({ ref: `${run}-1`, amount: '100.00', remittance: `Invoice ${a.invoice.invoiceNumber} thank you` }),
        entry({ ref: `${run}-2`, amount: '60.00', endToEndId }),
        entry({ ref: `${run}-3`, amount: '25.00', remittance: 'for the power' }),
      ],
      '0.00',
      '185.00',
    );
    const imported = await world.api.upload('/bank-statements', xml, 'application/xml', ops);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({
      format: 'camt.053.001.08',
      entries: 3,
      outcomes: { 'pay-account': 1, 'settle-debit': 1, suspense: 1 },
      problems: [],
    });
    expect(imported.body.statements[0].reconciles).toBe(true);
    expect(await balanceOf(a.accountId)).toBe('0.00');
    expect(await balanceOf(b.accountId)).toBe('0.00');
    // The same file again books nothing.
    expect((await world.api.upload('/bank-statements', xml, 'application/xml', ops)).body).toMatchObject({
      alreadyImported: 3,
      outcomes: { 'pay-account': 0 },
    });

    // The debtor's bank returns the direct debit: it is reversed, what it paid is owed again.
    const returned = statement(
      `STMT-${run}-R`,
      [entry({ ref: `${run}-R1`, amount: '60.00', direction: 'DBIT', reversal: true, endToEndId, returnReason: 'AM04' })],
      '185.00',
      '125.00',
    );
    expect((await world.api.upload('/bank-statements', returned, 'application/xml', ops)).body.outcomes['reverse-payment']).toBe(1);
    expect(await balanceOf(b.accountId)).toBe('60.00');
    const debits = (await world.api.call('GET', `/direct-debits?accountId=${b.accountId}`, undefined, ['csr'])).body.items;
    expect(debits).toEqual([expect.objectContaining({ status: 'returned', return_reason: 'AM04' })]);

    // The 25.00 nobody was matched to waits in suspense; a CSR finds it is A's.
    const suspense = (await world.api.call('GET', '/suspense', undefined, ['csr'])).body.items.find((i: { reference: string }) => i.reference === `${run}-3`);
    expect(suspense).toMatchObject({ amount: '25.00', reason: expect.stringContaining('no reference') });
    const resolved = await world.api.call('POST', `/bank-entries/${suspense.id}/resolve`, { accountId: a.accountId, note: 'customer called: it is A' }, [
      'csr',
    ]);
    expect(resolved.status).toBe(201);
    expect(await balanceOf(a.accountId)).toBe('-25.00');
    expect((await world.api.call('POST', `/bank-entries/${suspense.id}/resolve`, { accountId: a.accountId, note: 'again' }, ['csr'])).status).toBe(409);
  });

  it('the genkgo sample: its balances do not add up (imported with the warning) and its entry nobody here knows waits in suspense', async () => {
    const xml = readFileSync(path.join(fixtures, 'camt053-genkgo/camt053.v8.xml'), 'utf8');
    const first = await world.api.upload('/bank-statements', xml, 'application/xml', ops);
    expect(first.status).toBe(201);
    if (first.body.alreadyImported === 0) expect(first.body.outcomes.suspense).toBeGreaterThanOrEqual(1);
    expect(first.body.statements.every((s: { reconciles: boolean }) => s.reconciles === false)).toBe(true);
    expect(first.body.problems.join('\n')).toContain('does not reconcile');
    expect((await world.api.upload('/bank-statements', '<Document/>', 'application/xml', ops)).body).toMatchObject({
      status: 422,
      code: 'bank-file-unreadable',
    });
  });

  it('NACHA: a PPD debit file for an ACH authorisation, settled on its effective date, a return (addenda 99) reversing it; corpus files imported', async () => {
    const c = await openWith('USD', '80.00');
    const bankAccount = String(Date.now() % 1e9).padStart(9, '1');
    const mandate = {
      scheme: 'nacha',
      mandateRef: `ACH-${uuidv7().slice(-12)}`,
      signedOn: '2026-01-15',
      debtorName: 'Cal Customer',
      routingNumber: '231380104',
      bankAccountNumber: bankAccount,
      bankAccountType: 'checking',
    };
    expect((await world.api.call('POST', `/accounts/${c.accountId}/mandates`, mandate, ['csr'])).status).toBe(201);
    const collection = await world.api.call('POST', '/direct-debits/collections', { scheme: 'nacha', collectionDate }, ops);
    expect(collection.body).toMatchObject({ format: 'nacha-ppd', currency: 'USD' });
    const text = (await world.api.text(`/direct-debits/files/${collection.body.fileId}`, ops)).text;
    const written = readNacha(text);
    expect(written.problems).toEqual([]);
    const sentEntry = written.batches[0].entries.find((e) => e.accountNumber === bankAccount);
    expect(sentEntry).toMatchObject({ amount: '80.00', kind: 'debit' });

    expect((await world.api.call('POST', '/direct-debits/settle', { date: collectionDate }, ops)).body.settled).toBeGreaterThanOrEqual(1);
    expect(await balanceOf(c.accountId)).toBe('0.00');

    // The customer's bank returns it: R01, insufficient funds. A return file repeats the entry with an addenda 99.
    const lines = text.split('\n').filter((l) => l.trim() !== '' && !/^9{94}$/.test(l));
    const at = lines.findIndex((l) => l.startsWith('6') && l.slice(12, 29).trim() === bankAccount);
    const trace = lines[at].slice(79, 94);
    const returnEntry = `${lines[at].slice(0, 1)}26${lines[at].slice(3, 78)}1${lines[at].slice(79)}`;
    const addenda = `799R01${trace}${' '.repeat(6)}${'23138010'}${' '.repeat(44)}${'231380100000001'}`;
    expect(addenda).toHaveLength(94);
    const returnFile = [...lines.slice(0, at), returnEntry, addenda, ...lines.slice(at + 1)].join('\n');
    const imported = await world.api.upload('/ach-files', returnFile, 'text/plain', ops);
    expect(imported.status).toBe(201);
    expect(imported.body.outcomes['reverse-payment']).toBe(1);
    expect(await balanceOf(c.accountId)).toBe('80.00');
    expect((await world.api.call('GET', `/direct-debits?accountId=${c.accountId}`, undefined, ['csr'])).body.items[0]).toMatchObject({
      status: 'returned',
      return_reason: 'R01',
    });

    // moov-io's samples: a credit nobody here is owed goes to suspense; a notification of change for a debit we never sent is kept for a look.
    const credit = await world.api.upload('/ach-files', readFileSync(path.join(fixtures, 'nacha-moov/ppd-credit.ach'), 'utf8'), 'text/plain', ops);
    expect(credit.status).toBe(201);
    expect(credit.body.entries).toBe(1);
    const change = await world.api.upload('/ach-files', readFileSync(path.join(fixtures, 'nacha-moov/cor-read.ach'), 'utf8'), 'text/plain', ops);
    expect(change.status).toBe(201);
  });

  it('a collection with nothing due is refused; the creditor details are checked when the file is written', async () => {
    expect((await world.api.call('POST', '/direct-debits/collections', { scheme: 'sepa', collectionDate: '2020-01-01' }, ops)).body).toMatchObject({
      status: 409,
      code: 'nothing-to-collect',
    });
    expect((await world.api.call('POST', '/direct-debits/collections', { scheme: 'sepa', collectionDate }, ['csr'])).status).toBe(403);
  });
});
