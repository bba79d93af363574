import {
  CollectionsCaseChangedV1,
  ReconnectionRequestedV1,
  uuidv7,
  type CollectionsCaseChangedV1 as CaseChanged,
  type CollectionsStep,
  type DisconnectionRefusedV1,
  type Uuid,
} from '@utilia/contracts';
import { event, type CommandTx } from '@utilia/platform';
import { formatMoney } from '@utilia/rating';
import Big from 'big.js';

/** A collections case as stored (`collections_case`). */
export interface CaseRow {
  id: string;
  account_id: string;
  currency: string;
  status: 'open' | 'on-hold' | 'closed';
  next_step: CollectionsStep | null;
  next_due_on: string | null;
  withheld: string | null;
  final_notice_on: string | null;
  disconnection_request_id: string | null;
  disconnection_refused: boolean;
}

export const CASE_COLUMNS = `id, account_id, currency, status, next_step, next_due_on::text as next_due_on, withheld, final_notice_on::text as final_notice_on,
  disconnection_request_id, disconnection_refused`;

/** Money in the currency's minor unit, as events carry it. */
export const money = (amount: string | Big, currency: string) => ({ amount: formatMoney(new Big(amount), currency), currency });

/** What is past due on an account on a date (items open after their due date). */
export async function pastDueOf(tx: Pick<CommandTx, 'query'>, accountId: string, on: string): Promise<string> {
  const [row] = await tx.query<{ amount: string }>(
    `select coalesce(sum(open_amount), 0)::text as amount from open_item where account_id = $1 and open_amount > 0 and due_date < $2::date`,
    [accountId, on],
  );
  return row.amount;
}

/** The account's case that is not closed, locked for the transaction. */
export async function currentCase(tx: Pick<CommandTx, 'query'>, accountId: string): Promise<CaseRow | undefined> {
  const [c] = await tx.query<CaseRow>(
    `select ${CASE_COLUMNS} from collections_case where account_id = $1 and status <> 'closed' for update`,
    [accountId],
    'pay_current_case',
  );
  return c;
}

/** One line of a case's history (the account 360 view lists them). */
export async function recordStep(
  tx: Pick<CommandTx, 'query'>,
  c: Pick<CaseRow, 'id' | 'account_id' | 'currency'>,
  step: string,
  on: string,
  arrears: string,
  extra: { payBy?: string | null; ref?: string; detail?: string } = {},
): Promise<void> {
  await tx.query(
    `insert into collections_step (case_id, account_id, step, on_date, arrears, currency, pay_by, ref, detail) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [c.id, c.account_id, step, on, arrears, c.currency, extra.payBy ?? null, extra.ref ?? null, extra.detail ?? null],
  );
}

async function announceCase(
  tx: CommandTx,
  c: Pick<CaseRow, 'id' | 'account_id' | 'currency'>,
  change: Pick<CaseChanged, 'status' | 'reason' | 'detail'>,
  arrears: string,
  on: string,
) {
  await recordStep(tx, c, change.status, on, arrears, { detail: change.detail ? `${change.reason}: ${change.detail}` : change.reason });
  await tx.append(c.id, 'any', [
    event(CollectionsCaseChangedV1, {
      caseId: c.id as Uuid,
      accountId: c.account_id as Uuid,
      ...change,
      arrears: money(arrears, c.currency),
      changedOn: on,
    }),
  ]);
}

/** Opens a case for an account (there is none open: a unique index makes sure) with its next step. */
export async function openCase(
  tx: CommandTx,
  o: {
    accountId: string;
    currency: string;
    on: string;
    reason: 'past-due' | 'arrangement-broken';
    arrears: string;
    next: { step: CollectionsStep; dueOn: string };
  },
): Promise<CaseRow> {
  const c: CaseRow = {
    id: uuidv7(),
    account_id: o.accountId,
    currency: o.currency,
    status: 'open',
    next_step: o.next.step,
    next_due_on: o.next.dueOn,
    withheld: null,
    final_notice_on: null,
    disconnection_request_id: null,
    disconnection_refused: false,
  };
  await tx.query(
    `insert into collections_case (id, account_id, currency, status, opened_on, opened_reason, next_step, next_due_on) values ($1, $2, $3, 'open', $4, $5, $6, $7)`,
    [c.id, c.account_id, c.currency, o.on, o.reason, c.next_step, c.next_due_on],
  );
  await announceCase(tx, c, { status: 'opened', reason: o.reason }, o.arrears, o.on);
  return c;
}

/**
 * Closes a case: paid in full, a payment arrangement made, or written off. A disconnection it
 * requested (and the customer service did not refuse) is called off or undone: ReconnectionRequested,
 * except for a write-off, which pays nothing.
 */
export async function closeCase(tx: CommandTx, c: CaseRow, on: string, reason: 'paid-in-full' | 'payment-arrangement' | 'written-off', arrears: string) {
  await tx.query(`update collections_case set status = 'closed', closed_on = $2, close_reason = $3 where id = $1`, [c.id, on, reason]);
  await announceCase(tx, c, { status: 'closed', reason }, arrears, on);
  if (c.disconnection_request_id && !c.disconnection_refused && reason !== 'written-off') {
    const requestId = uuidv7();
    await recordStep(tx, c, 'reconnection', on, arrears, { ref: requestId, detail: reason });
    await tx.append(c.id, 'any', [
      event(ReconnectionRequestedV1, {
        requestId,
        accountId: c.account_id as Uuid,
        disconnectionRequestId: c.disconnection_request_id as Uuid,
        reason,
        requestedAt: tx.now.toISOString(),
      }),
    ]);
  }
}

/** customer's DisconnectionRefused: the case that asked is put on hold with the reason (nothing more is done until it is paid or arranged). */
export async function holdCase(tx: CommandTx, refusal: DisconnectionRefusedV1): Promise<void> {
  const [c] = await tx.query<CaseRow>(`select ${CASE_COLUMNS} from collections_case where disconnection_request_id = $1 for update`, [refusal.requestId]);
  if (!c) return;
  await tx.query(`update collections_case set disconnection_refused = true where id = $1`, [c.id]);
  if (c.status !== 'open') return;
  await tx.query(`update collections_case set status = 'on-hold', hold_reason = $2, held_on = $3 where id = $1`, [c.id, refusal.reason, refusal.refusedOn]);
  await announceCase(
    tx,
    c,
    { status: 'on-hold', reason: 'disconnection-refused', detail: `${refusal.reason}: ${refusal.detail}`.slice(0, 500) },
    await pastDueOf(tx, c.account_id, refusal.refusedOn),
    refusal.refusedOn,
  );
}
