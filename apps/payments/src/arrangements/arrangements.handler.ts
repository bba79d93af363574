import { PaymentArrangementBrokenV1, PaymentArrangementCompletedV1, PaymentArrangementMadeV1, uuidv7, type Uuid } from '@utilia/contracts';
import { event, localDateOf, RuleViolation, type CommandRunner, type CommandTx } from '@utilia/platform';
import Big from 'big.js';
import { announcePosition } from '../accounts/balance';
import { applyCredits } from '../allocation/apply';
import { addCredit } from '../billing/billing.handler';
import { raiseCharge } from '../charges/charges.handler';
import { closeCase, currentCase, money, openCase, pastDueOf } from '../collections/cases';
import type { PaymentsConfig } from '../config';
import { accountOf } from '../payments/payment.handler';
import { arrangementBroken, arrangementCompleted, arrangementSchedule, type ArrangementFacts, type Break } from './arrangement.rules';

interface ArrangementRow {
  id: string;
  account_id: string;
  currency: string;
  arrears: string;
  arrears_due_on: string;
  installments: number;
  made_on: string;
}

const ARRANGEMENT_COLUMNS = `id, account_id, currency, arrears::text as arrears, arrears_due_on::text as arrears_due_on, installments, made_on::text as made_on`;

/**
 * A payment arrangement: the account's past-due arrears are taken off the items they were on (an
 * `arrangement` credit pays them: the receivable does not change) and spread over installments,
 * one per coming bill, each raised as a charge (kind installment) with its own open item some days
 * before its bill so the bill shows it. Collections stops for the account: its case closes, and a
 * disconnection it had asked for is called off (ReconnectionRequested, payment-arrangement).
 */
export async function makeArrangement(tx: CommandTx, input: { accountId: string; installments: number; by: string }, config: PaymentsConfig): Promise<string> {
  const account = await accountOf(tx, input.accountId);
  const [p] = await tx.query<{ bill_cycle: string | null; closed_on: string | null }>('select bill_cycle, closed_on from p_account where id = $1', [
    input.accountId,
  ]);
  if (p.closed_on) throw new RuleViolation('account-closed', `account ${input.accountId} is closed: no coming bill will show installments`, 'conflict');
  if (input.installments > config.payments.maxInstallments)
    throw new RuleViolation('too-many-installments', `an arrangement has at most ${config.payments.maxInstallments} installments`);
  await tx.query('select 1 from account_balance where account_id = $1 for update', [input.accountId]);
  const [active] = await tx.query<{ id: string }>(`select id from arrangement where account_id = $1 and status = 'active'`, [input.accountId]);
  if (active) throw new RuleViolation('arrangement-active', `account ${input.accountId} already has payment arrangement ${active.id}`, 'conflict');
  const today = localDateOf(tx.now, config.timeZone);
  const items = await tx.query<{ id: string; open: string; due_date: string }>(
    `select id, open_amount::text as open, due_date::text as due_date from open_item
      where account_id = $1 and open_amount > 0 and due_date < $2::date order by due_date, id for update`,
    [input.accountId, today],
  );
  const arrears = items.reduce((s, i) => s.plus(i.open), new Big(0));
  if (arrears.lte(0)) throw new RuleViolation('no-arrears', `account ${input.accountId} has nothing past due to arrange`);

  const id = uuidv7();
  const schedule = arrangementSchedule({
    arrears: arrears.toFixed(),
    currency: account.currency,
    installments: input.installments,
    madeOn: today,
    billCycle: p.bill_cycle,
    termsDays: config.payments.termsDays,
    leadDays: config.payments.installmentLeadDays,
  });
  await tx.query(
    `insert into arrangement (id, account_id, currency, arrears, arrears_due_on, installments, made_on, made_by, status) values ($1, $2, $3, $4, $5, $6, $7, $8, 'active')`,
    [id, input.accountId, account.currency, arrears.toFixed(), items[0].due_date, input.installments, today, input.by],
  );
  await tx.query(
    `insert into installment (arrangement_id, number, amount, bill_date, due_date, raise_on)
     select $1, n, a, b, d, r from unnest($2::int[], $3::numeric[], $4::date[], $5::date[], $6::date[]) as t(n, a, b, d, r)`,
    [
      id,
      schedule.map((s) => s.number),
      schedule.map((s) => s.amount),
      schedule.map((s) => s.billDate),
      schedule.map((s) => s.dueDate),
      schedule.map((s) => s.raiseOn),
    ],
  );
  // The arrears leave their items: the arrangement's credit pays each in full.
  const creditId = await addCredit(tx, input.accountId, 'arrangement', id, account.currency, arrears.toFixed(), today);
  await tx.query(`insert into allocation (credit_id, item_id, amount) select $1, i, a from unnest($2::uuid[], $3::numeric[]) as t(i, a)`, [
    creditId,
    items.map((i) => i.id),
    items.map((i) => i.open),
  ]);
  await tx.query('update open_item set open_amount = 0 where id = any($1::uuid[])', [items.map((i) => i.id)]);
  await tx.query('update credit set unallocated = 0 where id = $1', [creditId]);
  await tx.append(id, 'no-stream', [
    event(PaymentArrangementMadeV1, {
      arrangementId: id,
      accountId: input.accountId as Uuid,
      arrears: money(arrears, account.currency),
      installments: schedule.map((s) => ({ number: s.number, amount: money(s.amount, account.currency), dueDate: s.dueDate })),
      madeOn: today,
    }),
  ]);
  const c = await currentCase(tx, input.accountId);
  if (c) await closeCase(tx, c, today, 'payment-arrangement', arrears.toFixed());
  await raiseInstallments(tx, today, config, id);
  await announcePosition(tx, input.accountId, today, 'arrangement');
  return id;
}

/**
 * Raises the installments whose day has come (all arrangements, or one): each a charge of kind
 * installment for the next bill, with an open item due with that bill. A concurrent run skips the
 * rows another holds; a raised installment is never raised again.
 */
export async function raiseInstallments(tx: CommandTx, date: string, config: PaymentsConfig, arrangementId?: string, limit = 1000): Promise<number> {
  const due = await tx.query<{
    arrangement_id: string;
    number: number;
    amount: string;
    due_date: string;
    account_id: string;
    currency: string;
    installments: number;
  }>(
    `select i.arrangement_id, i.number, i.amount::text as amount, i.due_date::text as due_date, r.account_id, r.currency, r.installments
       from installment i join arrangement r on r.id = i.arrangement_id
      where r.status = 'active' and i.charge_id is null and i.raise_on <= $1::date and ($2::uuid is null or r.id = $2)
      order by i.arrangement_id, i.number limit $3 for update of i skip locked`,
    [date, arrangementId ?? null, limit],
  );
  for (const i of due) {
    const description = `Installment ${i.number} of ${i.installments} of payment arrangement`;
    const amount = money(i.amount, i.currency);
    const chargeId = await raiseCharge(tx, { accountId: i.account_id, kind: 'installment', description, amount, raisedOn: date }, config);
    const itemId = uuidv7();
    await tx.query(
      `insert into open_item (id, account_id, kind, source_id, number, description, issued_on, due_date, currency, amount, open_amount)
       values ($1, $2, 'installment', $3, $4, $5, $6, $7, $8, $9, $9)`,
      [itemId, i.account_id, chargeId, `ARR-${i.arrangement_id.slice(-8).toUpperCase()}-${i.number}`, description, date, i.due_date, i.currency, i.amount],
    );
    await tx.query('update installment set charge_id = $3, item_id = $4, raised_on = $5 where arrangement_id = $1 and number = $2', [
      i.arrangement_id,
      i.number,
      chargeId,
      itemId,
      date,
    ]);
    await applyCredits(tx, i.account_id, config.payments.allocationOrder);
  }
  return due.length;
}

async function factsOf(tx: Pick<CommandTx, 'query'>, r: ArrangementRow): Promise<ArrangementFacts> {
  const installments = await tx.query<ArrangementFacts['installments'][number]>(
    `select i.number, i.charge_id is not null as raised, coalesce(o.open_amount, i.amount)::text as open, coalesce(o.due_date, i.due_date)::text as "dueDate"
       from installment i left join open_item o on o.id = i.item_id where i.arrangement_id = $1 order by i.number`,
    [r.id],
  );
  const currentItems = await tx.query<ArrangementFacts['currentItems'][number]>(
    `select open_amount::text as open, due_date::text as "dueDate" from open_item o
      where o.account_id = $1 and o.open_amount > 0 and not exists (select 1 from installment i where i.arrangement_id = $2 and i.item_id = o.id)`,
    [r.account_id, r.id],
  );
  return { installments, currentItems };
}

/** An account's active arrangement whose installments are all raised and paid is completed (PaymentArrangementCompleted). */
export async function completeArrangement(tx: CommandTx, accountId: string, on: string): Promise<boolean> {
  const [r] = await tx.query<ArrangementRow>(
    `select ${ARRANGEMENT_COLUMNS} from arrangement where account_id = $1 and status = 'active' for update`,
    [accountId],
    'pay_active_arrangement',
  );
  if (!r || !arrangementCompleted(await factsOf(tx, r))) return false;
  await tx.query(`update arrangement set status = 'completed', ended_on = $2 where id = $1`, [r.id, on]);
  await tx.append(r.id, 'any', [
    event(PaymentArrangementCompletedV1, { arrangementId: r.id as Uuid, accountId: r.account_id as Uuid, paid: money(r.arrears, r.currency), completedOn: on }),
  ]);
  return true;
}

/**
 * A broken arrangement: what was not raised yet is owed again at once (an `arrears` item, as past
 * due as the arrears it came from), and the account is back in collections: a case opens whose
 * next step is the final notice (the reminder went out before the arrangement).
 */
async function breakArrangement(tx: CommandTx, r: ArrangementRow, facts: ArrangementFacts, broken: Break, date: string, config: PaymentsConfig): Promise<void> {
  const unraised = facts.installments.filter((i) => !i.raised).reduce((s, i) => s.plus(i.open), new Big(0));
  const owed = facts.installments.reduce((s, i) => s.plus(i.open), new Big(0));
  await tx.query(`update arrangement set status = 'broken', ended_on = $2, break_reason = $3 where id = $1`, [r.id, date, broken.reason]);
  if (unraised.gt(0)) {
    await tx.query(
      `insert into open_item (id, account_id, kind, source_id, number, description, issued_on, due_date, currency, amount, open_amount)
       values ($1, $2, 'arrears', $3, $4, $5, $6, $7, $8, $9, $9)`,
      [
        uuidv7(),
        r.account_id,
        r.id,
        `ARR-${r.id.slice(-8).toUpperCase()}`,
        'Arrears of a broken payment arrangement',
        date,
        r.arrears_due_on,
        r.currency,
        unraised.toFixed(),
      ],
    );
    await applyCredits(tx, r.account_id, config.payments.allocationOrder);
  }
  await tx.append(r.id, 'any', [
    event(PaymentArrangementBrokenV1, {
      arrangementId: r.id as Uuid,
      accountId: r.account_id as Uuid,
      reason: broken.reason,
      ...(broken.missedInstallment ? { missedInstallment: broken.missedInstallment } : {}),
      owed: money(owed, r.currency),
      brokenOn: date,
    }),
  ]);
  if (!(await currentCase(tx, r.account_id)))
    await openCase(tx, {
      accountId: r.account_id,
      currency: r.currency,
      on: date,
      reason: 'arrangement-broken',
      arrears: await pastDueOf(tx, r.account_id, date),
      next: { step: 'final-notice', dueOn: date },
    });
  await announcePosition(tx, r.account_id, date, 'arrangement-broken');
}

/**
 * The daily job's arrangement pass: installments whose day has come are raised; each active
 * arrangement is then looked at, in chunks: broken (an installment or a current bill unpaid after
 * its due date and grace) or completed (everything raised and paid).
 */
export async function reviewArrangements(
  commands: CommandRunner,
  date: string,
  config: PaymentsConfig,
): Promise<{ installmentsRaised: number; arrangementsBroken: number; arrangementsCompleted: number }> {
  const chunk = config.payments.collectionsChunk;
  let installmentsRaised = 0;
  for (;;) {
    const raised = await commands.run((tx) => raiseInstallments(tx, date, config, undefined, chunk));
    installmentsRaised += raised;
    if (raised < chunk) break;
  }
  let arrangementsBroken = 0;
  let arrangementsCompleted = 0;
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const ids = await commands.read<{ id: string }>(`select id from arrangement where status = 'active' and id > $1 order by id limit $2`, [after, chunk]);
    if (ids.length === 0) break;
    const [broken, completed] = await commands.run(async (tx) => {
      // Balances before arrangements, as a payment locks them.
      const rows = await tx.query<ArrangementRow & { account_id: string }>(
        `select ${ARRANGEMENT_COLUMNS} from arrangement where id = any($1::uuid[]) and status = 'active' order by account_id`,
        [ids.map((r) => r.id)],
      );
      await tx.query('select 1 from account_balance where account_id = any($1::uuid[]) order by account_id for update', [rows.map((r) => r.account_id)]);
      let b = 0;
      let c = 0;
      for (const r of rows) {
        const [still] = await tx.query<{ id: string }>(`select id from arrangement where id = $1 and status = 'active' for update`, [r.id]);
        if (!still) continue;
        const facts = await factsOf(tx, r);
        const broken = arrangementBroken(facts, date, config.payments.graceDays);
        if (broken) {
          await breakArrangement(tx, r, facts, broken, date, config);
          b++;
        } else if (await completeArrangement(tx, r.account_id, date)) c++;
      }
      return [b, c];
    });
    arrangementsBroken += broken;
    arrangementsCompleted += completed;
    after = ids[ids.length - 1].id;
  }
  return { installmentsRaised, arrangementsBroken, arrangementsCompleted };
}
