import { CreditCheckRecordedV1, DepositAppliedV1, DepositRefundedV1, DepositRequiredV1, uuidv7, type CreditCheckResult, type Uuid } from '@utilia/contracts';
import { event, localDateOf, type CommandRunner, type CommandTx } from '@utilia/platform';
import Big from 'big.js';
import { announcePosition } from '../accounts/balance';
import { applyCredits } from '../allocation/apply';
import { addCredit } from '../billing/billing.handler';
import { raiseCharge } from '../charges/charges.handler';
import { money } from '../collections/cases';
import { settleCollections } from '../collections/settle';
import type { PaymentsConfig } from '../config';
import { depositApplicationLines, depositRefundLines } from '../ledger/journal';
import { postEntry } from '../ledger/post';
import { accountOf } from '../payments/payment.handler';
import { depositRelease, depositRequired, onTimeRefundDue, type DepositPolicy } from './deposit.rules';

const policyOf = (config: PaymentsConfig): DepositPolicy => ({
  byClass: config.payments.depositByClass,
  byCreditCheck: config.payments.depositByCreditCheck,
  refundAfterMonths: config.payments.depositRefundMonths,
});

interface DepositRow {
  id: string;
  account_id: string;
  currency: string;
  amount: string;
  charge_id: string;
}

/**
 * Runs the deposit rule for an account whose facts changed (it opened, its class changed, a credit
 * check came): a deposit it calls for is required (DepositRequired) and charged on the next invoice
 * (raiseCharge, kind deposit: held on 2100 customer deposits), unless one is held already.
 */
export async function assessDeposit(tx: CommandTx, accountId: string, config: PaymentsConfig): Promise<string | null> {
  const [facts] = await tx.query<{ currency: string; customer_class: string | null; credit_check: CreditCheckResult | null }>(
    'select currency, customer_class, credit_check from deposit_facts where account_id = $1 for update',
    [accountId],
  );
  if (!facts) return null;
  const required = depositRequired({ customerClass: facts.customer_class, creditCheck: facts.credit_check }, policyOf(config));
  if (!required) return null;
  const [held] = await tx.query<{ id: string }>(`select id from deposit where account_id = $1 and status = 'held'`, [accountId]);
  if (held) return null;
  const on = localDateOf(tx.now, config.timeZone);
  const amount = money(required.amount, facts.currency);
  const chargeId = await raiseCharge(tx, { accountId, kind: 'deposit', description: `Deposit (${required.reason})`, amount, raisedOn: on }, config);
  const id = uuidv7();
  await tx.query(
    `insert into deposit (id, account_id, currency, amount, basis, reason, charge_id, required_on, status) values ($1, $2, $3, $4, $5, $6, $7, $8, 'held')`,
    [id, accountId, facts.currency, required.amount, required.basis, required.reason, chargeId, on],
  );
  await tx.append(id, 'no-stream', [
    event(DepositRequiredV1, {
      depositId: id,
      accountId: accountId as Uuid,
      chargeId: chargeId as Uuid,
      amount,
      basis: required.basis,
      reason: required.reason,
      requiredOn: on,
    }),
  ]);
  await announcePosition(tx, accountId, on, 'deposit');
  return id;
}

/** customer's AccountOpened: the account's deposit facts start (no class yet: AccountDetailsChanged brings it). */
export async function depositFactsOpened(tx: CommandTx, accountId: string, currency: string, config: PaymentsConfig): Promise<void> {
  await tx.query('insert into deposit_facts (account_id, currency) values ($1, $2) on conflict (account_id) do nothing', [accountId, currency]);
  await assessDeposit(tx, accountId, config);
}

/** customer's AccountDetailsChanged: a class that changed (the first one comes right after the opening) is assessed. */
export async function depositClassChanged(tx: CommandTx, accountId: string, customerClass: string | undefined, config: PaymentsConfig): Promise<void> {
  if (!customerClass) return;
  const changed = await tx.query(
    `update deposit_facts set customer_class = $2 where account_id = $1 and customer_class is distinct from $2 returning account_id`,
    [accountId, customerClass],
  );
  if (changed.length > 0) await assessDeposit(tx, accountId, config);
}

/** A credit check's result recorded for an account (CreditCheckRecorded), then the deposit rule. */
export async function recordCreditCheck(
  tx: CommandTx,
  input: { accountId: string; result: CreditCheckResult; agency?: string; checkedOn?: string },
  config: PaymentsConfig,
): Promise<{ depositId: string | null }> {
  const account = await accountOf(tx, input.accountId);
  const checkedOn = input.checkedOn ?? localDateOf(tx.now, config.timeZone);
  await tx.query(
    `insert into deposit_facts (account_id, currency, credit_check, credit_agency, credit_checked_on) values ($1, $2, $3, $4, $5)
     on conflict (account_id) do update set credit_check = excluded.credit_check, credit_agency = excluded.credit_agency, credit_checked_on = excluded.credit_checked_on`,
    [input.accountId, account.currency, input.result, input.agency ?? null, checkedOn],
  );
  await tx.append(input.accountId, 'any', [
    event(CreditCheckRecordedV1, {
      accountId: input.accountId as Uuid,
      result: input.result,
      ...(input.agency ? { agency: input.agency } : {}),
      checkedOn,
    }),
  ]);
  return { depositId: await assessDeposit(tx, input.accountId, config) };
}

/**
 * customer's AccountClosed: the deposit held pays the debt left and the rest is refunded; the part
 * of it never paid is no longer owed. On the ledger: 2100 customer deposits debited by the whole
 * deposit, the receivable credited by what paid the debt and by the unpaid part, cash by the refund.
 */
export async function releaseDeposit(tx: CommandTx, accountId: string, closedOn: string, config: PaymentsConfig): Promise<void> {
  const [balance] = await tx.query<{ balance: string }>('select balance::text as balance from account_balance where account_id = $1 for update', [accountId]);
  const [d] = await tx.query<DepositRow & { item_id: string; unpaid: string }>(
    `select d.id, d.account_id, d.currency, d.amount::text as amount, d.charge_id, o.id as item_id, o.open_amount::text as unpaid
       from deposit d join open_item o on o.source_id = d.charge_id where d.account_id = $1 and d.status = 'held' for update of d`,
    [accountId],
  );
  if (!d) return;
  const debt = new Big(balance?.balance ?? '0').minus(d.unpaid);
  const release = depositRelease({ amount: d.amount, unpaid: d.unpaid, debt: debt.gt(0) ? debt.toFixed() : '0' });
  const entry = (kind: string, lines: ReturnType<typeof depositRefundLines>, description: string) =>
    postEntry(tx, { kind, source: `${kind}:${d.id}`, accountId, reference: d.charge_id, description, occurredOn: closedOn, currency: d.currency, lines });
  if (new Big(release.cancel).gt(0)) {
    // The unpaid part is owed no more: a credit that pays the deposit's own item.
    await entry('deposit-cancel', depositApplicationLines(accountId, release.cancel), 'Unpaid part of the deposit dropped at account close');
    const creditId = await addCredit(tx, accountId, 'deposit-cancelled', uuidv7(), d.currency, release.cancel, closedOn);
    await tx.query('insert into allocation (credit_id, item_id, amount) values ($1, $2, $3)', [creditId, d.item_id, release.cancel]);
    await tx.query('update open_item set open_amount = open_amount - $2 where id = $1', [d.item_id, release.cancel]);
    await tx.query('update credit set unallocated = 0 where id = $1', [creditId]);
  }
  if (new Big(release.apply).gt(0)) {
    await entry('deposit-application', depositApplicationLines(accountId, release.apply), 'Deposit applied to the debt at account close');
    await addCredit(tx, accountId, 'deposit', d.id, d.currency, release.apply, closedOn);
    await applyCredits(tx, accountId, config.payments.allocationOrder);
  }
  const channel = config.payments.depositRefundChannel;
  if (new Big(release.refund).gt(0)) await entry('deposit-refund', depositRefundLines(channel, release.refund), 'Deposit refunded at account close');
  const status = new Big(release.apply).eq(0) && new Big(release.cancel).eq(0) ? 'refunded' : 'applied';
  await tx.query(
    `update deposit set status = $2, cancelled = $3, applied = $4, refunded = $5, refund_channel = $6, released_on = $7, release_reason = 'account-closed' where id = $1`,
    [d.id, status, release.cancel, release.apply, release.refund, new Big(release.refund).gt(0) ? channel : null, closedOn],
  );
  if (status === 'applied')
    await tx.append(d.id, 'any', [
      event(DepositAppliedV1, {
        depositId: d.id as Uuid,
        accountId: accountId as Uuid,
        amount: money(release.apply, d.currency),
        unpaid: money(release.cancel, d.currency),
        appliedOn: closedOn,
      }),
    ]);
  if (new Big(release.refund).gt(0)) await refunded(tx, d, release.refund, 'account-closed', closedOn, config);
  await announcePosition(tx, accountId, closedOn, 'deposit');
  await settleCollections(tx, accountId, closedOn);
}

async function refunded(tx: CommandTx, d: DepositRow, amount: string, reason: 'account-closed' | 'on-time-payment', on: string, config: PaymentsConfig) {
  await tx.append(d.id, 'any', [
    event(DepositRefundedV1, {
      depositId: d.id as Uuid,
      accountId: d.account_id as Uuid,
      amount: money(amount, d.currency),
      channel: config.payments.depositRefundChannel,
      reason,
      refundedOn: on,
    }),
  ]);
}

/**
 * The daily job's deposit pass: a deposit paid in full DEPOSIT_REFUND_MONTHS ago by an account that
 * stays, which paid every bill since by its due date and has nothing past due, is paid back
 * (2100 customer deposits to cash; the receivable does not move).
 */
export async function refundDepositsPaidOnTime(commands: CommandRunner, date: string, config: PaymentsConfig): Promise<{ depositsRefunded: number }> {
  let depositsRefunded = 0;
  const policy = policyOf(config);
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const rows = await commands.read<DepositRow & { held_since: string; late_items: number; past_due: string }>(
      `select d.id, d.account_id, d.currency, d.amount::text as amount, d.charge_id, h.since::text as held_since,
              (select count(*)::int from open_item x
                where x.account_id = d.account_id and x.due_date >= h.since and x.due_date < $1::date
                  and x.amount > (select coalesce(sum(al.amount), 0) from allocation al join credit c on c.id = al.credit_id
                                   where al.item_id = x.id and al.reversed_at is null and c.received_on <= x.due_date)) as late_items,
              (select coalesce(sum(open_amount), 0)::text from open_item where account_id = d.account_id and open_amount > 0 and due_date < $1::date) as past_due
         from deposit d join open_item o on o.source_id = d.charge_id join p_account a on a.id = d.account_id
         cross join lateral (select max(c.received_on) as since from allocation al join credit c on c.id = al.credit_id
                              where al.item_id = o.id and al.reversed_at is null) h
        where d.status = 'held' and o.open_amount = 0 and a.closed_on is null and h.since is not null and d.id > $2
        order by d.id limit $3`,
      [date, after, config.payments.collectionsChunk],
    );
    if (rows.length === 0) break;
    const due = rows.filter((r) => onTimeRefundDue({ heldSince: r.held_since, lateItems: r.late_items, pastDue: r.past_due }, date, policy));
    depositsRefunded += await commands.run(async (tx) => {
      let n = 0;
      for (const d of due) {
        const [still] = await tx.query(
          `update deposit set status = 'refunded', refunded = amount, refund_channel = $2, released_on = $3,
          release_reason = 'on-time-payment' where id = $1 and status = 'held' returning id`,
          [d.id, config.payments.depositRefundChannel, date],
        );
        if (!still) continue;
        await postEntry(tx, {
          kind: 'deposit-refund',
          source: `deposit-refund:${d.id}`,
          accountId: d.account_id,
          reference: d.charge_id,
          description: `Deposit refunded after ${policy.refundAfterMonths} months of on-time payment`,
          occurredOn: date,
          currency: d.currency,
          lines: depositRefundLines(config.payments.depositRefundChannel, d.amount),
        });
        await refunded(tx, d, d.amount, 'on-time-payment', date, config);
        n++;
      }
      return n;
    });
    after = rows[rows.length - 1].id;
  }
  return { depositsRefunded };
}
