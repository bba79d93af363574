import {
  CollectionsNoticeSentV1,
  CollectionsStepWithheldV1,
  DisconnectionRequestedV1,
  LateFeeChargedV1,
  uuidv7,
  type CollectionsStep,
  type Uuid,
} from '@utilia/contracts';
import { addDays, event, type CommandRunner, type CommandTx } from '@utilia/platform';
import { reviewArrangements } from '../arrangements/arrangements.handler';
import { raiseCharge } from '../charges/charges.handler';
import type { PaymentsConfig } from '../config';
import { refundDepositsPaidOnTime } from '../deposits/deposits.handler';
import { CASE_COLUMNS, closeCase, money, openCase, recordStep, type CaseRow } from './cases';
import { decideCollections, type AccountFacts, type CollectionsPolicy, type Decision, type LateItem } from './collections-step';

/** What a run of the daily job did (a second run of the same date does nothing: all zero). */
export interface RunSummary {
  date: string;
  accounts: number;
  casesOpened: number;
  lateFees: number;
  reminders: number;
  finalNotices: number;
  disconnectionRequests: number;
  withheld: number;
  casesClosed: number;
  installmentsRaised: number;
  arrangementsBroken: number;
  arrangementsCompleted: number;
  depositsRefunded: number;
}

export type Counts = Omit<RunSummary, 'date'>;

export const noCounts = (): Counts => ({
  accounts: 0,
  casesOpened: 0,
  lateFees: 0,
  reminders: 0,
  finalNotices: 0,
  disconnectionRequests: 0,
  withheld: 0,
  casesClosed: 0,
  installmentsRaised: 0,
  arrangementsBroken: 0,
  arrangementsCompleted: 0,
  depositsRefunded: 0,
});

export const addCounts = (a: Counts, b: Partial<Counts>): Counts => {
  const out = { ...a };
  for (const k of Object.keys(b) as Array<keyof Counts>) out[k] += b[k] ?? 0;
  return out;
};

export const policyOf = (config: PaymentsConfig): CollectionsPolicy => config.payments;

const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The daily job for a date: arrangements first (installments raised, broken or completed ones),
 * then collections over every account with something past due or a case open, in chunks of
 * COLLECTIONS_CHUNK accounts (one transaction each, so memory and locks stay bounded), then the
 * deposits paid on time long enough. A date runs once per account: running it again does nothing.
 */
export async function runCollections(commands: CommandRunner, date: string, config: PaymentsConfig): Promise<RunSummary> {
  let counts = addCounts(noCounts(), await reviewArrangements(commands, date, config));
  const chunk = config.payments.collectionsChunk;
  for (let after = FIRST_ID; ;) {
    const ids = await commands.read<{ account_id: string }>(
      `select account_id from (
         (select account_id from open_item where open_amount > 0 and due_date < $1::date and account_id > $2 group by account_id order by account_id limit $3)
         union
         (select account_id from collections_case where status <> 'closed' and account_id > $2 order by account_id limit $3)
       ) c order by account_id limit $3`,
      [date, after, chunk],
    );
    if (ids.length === 0) break;
    counts = addCounts(
      counts,
      await commands.run((tx) =>
        collectChunk(
          tx,
          ids.map((r) => r.account_id),
          date,
          config,
        ),
      ),
    );
    after = ids[ids.length - 1].account_id;
  }
  counts = addCounts(counts, await refundDepositsPaidOnTime(commands, date, config));
  return { date, ...counts };
}

type FactsRow = {
  account_id: string;
  currency: string;
  arrears: string;
  oldest_due_date: string | null;
  protections: string[];
  in_arrangement: boolean;
  case: CaseRow | null;
};

/** One chunk of accounts: the facts of all of them in two queries, then each account's decision, acted on. */
async function collectChunk(tx: CommandTx, accountIds: string[], date: string, config: PaymentsConfig): Promise<Partial<Counts>> {
  // Only the accounts this date has not run for yet (a concurrent run of the same date waits here, then skips them).
  const fresh = await tx.query<{ account_id: string }>(
    `insert into collections_account (account_id, last_run_on) select a.id, $2::date from p_account a where a.id = any($1::uuid[]) order by a.id
     on conflict (account_id) do update set last_run_on = excluded.last_run_on where collections_account.last_run_on < excluded.last_run_on
     returning account_id`,
    [accountIds, date],
  );
  if (fresh.length === 0) return {};
  const ids = fresh.map((r) => r.account_id);
  // A payment closing a case meanwhile waits for this chunk (and the other way round). Balances are
  // locked before cases, in account order, as a payment does (it allocates, then settles the case).
  await tx.query('select 1 from account_balance where account_id = any($1::uuid[]) order by account_id for update', [ids]);
  await tx.query(`select id from collections_case where account_id = any($1::uuid[]) and status <> 'closed' order by id for update`, [ids]);
  const rows = await tx.query<FactsRow>(
    `select a.id as account_id, a.currency, coalesce(pd.arrears, 0)::text as arrears, pd.oldest::text as oldest_due_date,
            coalesce((select array_agg(distinct p.kind order by p.kind) from p_protection p
                       where p.customer_id = a.customer_id and p.from_date <= $2::date and (p.to_date is null or p.to_date >= $2::date)), '{}') as protections,
            exists (select 1 from arrangement r where r.account_id = a.id and r.status = 'active') as in_arrangement,
            (select to_jsonb(c) from (select ${CASE_COLUMNS} from collections_case where account_id = a.id and status <> 'closed') c) as case
       from p_account a
       left join lateral (select sum(o.open_amount) as arrears, min(o.due_date) as oldest from open_item o
                           where o.account_id = a.id and o.open_amount > 0 and o.due_date < $2::date) pd on true
      where a.id = any($1::uuid[]) order by a.id`,
    [ids, date],
  );
  const late = await tx.query<LateItem & { account_id: string }>(
    `select o.account_id, o.id as "itemId", o.number, o.open_amount::text as open from open_item o
      where o.account_id = any($1::uuid[]) and o.kind = 'invoice' and o.open_amount > 0 and o.due_date < $2::date
        and not exists (select 1 from late_fee f where f.item_id = o.id)
      order by o.due_date, o.id`,
    [ids, addDays(date, -config.payments.graceDays)],
  );
  let counts: Counts = { ...noCounts(), accounts: rows.length };
  for (const row of rows) {
    const facts: AccountFacts = {
      currency: row.currency,
      arrears: row.arrears,
      oldestDueDate: row.oldest_due_date,
      lateItems: late.filter((l) => l.account_id === row.account_id),
      protections: row.protections,
      inArrangement: row.in_arrangement,
      case: row.case && {
        status: row.case.status === 'on-hold' ? 'on-hold' : 'open',
        nextStep: row.case.next_step,
        nextDueOn: row.case.next_due_on,
        withheld: row.case.withheld,
      },
    };
    counts = addCounts(counts, await act(tx, row, decideCollections(facts, date, policyOf(config)), date, config));
  }
  return counts;
}

/** Carries out one account's decision: each step a row of the case's history and an event. */
async function act(tx: CommandTx, row: FactsRow, d: Decision, date: string, config: PaymentsConfig): Promise<Partial<Counts>> {
  const counts: Partial<Counts> = {};
  let c = row.case;
  if (d.close && c) {
    await closeCase(tx, c, date, 'paid-in-full', row.arrears);
    return { casesClosed: 1 };
  }
  if (d.open) {
    c = await openCase(tx, { accountId: row.account_id, currency: row.currency, on: date, reason: 'past-due', arrears: row.arrears, next: d.open.next });
    counts.casesOpened = 1;
  }
  if (!c) return counts;
  for (const fee of d.lateFees) await chargeLateFee(tx, c, fee, date, config);
  counts.lateFees = d.lateFees.length;
  if (d.step) {
    await takeStep(tx, c, d.step, row.arrears, date);
    const key = ({ reminder: 'reminders', 'final-notice': 'finalNotices', disconnection: 'disconnectionRequests' } as const)[d.step.step];
    counts[key] = 1;
  }
  if (d.withheld) {
    await tx.query('update collections_case set withheld = $2 where id = $1', [c.id, `${d.withheld.step}:${d.withheld.rule}`]);
    await recordStep(tx, c, 'withheld', date, row.arrears, { detail: `${d.withheld.step} withheld: ${d.withheld.detail}` });
    await tx.append(c.id, 'any', [
      event(CollectionsStepWithheldV1, {
        caseId: c.id as Uuid,
        accountId: c.account_id as Uuid,
        step: d.withheld.step,
        reason: d.withheld.rule,
        detail: d.withheld.detail.slice(0, 500),
        withheldOn: date,
      }),
    ]);
    counts.withheld = 1;
  }
  return counts;
}

async function chargeLateFee(tx: CommandTx, c: CaseRow, fee: Decision['lateFees'][number], date: string, config: PaymentsConfig): Promise<void> {
  const amount = money(fee.fee, c.currency);
  const chargeId = await raiseCharge(
    tx,
    { accountId: c.account_id, kind: 'late-fee', description: `Late payment fee on ${fee.number}`, amount, raisedOn: date },
    config,
  );
  await tx.query('insert into late_fee (item_id, account_id, case_id, charge_id, amount, charged_on) values ($1, $2, $3, $4, $5, $6)', [
    fee.itemId,
    c.account_id,
    c.id,
    chargeId,
    fee.fee,
    date,
  ]);
  await recordStep(tx, c, 'late-fee', date, fee.open, { ref: chargeId, detail: `${amount.amount} on ${fee.number}` });
  await tx.append(c.id, 'any', [
    event(LateFeeChargedV1, {
      caseId: c.id as Uuid,
      accountId: c.account_id as Uuid,
      chargeId: chargeId as Uuid,
      itemNumber: fee.number.slice(0, 40),
      pastDue: money(fee.open, c.currency),
      fee: amount,
      chargedOn: date,
    }),
  ]);
}

async function takeStep(tx: CommandTx, c: CaseRow, s: NonNullable<Decision['step']>, arrears: string, date: string): Promise<void> {
  const next: [CollectionsStep | null, string | null] = s.next ? [s.next.step, s.next.dueOn] : [null, null];
  if (s.step === 'disconnection') {
    if (!c.final_notice_on) throw new Error(`case ${c.id} reached disconnection without a final notice`);
    const requestId = uuidv7();
    await tx.query(
      `update collections_case set next_step = null, next_due_on = null, withheld = null, disconnection_request_id = $2, disconnection_requested_on = $3 where id = $1`,
      [c.id, requestId, date],
    );
    await recordStep(tx, c, 'disconnection', date, arrears, { ref: requestId });
    await tx.append(c.id, 'any', [
      event(DisconnectionRequestedV1, {
        requestId,
        accountId: c.account_id as Uuid,
        arrears: money(arrears, c.currency),
        finalNoticeOn: c.final_notice_on,
        requestedAt: tx.now.toISOString(),
      }),
    ]);
    return;
  }
  const noticeId = uuidv7();
  await tx.query(
    `update collections_case set next_step = $2, next_due_on = $3, withheld = null, final_notice_on = case when $4 then $5::date else final_notice_on end where id = $1`,
    [c.id, ...next, s.step === 'final-notice', date],
  );
  await recordStep(tx, c, s.step, date, arrears, { payBy: s.payBy, ref: noticeId });
  await tx.append(c.id, 'any', [
    event(CollectionsNoticeSentV1, {
      noticeId,
      caseId: c.id as Uuid,
      accountId: c.account_id as Uuid,
      notice: s.step,
      arrears: money(arrears, c.currency),
      sentOn: date,
      payBy: s.payBy as string,
    }),
  ]);
}
