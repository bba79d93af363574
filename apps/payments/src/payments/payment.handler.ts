import { PaymentReceivedV1, PaymentReversedV1, RefundIssuedV1, uuidv7, type Money, type Uuid } from '@utilia/contracts';
import { event, localDateOf, notFound, RuleViolation, type CommandTx } from '@utilia/platform';
import { formatMoney } from '@utilia/rating';
import Big from 'big.js';
import { announcePosition, positionEvent, positionOf, type AccountPosition } from '../accounts/balance';
import { applyCredits, applyCreditsWithNumbers } from '../allocation/apply';
import type { PaymentsConfig } from '../config';
import type { Channel } from '../ledger/chart';
import { cashOutLines, paymentLines, suspenseApplicationLines } from '../ledger/journal';
import { postEntry } from '../ledger/post';
import { raiseCharge } from '../charges/charges.handler';
import { settleCollections } from '../collections/settle';

export interface PaymentInput {
  accountId: string;
  amount: Money;
  channel: Channel;
  reference: string;
  receivedOn?: string;
  endToEndId?: string;
  card?: { token: string; last4: string };
  by: string;
  /** The money was already in the bank, held as unapplied cash (a bank entry in suspense): it moves to the account, no new cash. */
  fromSuspense?: boolean;
}

export interface PaymentAnswer {
  paymentId: string;
  accountId: string;
  amount: Money;
  channel: Channel;
  receivedOn: string;
  allocations: Array<{ itemId: string; number: string; amount: string }>;
  balance: Money;
  available: Money;
}

/** The account as payments knows it, or 404 (customer's events have not brought it, or it does not exist). */
export async function accountOf(tx: Pick<CommandTx, 'query'>, accountId: string): Promise<{ currency: string; customer_id: string }> {
  const [account] = await tx.query<{ currency: string; customer_id: string }>(
    'select currency, customer_id from p_account where id = $1',
    [accountId],
    'pay_account',
  );
  if (!account) throw notFound('account', accountId);
  return account;
}

/**
 * A payment received: cash on its channel's clearing account against the receivable (one journal
 * entry), a credit on the account that pays its open items in the configured order (what is left
 * stays a credit for the next invoice), PaymentReceived and the account's new position.
 */
export async function receivePayment(tx: CommandTx, input: PaymentInput, config: PaymentsConfig): Promise<PaymentAnswer> {
  const account = await accountOf(tx, input.accountId);
  if (input.amount.currency !== account.currency)
    throw new RuleViolation('currency-mismatch', `the account is billed in ${account.currency}, not ${input.amount.currency}`);
  if (new Big(input.amount.amount).lte(0)) throw new RuleViolation('amount-not-positive', 'a payment is a positive amount');
  if ((input.channel === 'card') !== (input.card !== undefined))
    throw new RuleViolation(
      'card-details',
      input.channel === 'card' ? 'a card payment needs the provider token and last four digits' : 'only a card payment has card details',
    );
  const receivedOn = input.receivedOn ?? localDateOf(tx.now, config.timeZone);
  const paymentId = uuidv7();
  const creditId = uuidv7();
  // The payment and the credit it gives the account, in one statement.
  await tx.query(
    `with p as (
       insert into payment (id, account_id, amount, currency, channel, reference, end_to_end_id, card_token, card_last4, received_on, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id
     )
     insert into credit (id, account_id, kind, source_id, currency, amount, unallocated, received_on) select $12, $2, 'payment', p.id, $4, $3, $3, $10 from p`,
    [
      paymentId,
      input.accountId,
      input.amount.amount,
      input.amount.currency,
      input.channel,
      input.reference,
      input.endToEndId ?? null,
      input.card?.token ?? null,
      input.card?.last4 ?? null,
      receivedOn,
      input.by,
      creditId,
    ],
    'pay_payment_credit',
  );
  await postEntry(tx, {
    kind: 'payment',
    source: `payment:${paymentId}`,
    accountId: input.accountId,
    reference: input.reference,
    description: `Payment by ${input.channel}${input.card ? ` (card ending ${input.card.last4})` : ''}`,
    occurredOn: receivedOn,
    currency: input.amount.currency,
    lines: input.fromSuspense
      ? suspenseApplicationLines(input.accountId, input.amount.amount)
      : paymentLines(input.accountId, input.channel, input.amount.amount),
  });
  const { allocations, numbers } = await applyCreditsWithNumbers(tx, input.accountId, config.payments.allocationOrder);
  const position = (await positionOf(tx, input.accountId, receivedOn)) as AccountPosition;
  await tx.appendMany([
    {
      streamId: paymentId,
      expected: 'no-stream',
      events: [
        event(PaymentReceivedV1, {
          paymentId: paymentId as Uuid,
          accountId: input.accountId as Uuid,
          amount: input.amount,
          channel: input.channel,
          receivedOn,
          reference: input.reference.slice(0, 140),
        }),
      ],
    },
    { streamId: input.accountId, expected: 'any', events: [positionEvent(position, receivedOn, 'payment')] },
  ]);
  await settleCollections(tx, input.accountId, receivedOn);
  const mine = allocations.filter((a) => a.creditId === creditId);
  return {
    paymentId,
    accountId: input.accountId,
    amount: input.amount,
    channel: input.channel,
    receivedOn,
    allocations: mine.map((a) => ({ itemId: a.itemId, number: numbers.get(a.itemId) ?? '', amount: formatMoney(new Big(a.amount), input.amount.currency) })),
    balance: { amount: position.balance, currency: position.currency },
    available: { amount: position.available, currency: position.currency },
  };
}

/** Why a payment came back. */
export const REVERSAL_KINDS = ['returned-direct-debit', 'bounced-check', 'chargeback', 'error'] as const;
export type ReversalKind = (typeof REVERSAL_KINDS)[number];

export interface ReversalInput {
  paymentId: string;
  kind: ReversalKind;
  reason: string;
  /** A bank's return reason code (ISO 20022 / NACHA R01...). */
  returnReason?: string;
  reversedOn?: string;
  /** A fee charged for it (a returned-payment fee). */
  fee?: Money;
  by: string;
}

/**
 * A payment reversed (a returned direct debit, a bounced check, a chargeback): the cash back out
 * (a journal entry), what it paid open again, a fee if one applies, PaymentReversed. Once: a
 * reversed payment is not reversed again (409).
 */
export async function reversePayment(
  tx: CommandTx,
  input: ReversalInput,
  config: PaymentsConfig,
): Promise<{ paymentId: string; status: 'reversed'; balance: Money }> {
  const [payment] = await tx.query<{ account_id: string; amount: string; currency: string; channel: Channel; status: string; reference: string }>(
    'select account_id, amount::text as amount, currency, channel, status, reference from payment where id = $1 for update',
    [input.paymentId],
  );
  if (!payment) throw notFound('payment', input.paymentId);
  if (payment.status !== 'received') throw new RuleViolation('payment-already-reversed', `payment ${input.paymentId} is already reversed`, 'conflict');
  const on = input.reversedOn ?? localDateOf(tx.now, config.timeZone);
  await tx.query(`update payment set status = 'reversed', reversal = $2 where id = $1`, [
    input.paymentId,
    JSON.stringify({ kind: input.kind, reason: input.reason, returnReason: input.returnReason ?? null, on, by: input.by }),
  ]);
  await postEntry(tx, {
    kind: 'reversal',
    source: `reversal:${input.paymentId}`,
    accountId: payment.account_id,
    reference: payment.reference,
    description: `Payment reversed (${input.kind}${input.returnReason ? ` ${input.returnReason}` : ''}): ${input.reason}`,
    occurredOn: on,
    currency: payment.currency,
    lines: cashOutLines(payment.account_id, payment.channel, payment.amount),
  });
  // What of its credit a refund paid back (neither paying an item nor left) is owed again: an item of its own.
  const [{ refunded }] = await tx.query<{ refunded: string }>(
    `select (c.amount - c.unallocated - coalesce((select sum(a.amount) from allocation a where a.credit_id = c.id and a.reversed_at is null), 0))::text as refunded
       from credit c where c.source_id = $1`,
    [input.paymentId],
  );
  if (new Big(refunded).gt(0))
    await tx.query(
      `insert into open_item (id, account_id, kind, source_id, number, description, issued_on, due_date, currency, amount, open_amount)
       values ($1, $2, 'reversal', $3, $4, 'Reversed payment already refunded', $5, $5, $6, $7, $7)`,
      [uuidv7(), payment.account_id, input.paymentId, payment.reference.slice(0, 40), on, payment.currency, refunded],
    );
  // What it paid is open again, and its credit is gone.
  await tx.query(
    `with undone as (update allocation a set reversed_at = now() from credit c where c.id = a.credit_id and c.source_id = $1 and a.reversed_at is null returning a.item_id, a.amount)
     update open_item o set open_amount = o.open_amount + u.amount from (select item_id, sum(amount) as amount from undone group by item_id) u where o.id = u.item_id`,
    [input.paymentId],
  );
  await tx.query('update credit set active = false, unallocated = 0 where source_id = $1', [input.paymentId]);
  await tx.append(input.paymentId, 'any', [
    event(PaymentReversedV1, {
      paymentId: input.paymentId as Uuid,
      accountId: payment.account_id as Uuid,
      amount: { amount: payment.amount, currency: payment.currency },
      reason: `${input.kind}${input.returnReason ? ` ${input.returnReason}` : ''}: ${input.reason}`.slice(0, 500),
      reversedOn: on,
    }),
  ]);
  if (input.fee)
    await raiseCharge(
      tx,
      {
        accountId: payment.account_id,
        kind: 'returned-payment-fee',
        description: `Returned payment fee (${input.kind})`,
        amount: input.fee,
        raisedOn: on,
      },
      config,
    );
  await applyCredits(tx, payment.account_id, config.payments.allocationOrder);
  const position = (await announcePosition(tx, payment.account_id, on, 'reversal')) as AccountPosition;
  return { paymentId: input.paymentId, status: 'reversed', balance: { amount: position.balance, currency: position.currency } };
}

export interface RefundInput {
  accountId: string;
  amount: Money;
  channel: Channel;
  reason: string;
  by: string;
}

/** Pays back part or all of an account's credit balance (never more than it has: 422). */
export async function refundCredit(tx: CommandTx, input: RefundInput, config: PaymentsConfig): Promise<{ refundId: string; balance: Money; available: Money }> {
  const account = await accountOf(tx, input.accountId);
  if (input.amount.currency !== account.currency)
    throw new RuleViolation('currency-mismatch', `the account is billed in ${account.currency}, not ${input.amount.currency}`);
  await tx.query('select 1 from account_balance where account_id = $1 for update', [input.accountId]);
  const on = localDateOf(tx.now, config.timeZone);
  const before = await positionOf(tx, input.accountId, on);
  const amount = new Big(input.amount.amount);
  if (amount.lte(0) || !before || amount.gt(before.available))
    throw new RuleViolation('refund-exceeds-credit', `the account has ${before?.available ?? '0'} ${account.currency} of credit to refund`);
  // The oldest credits are paid back first.
  const credits = await tx.query<{ id: string; unallocated: string }>(
    'select id, unallocated::text as unallocated from credit where account_id = $1 and active and unallocated > 0 order by received_on, id',
    [input.accountId],
  );
  let left = amount;
  for (const c of credits) {
    if (left.lte(0)) break;
    const take = left.lt(c.unallocated) ? left : new Big(c.unallocated);
    await tx.query('update credit set unallocated = unallocated - $2 where id = $1', [c.id, take.toFixed()]);
    left = left.minus(take);
  }
  const refundId = uuidv7();
  await tx.query('insert into refund (id, account_id, amount, currency, channel, reason, issued_on, created_by) values ($1, $2, $3, $4, $5, $6, $7, $8)', [
    refundId,
    input.accountId,
    input.amount.amount,
    input.amount.currency,
    input.channel,
    input.reason,
    on,
    input.by,
  ]);
  await postEntry(tx, {
    kind: 'refund',
    source: `refund:${refundId}`,
    accountId: input.accountId,
    reference: refundId,
    description: `Refund of credit balance: ${input.reason}`,
    occurredOn: on,
    currency: input.amount.currency,
    lines: cashOutLines(input.accountId, input.channel, input.amount.amount),
  });
  await tx.append(refundId, 'no-stream', [
    event(RefundIssuedV1, {
      refundId: refundId as Uuid,
      accountId: input.accountId as Uuid,
      amount: input.amount,
      channel: input.channel,
      reason: input.reason.slice(0, 500),
      issuedOn: on,
    }),
  ]);
  const after = (await announcePosition(tx, input.accountId, on, 'refund')) as AccountPosition;
  return { refundId, balance: { amount: after.balance, currency: after.currency }, available: { amount: after.available, currency: after.currency } };
}
