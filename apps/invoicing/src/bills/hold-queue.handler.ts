import { notFound, RuleViolation, type CommandTx } from '@utilia/platform';
import { BILL_COLUMNS, type BillingContext, type BillRow, type Rated, type UsageSummary } from './bill';
import { issueDateOf, issueInvoice, todayIn } from './issue';

type HeldBill = BillRow & { draft: Rated | null; usage: UsageSummary | null; estimated: boolean };

/** A held (or failed) bill, locked for the decision. @throws RuleViolation 404, or 409 when it is not in the hold queue. */
async function heldBill(tx: CommandTx, billId: string): Promise<HeldBill> {
  const [bill] = await tx.query<HeldBill>(`select ${BILL_COLUMNS}, draft, usage, coalesce(estimated, false) as estimated from bill where id = $1 for update`, [
    billId,
  ]);
  if (!bill) throw notFound('bill', billId);
  if (bill.status !== 'held' && bill.status !== 'failed')
    throw new RuleViolation('bill-not-held', `bill ${billId} is ${bill.status}: only a held bill is released or cancelled`, 'conflict');
  return bill;
}

/**
 * billing-ops release a held bill with a note: it is issued as it was rated, dated today when its
 * nominal date has passed. A bill that could not be rated is not released (publish its tariff, then
 * run again).
 */
export async function releaseBill(tx: CommandTx, input: { billId: string; note: string; by: string }, ctx: Pick<BillingContext, 'timeZone'>): Promise<string> {
  const bill = await heldBill(tx, input.billId);
  if (!bill.draft)
    throw new RuleViolation(
      'bill-not-rated',
      `bill ${input.billId} could not be rated (${bill.status === 'failed' ? 'the engine refused it' : 'a tariff or its usage is missing'}): it cannot be released as it is`,
      'conflict',
    );
  await tx.query('update bill set decided_by = $2, decision_note = $3 where id = $1', [bill.id, input.by, input.note]);
  const nominal = issueDateOf(bill);
  const today = todayIn(tx, ctx.timeZone);
  return issueInvoice(tx, bill, bill.draft, {
    estimated: bill.estimated,
    usage: bill.usage ?? { importWh: 0, exportWh: 0, estimatedIntervals: 0 },
    issueDate: nominal > today ? nominal : today,
    kind: bill.kind,
  });
}

/** billing-ops cancel a held bill with the reason: nothing is issued for the period. */
export async function cancelBill(tx: CommandTx, input: { billId: string; reason: string; by: string }): Promise<void> {
  const bill = await heldBill(tx, input.billId);
  await tx.query(`update bill set status = 'cancelled', decided_by = $2, decision_note = $3, updated_at = now() where id = $1`, [
    bill.id,
    input.by,
    input.reason,
  ]);
}
