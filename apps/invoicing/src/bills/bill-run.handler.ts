import { BillRunStartedV1, UsageProfileRequestedV1, uuidv7, type Uuid } from '@utilia/contracts';
import { addDays, event, RuleViolation, type CommandRunner, type CommandTx } from '@utilia/platform';
import { isReadDate, periodOf } from '../cycles/cycle';
import { cycleOf } from './bill';

/** Agreements started per transaction: a chunk's bills and usage requests commit together, and metering starts answering while the run goes on. */
export const RUN_CHUNK = 1000;

interface RunRow {
  id: string;
  cycle: string;
  period_from: string;
  period_to: string;
  status: 'starting' | 'started';
  cursor: string | null;
}

/**
 * Creates the bill run of a cycle on one of its read dates, or finds it (a run is unique per cycle
 * and date: starting it again resumes it).
 */
export async function createBillRun(
  tx: CommandTx,
  input: { cycle: string; runDate: string; by: string },
): Promise<{ runId: string; resumed: boolean; status: RunRow['status'] }> {
  const cycle = await cycleOf(tx, input.cycle);
  if (!isReadDate(cycle, input.runDate))
    throw new RuleViolation('not-a-read-date', `${input.runDate} is not a read date of cycle ${cycle.code} (day ${cycle.readDay})`);
  const period = periodOf(cycle, input.runDate);
  await tx.lock(`invoicing.bill-run:${cycle.code}:${input.runDate}`);
  const [existing] = await tx.query<{ id: string; status: RunRow['status'] }>('select id, status from bill_run where cycle = $1 and run_date = $2', [
    cycle.code,
    input.runDate,
  ]);
  if (existing) {
    // Started again after it was started: look again for due agreements it does not have yet (a late move-in copy).
    if (existing.status === 'started')
      await tx.query(`update bill_run set status = 'starting', cursor = null, chunked_at = now() where id = $1`, [existing.id]);
    return { runId: existing.id, resumed: true, status: 'starting' };
  }
  const runId = uuidv7();
  await tx.query(
    `insert into bill_run (id, cycle, run_date, period_from, period_to, started_by, status, announced) values ($1, $2, $3, $4, $5, $6, 'starting', false)`,
    [runId, cycle.code, input.runDate, period.from, period.to, input.by],
  );
  return { runId, resumed: false, status: 'starting' };
}

/**
 * One chunk of a run's start: the next agreements (by id, after the run's cursor) of the cycle's
 * accounts with a day of service in the period get a bill awaiting usage and a usage request to
 * metering (UsageProfileRequested), in three statements. A bill is unique per agreement and period,
 * so a chunk done twice (two instances, a retry) bills nothing twice. The last chunk marks the run
 * started (BillRunStarted with its number of bills). Returns whether more is left.
 */
export async function startRunChunk(tx: CommandTx, runId: string, size = RUN_CHUNK): Promise<boolean> {
  await tx.lock(`invoicing.bill-run-chunk:${runId}`);
  const [run] = await tx.query<RunRow & { run_date: string; started_by: string; announced: boolean }>(
    `select id, cycle, run_date::text as run_date, period_from::text as period_from, period_to::text as period_to, status, cursor, started_by, announced
       from bill_run where id = $1`,
    [runId],
  );
  if (!run || run.status !== 'starting') return false;
  // Due: agreements of the cycle's accounts with a day of service in [from, to), billed for those days.
  const due = await tx.query<{ id: string; account_id: string; service_point_id: string; billed_from: string; billed_to: string }>(
    `select g.id, g.account_id, g.service_point_id,
            greatest(g.start_date, $2::date)::text as billed_from, least(coalesce(g.end_date + 1, $3::date), $3::date)::text as billed_to
       from i_agreement g join i_account a on a.id = g.account_id
      where a.bill_cycle = $1 and g.start_date < $3 and (g.end_date is null or g.end_date >= $2) and g.id > coalesce($4::uuid, '00000000-0000-0000-0000-000000000000')
        and not exists (select 1 from bill b where b.agreement_id = g.id and b.period_from = $2 and b.period_to = $3)
      order by g.id limit $5`,
    [run.cycle, run.period_from, run.period_to, run.cursor, size],
  );
  const bills = due.map((g) => ({ ...g, billId: uuidv7(), requestId: uuidv7() }));
  const inserted = await tx.query<{ id: string }>(
    `insert into bill (id, run_id, account_id, agreement_id, service_point_id, period_from, period_to, billed_from, billed_to, request_id, status, requested_at)
     select b.id, $1, b.account_id, b.agreement_id, b.service_point_id, $2, $3, b.billed_from, b.billed_to, b.request_id, 'awaiting-usage', $9
       from unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::uuid[], $10::date[], $11::date[])
            as b(id, account_id, agreement_id, service_point_id, request_id, billed_from, billed_to)
     on conflict (agreement_id, period_from, period_to) do nothing returning id`,
    [
      run.id,
      run.period_from,
      run.period_to,
      bills.map((b) => b.billId),
      bills.map((b) => b.account_id),
      bills.map((b) => b.id),
      bills.map((b) => b.service_point_id),
      bills.map((b) => b.requestId),
      tx.now,
      bills.map((b) => b.billed_from),
      bills.map((b) => b.billed_to),
    ],
  );
  const created = new Set(inserted.map((r) => r.id));
  await tx.appendMany(
    bills
      .filter((b) => created.has(b.billId))
      .map((b) => ({
        streamId: b.billId,
        expected: 'no-stream' as const,
        events: [
          event(UsageProfileRequestedV1, {
            requestId: b.requestId as Uuid,
            agreementId: b.id as Uuid,
            accountId: b.account_id as Uuid,
            servicePointId: b.service_point_id as Uuid,
            periodStart: b.billed_from,
            periodEnd: addDays(b.billed_to, -1),
            requestedAt: tx.now.toISOString(),
          }),
        ],
      })),
  );
  const more = due.length === size;
  if (more) {
    await tx.query('update bill_run set cursor = $2, bills = bills + $3, chunked_at = now() where id = $1', [run.id, due[due.length - 1].id, created.size]);
    return true;
  }
  const [{ n }] = await tx.query<{ n: number }>(
    // A CTE: TypeORM answers a bare UPDATE ... RETURNING with [rows, count], a SELECT with the rows.
    `with done as (update bill_run set status = 'started', cursor = null, bills = (select count(*) from bill where run_id = $1), chunked_at = now(), announced = true
      where id = $1 returning bills) select bills as n from done`,
    [run.id],
  );
  if (run.announced) return false;
  await tx.append(run.id, 'no-stream', [
    event(BillRunStartedV1, {
      runId: run.id as Uuid,
      cycle: run.cycle,
      runDate: run.run_date,
      periodStart: run.period_from,
      periodEnd: run.period_to,
      bills: n,
      startedBy: run.started_by,
    }),
  ]);
  return false;
}

/**
 * Starts (or resumes) a cycle's bill run on its read date: the run, then its due agreements chunk by
 * chunk, each chunk committed on its own, so a run cut off (a crash, a restart) continues where it
 * stopped when started again or when the sweep finds it.
 */
export async function startBillRun(
  commands: Pick<CommandRunner, 'run' | 'read'>,
  input: { cycle: string; runDate: string; by: string },
  chunk = RUN_CHUNK,
): Promise<{ runId: string; bills: number; resumed: boolean }> {
  const { runId, resumed } = await commands.run((tx) => createBillRun(tx, input));
  await continueBillRun(commands, runId, chunk);
  const [{ n }] = await commands.read<{ n: number }>('select count(*)::int as n from bill where run_id = $1', [runId]);
  return { runId, bills: n, resumed };
}

/** Runs a run's remaining start chunks, one transaction each. */
export async function continueBillRun(commands: Pick<CommandRunner, 'run'>, runId: string, chunk = RUN_CHUNK): Promise<void> {
  while (await commands.run((tx) => startRunChunk(tx, runId, chunk))) {
    /* next chunk */
  }
}
