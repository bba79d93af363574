import { uuidv7, type CreditNoteIssuedV1, type InvoiceCharge, type InvoiceIssuedV1, type Uuid } from '@utilia/contracts';
import { CommandRunner } from '@utilia/platform';
import Big from 'big.js';
import fc from 'fast-check';
import { postCreditNote, postInvoice } from '../billing/billing.handler';
import { raiseCharge } from '../charges/charges.handler';
import type { PaymentsConfig } from '../config';
import { receivePayment, refundCredit, reversePayment } from '../payments/payment.handler';
import { invoice, openAccount, startPayments, type PaymentsWorld } from '../testing';
import { PAYMENTS_CONFIG } from '../tokens';
import { writeOff } from '../write-offs/write-off.handler';

// The ledger's invariants under random orders of everything that moves an account's money, driven
// through the handlers in-process against the real database: every entry balances, and each
// account's receivable is what the test's own model says: invoices − credit notes + fees +
// reversals + refunds − payments − write-offs. Bills fall in 2026, after every day the collections
// tests run the daily job for, so no late fee comes in between.

/** Sequences tried per run, each on its own account. */
const RUNS = 40;
const CHANNELS = ['bank-transfer', 'cash', 'check', 'direct-debit'] as const;
const cents = (max: number) => fc.integer({ min: 1, max }).map((c) => new Big(c).div(100).toFixed(2));
const share = fc.integer({ min: 1, max: 100 });

const op = fc.oneof(
  fc.record({ kind: fc.constant('invoice' as const), amount: cents(50_000) }),
  fc.record({ kind: fc.constant('credit-note' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('payment' as const), amount: cents(60_000), channel: fc.constantFrom(...CHANNELS) }),
  fc.record({ kind: fc.constant('reversal' as const), pick: fc.nat(), fee: fc.option(cents(3_000), { nil: undefined }) }),
  fc.record({ kind: fc.constant('refund' as const), share }),
  fc.record({ kind: fc.constant('fee' as const), amount: cents(5_000) }),
  fc.record({ kind: fc.constant('write-off' as const), share }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** The test's own account of what is owed, kept without looking at the service's numbers. */
interface Model {
  receivable: Big;
  invoices: Array<{ bill: InvoiceIssuedV1; credited: boolean }>;
  /** Fees raised and not yet shown on a bill (the next one shows them). */
  fees: InvoiceCharge[];
  payments: Array<{ id: string; amount: string; reversed: boolean }>;
}

/** `part` percent of a positive amount, in whole cents, at least one cent. */
const portion = (amount: Big, part: number) => {
  const p = amount.times(part).div(100).round(2, Big.roundDown);
  return (p.lt('0.01') ? new Big('0.01') : p).toFixed(2);
};

describe('the receivables ledger under random sequences', () => {
  let world: PaymentsWorld;
  let commands: CommandRunner;
  let config: PaymentsConfig;
  const accounts: Uuid[] = [];
  beforeAll(async () => {
    world = await startPayments();
    commands = world.api.service.app.get(CommandRunner);
    config = world.api.service.app.get(PAYMENTS_CONFIG);
    accounts.push(...(await Promise.all(Array.from({ length: RUNS }, () => openAccount(world)))));
  });
  afterAll(() => world?.close());

  async function apply(accountId: Uuid, m: Model, o: Op, step: number): Promise<void> {
    const on = `2026-${String(1 + Math.floor(step / 28)).padStart(2, '0')}-${String(1 + (step % 28)).padStart(2, '0')}`;
    switch (o.kind) {
      case 'invoice': {
        const charges = m.fees.splice(0);
        const withCharges = charges.reduce((t, c) => t.plus(c.amount), new Big(o.amount)).toFixed(2);
        const bill = { ...invoice(accountId, o.amount, on, `2026-12-${String(1 + (step % 28)).padStart(2, '0')}`), charges, total: withCharges };
        await commands.run((tx) => postInvoice(tx, bill, config));
        m.invoices.push({ bill, credited: false });
        m.receivable = m.receivable.plus(o.amount);
        return;
      }
      case 'credit-note': {
        const open = m.invoices.filter((i) => !i.credited);
        if (open.length === 0) return;
        const target = open[o.pick % open.length];
        const { bill } = target;
        const note: CreditNoteIssuedV1 = {
          creditNoteId: uuidv7(),
          creditNoteNumber: `CN-${uuidv7().slice(-9)}`,
          invoiceId: bill.invoiceId,
          invoiceNumber: bill.invoiceNumber,
          accountId,
          agreementId: bill.agreementId,
          periodStart: bill.periodStart,
          periodEnd: bill.periodEnd,
          issueDate: on,
          currency: 'USD',
          lines: bill.lines,
          charges: bill.charges ?? [],
          total: bill.total,
          reason: 'property test',
        };
        await commands.run((tx) => postCreditNote(tx, note, config));
        target.credited = true;
        // The lines are credited; the charges on the bill stay owed (carried over to a rebill).
        m.receivable = m.receivable.minus(new Big(bill.total).minus((bill.charges ?? []).reduce((t, c) => t.plus(c.amount), new Big(0))));
        return;
      }
      case 'payment': {
        const paid = await commands.run((tx) =>
          receivePayment(
            tx,
            { accountId, amount: { amount: o.amount, currency: 'USD' }, channel: o.channel, reference: 'property', receivedOn: on, by: 'property' },
            config,
          ),
        );
        m.payments.push({ id: paid.paymentId, amount: o.amount, reversed: false });
        m.receivable = m.receivable.minus(o.amount);
        return;
      }
      case 'reversal': {
        const live = m.payments.filter((p) => !p.reversed);
        if (live.length === 0) return;
        const p = live[o.pick % live.length];
        const fee = o.fee ? { amount: o.fee, currency: 'USD' } : undefined;
        await commands.run((tx) => reversePayment(tx, { paymentId: p.id, kind: 'error', reason: 'property', reversedOn: on, fee, by: 'property' }, config));
        p.reversed = true;
        m.receivable = m.receivable.plus(p.amount).plus(o.fee ?? 0);
        return;
      }
      case 'refund': {
        if (m.receivable.gte(0)) return;
        const amount = portion(m.receivable.neg(), o.share);
        await commands.run((tx) =>
          refundCredit(tx, { accountId, amount: { amount, currency: 'USD' }, channel: 'bank-transfer', reason: 'property', by: 'property' }, config),
        );
        m.receivable = m.receivable.plus(amount);
        return;
      }
      case 'fee': {
        const description = `Fee ${step}`;
        const chargeId = await commands.run((tx) =>
          raiseCharge(tx, { accountId, kind: 'late-fee', description, amount: { amount: o.amount, currency: 'USD' }, raisedOn: on }, config),
        );
        m.fees.push({ chargeId, kind: 'late-fee', description, amount: o.amount });
        m.receivable = m.receivable.plus(o.amount);
        return;
      }
      case 'write-off': {
        if (m.receivable.lte(0)) return;
        const amount = portion(m.receivable, o.share);
        await commands.run((tx) => writeOff(tx, { accountId, amount: { amount, currency: 'USD' }, reason: 'property', by: 'property' }, config));
        m.receivable = m.receivable.minus(amount);
        return;
      }
    }
  }

  it('keep every entry balanced, and each balance equal to invoices − credit notes + fees + reversals + refunds − payments − write-offs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 20 }), async (ops) => {
        const accountId = accounts.pop() ?? (await openAccount(world));
        const m: Model = { receivable: new Big(0), invoices: [], fees: [], payments: [] };
        for (const [step, o] of ops.entries()) await apply(accountId, m, o, step);

        const [journal] = await commands.read<{ debits: string; credits: string; unbalanced: number }>(
          `select (select sum(debit)::text from journal_line) as debits, (select sum(credit)::text from journal_line) as credits,
                  (select count(*)::int from (select entry_id from journal_line group by entry_id having sum(debit) <> sum(credit)) u) as unbalanced`,
        );
        expect(journal.debits).toBe(journal.credits);
        expect(journal.unbalanced).toBe(0);
        const [account] = await commands.read<{ balance: string | null; receivable: string; open: string; unallocated: string }>(
          `select (select balance::text from account_balance where account_id = $1) as balance,
                  (select coalesce(sum(debit - credit), 0)::text from journal_line where ledger_code = '1100' and account_id = $1) as receivable,
                  (select coalesce(sum(open_amount), 0)::text from open_item where account_id = $1) as open,
                  (select coalesce(sum(unallocated), 0)::text from credit where account_id = $1 and active) as unallocated`,
          [accountId],
        );
        const expected = m.receivable;
        expect(new Big(account.balance ?? '0').eq(expected)).toBe(true);
        expect(new Big(account.receivable).eq(expected)).toBe(true);
        // The open items less the credits not used yet say the same (what is owed item by item).
        expect(new Big(account.open).minus(account.unallocated).eq(expected)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
