import type { LocalDate, MeteringArrangement, Uuid } from '@utilia/contracts';
import { notFound, RuleViolation, type CommandTx } from '@utilia/platform';
import { accountAggregate } from '../account/account.decider';
import { assertOpenAccount, requestFinalBill, withdrawFinalBill } from '../account/account.handler';
import { premiseAggregate } from '../premise/premise.decider';
import { publishedTariffs } from '../read-models/tariff-catalog/tariff-catalog.projection';
import type { DatePolicy } from '../shared/policy';
import { decideWorkOrder, workOrderAggregate } from '../work-order/work-order.decider';
import { scheduleWorkOrder } from '../work-order/work-order.handler';
import { reconcileFinalBill, type AccountAgreement } from './final-bill';
import { decideServicePoint, servicePointAggregate, tariffOn } from './service-point.decider';

/** Decisions that depend on all of an account's agreements take turns per account (final bill, closing). */
const lockAccountService = (tx: CommandTx, accountId: Uuid) => tx.lock(`customer.account-service:${accountId}`);

/** The service point, account and start of an agreement (from the read model). */
async function agreementRef(tx: CommandTx, agreementId: Uuid): Promise<{ servicePointId: Uuid; accountId: Uuid; startDate: LocalDate }> {
  const [row] = await tx.query<{ service_point_id: string; account_id: string; start_date: string }>(
    'select service_point_id, account_id, start_date from rm_agreement where id = $1',
    [agreementId],
  );
  if (!row) throw notFound('service-agreement', agreementId);
  return { servicePointId: row.service_point_id, accountId: row.account_id, startDate: row.start_date };
}

/** An account's agreements by their dates, with the change this command makes to one of them (the read model has not seen it yet). */
async function agreementsOf(tx: CommandTx, accountId: Uuid, changed: AccountAgreement): Promise<AccountAgreement[]> {
  const rows = await tx.query<{ id: string; service_point_id: string; start_date: string; end_date: string | null }>(
    'select id, service_point_id, start_date, end_date from rm_agreement where account_id = $1',
    [accountId],
  );
  const others = rows
    .filter((r) => r.id !== changed.agreementId)
    .map((r) => ({ agreementId: r.id, servicePointId: r.service_point_id, startDate: r.start_date, endDate: r.end_date }));
  return [...others, changed];
}

/** Whether the account's agreements, with `changed`, leave none open-ended (then its final bill is due). */
async function leavesNoService(tx: CommandTx, accountId: Uuid, changed: AccountAgreement): Promise<boolean> {
  return (await agreementsOf(tx, accountId, changed)).every((a) => a.endDate !== null);
}

/** The final read of an agreement's stop: the read-check its move-out or transfer scheduled. */
async function finalReadOf(tx: CommandTx, agreementId: Uuid): Promise<string | undefined> {
  const [row] = await tx.query<{ id: string }>(
    `select id from rm_work_order where type = 'read-check' and requested_by->>'ref' = any($1) order by scheduled_at desc limit 1`,
    [[`move-out:${agreementId}`, `transfer:${agreementId}`]],
  );
  return row?.id;
}

/**
 * After a change of one of an account's agreements (a move-in, stop, transfer, moved or cancelled
 * stop): asks for the final bill the account's agreements now make due, or withdraws one that no
 * longer holds (see `reconcileFinalBill`). `finalRead`: the read-check this command scheduled for
 * the changed agreement (not in the read model yet). Returns whether a final bill was asked for.
 */
async function settleFinalBill(tx: CommandTx, accountId: Uuid, changed: AccountAgreement, finalRead?: string): Promise<boolean> {
  const { state } = await tx.load(accountAggregate, accountId);
  const decision = reconcileFinalBill(await agreementsOf(tx, accountId, changed), state.finalBills);
  if (decision.withdraw) {
    const reason = decision.request
      ? `the last day of service moved to ${decision.request.finalDate}`
      : 'service goes on: the stop was called off or service started again';
    await withdrawFinalBill(tx, { accountId, ...decision.withdraw, reason });
  }
  if (!decision.request) return false;
  const { agreementId, servicePointId, finalDate } = decision.request;
  const finalReadWorkOrderId =
    (agreementId === changed.agreementId ? finalRead : undefined) ??
    (await finalReadOf(tx, agreementId)) ??
    (await scheduleWorkOrder(tx, {
      workType: 'read-check',
      servicePointId,
      accountId,
      reason: 'final-read',
      requestedBy: { kind: 'process', ref: `move-out:${agreementId}` },
    }));
  await requestFinalBill(tx, { accountId, agreementId, servicePointId, finalDate, finalReadWorkOrderId });
  return true;
}

/**
 * Move-in: an agreement of an open account on a service point, on a tariff rating published (see
 * the catalog copy, `publishedTariffs`); a point off supply gets a connect work order.
 */
export async function startService(
  tx: CommandTx,
  input: { agreementId: Uuid; accountId: Uuid; servicePointId: Uuid; tariffCode: string; startDate: LocalDate; meteringArrangement?: MeteringArrangement },
  policy: DatePolicy,
): Promise<{ agreementId: string; connectWorkOrderId: string | null }> {
  const account = await assertOpenAccount(tx, input.accountId);
  const { state, version } = await tx.load(servicePointAggregate, input.servicePointId);
  if (!state.exists) throw notFound('service-point', input.servicePointId);
  const catalog = await publishedTariffs(tx, [input.tariffCode]);
  const customerClass = account.details?.customerClass;
  await tx.append(input.servicePointId, version, decideServicePoint(state, { type: 'start', ...input, catalog, customerClass }, tx.now, policy));
  await lockAccountService(tx, input.accountId);
  await settleFinalBill(tx, input.accountId, {
    agreementId: input.agreementId,
    servicePointId: input.servicePointId,
    startDate: input.startDate,
    endDate: null,
  });
  // A point off supply needs a crew before the customer has service.
  const connectWorkOrderId =
    state.connectionStatus === 'connected'
      ? null
      : await scheduleWorkOrder(tx, {
          workType: 'connect',
          servicePointId: input.servicePointId,
          accountId: input.accountId,
          reason: 'move-in',
          requestedBy: { kind: 'process', ref: `move-in:${input.agreementId}` },
        });
  return { agreementId: input.agreementId, connectWorkOrderId };
}

/** Move-out on the last day of service: a final read and, when it leaves the account without service, the final bill. */
export async function stopService(
  tx: CommandTx,
  input: { agreementId: Uuid; endDate: LocalDate; reason: 'move-out' | 'other' },
  policy: DatePolicy,
): Promise<{ agreementId: string; finalReadWorkOrderId: string; finalBillRequested: boolean }> {
  const { agreementId, endDate } = input;
  const { servicePointId, accountId, startDate } = await agreementRef(tx, agreementId);
  await lockAccountService(tx, accountId);
  const changed = { agreementId, servicePointId, startDate, endDate };
  const lastOne = await leavesNoService(tx, accountId, changed);
  const { state, version } = await tx.load(servicePointAggregate, servicePointId);
  await tx.append(servicePointId, version, decideServicePoint(state, { type: 'stop', ...input, finalBillRequested: lastOne }, tx.now, policy));
  const finalReadWorkOrderId = await scheduleWorkOrder(tx, {
    workType: 'read-check',
    servicePointId,
    accountId,
    reason: 'final-read',
    requestedBy: { kind: 'process', ref: `move-out:${agreementId}` },
  });
  const finalBillRequested = await settleFinalBill(tx, accountId, changed, finalReadWorkOrderId);
  return { agreementId, finalReadWorkOrderId, finalBillRequested };
}

/** A tariff change of an agreement from a date (a change of the same date is replaced), to a tariff rating published. */
export async function changeTariff(
  tx: CommandTx,
  input: { agreementId: Uuid; tariffCode: string; effectiveFrom: LocalDate },
  policy: DatePolicy,
): Promise<void> {
  const { servicePointId, accountId } = await agreementRef(tx, input.agreementId);
  const { state, version } = await tx.load(servicePointAggregate, servicePointId);
  const catalog = await publishedTariffs(tx, [input.tariffCode]);
  const customerClass = (await tx.load(accountAggregate, accountId)).state.details?.customerClass;
  await tx.append(servicePointId, version, decideServicePoint(state, { type: 'change-tariff', ...input, catalog, customerClass }, tx.now, policy));
}

/** Withdraws a scheduled tariff change before it takes effect. */
export async function cancelTariffChange(tx: CommandTx, input: { agreementId: Uuid; effectiveFrom: LocalDate }, policy: DatePolicy): Promise<void> {
  const { servicePointId } = await agreementRef(tx, input.agreementId);
  const { state, version } = await tx.load(servicePointAggregate, servicePointId);
  await tx.append(servicePointId, version, decideServicePoint(state, { type: 'cancel-tariff-change', ...input }, tx.now, policy));
}

/** Moves a scheduled stop to another last day; the final bill follows the account's new last day of service. */
export async function amendStop(
  tx: CommandTx,
  input: { agreementId: Uuid; endDate: LocalDate },
  policy: DatePolicy,
): Promise<{ agreementId: string; endDate: string; finalBillRequested: boolean }> {
  const { servicePointId, accountId, startDate } = await agreementRef(tx, input.agreementId);
  await lockAccountService(tx, accountId);
  const { state, version } = await tx.load(servicePointAggregate, servicePointId);
  await tx.append(servicePointId, version, decideServicePoint(state, { type: 'amend-stop', ...input }, tx.now, policy));
  const finalBillRequested = await settleFinalBill(tx, accountId, { agreementId: input.agreementId, servicePointId, startDate, endDate: input.endDate });
  return { agreementId: input.agreementId, endDate: input.endDate, finalBillRequested };
}

/** Calls off a scheduled stop: the agreement is open-ended again, its final read cancelled and a final bill it made due withdrawn. */
export async function cancelStop(tx: CommandTx, agreementId: Uuid, policy: DatePolicy): Promise<{ agreementId: string }> {
  const { servicePointId, accountId, startDate } = await agreementRef(tx, agreementId);
  await lockAccountService(tx, accountId);
  const { state, version } = await tx.load(servicePointAggregate, servicePointId);
  await tx.append(servicePointId, version, decideServicePoint(state, { type: 'cancel-stop', agreementId }, tx.now, policy));
  const finalRead = await finalReadOf(tx, agreementId);
  if (finalRead) {
    const order = await tx.load(workOrderAggregate, finalRead);
    if (order.state.status === 'scheduled' || order.state.status === 'dispatched') {
      await tx.append(
        finalRead,
        order.version,
        decideWorkOrder(order.state, { type: 'cancel', workOrderId: finalRead, reason: 'the move-out was called off' }, tx.now),
      );
    }
  }
  await settleFinalBill(tx, accountId, { agreementId, servicePointId, startDate, endDate: null });
  return { agreementId };
}

/**
 * A transfer on a date: the agreement in force stops and the incoming account's starts the same
 * day; without an incoming account, service reverts to the premise's landlord.
 */
export async function transferServicePoint(
  tx: CommandTx,
  input: { servicePointId: Uuid; date: LocalDate; agreementId: Uuid; toAccountId: Uuid | null; tariffCode: string | null },
  policy: DatePolicy,
): Promise<{
  stoppedAgreementId: string;
  agreementId: string;
  toAccountId: string;
  landlordReversion: boolean;
  transferReadWorkOrderId: string;
  finalBillRequested: boolean;
}> {
  const { servicePointId, date, agreementId } = input;
  const { state, version } = await tx.load(servicePointAggregate, servicePointId);
  if (!state.exists) throw notFound('service-point', servicePointId);
  let toAccountId = input.toAccountId;
  if (toAccountId === null) {
    toAccountId = (await tx.load(premiseAggregate, state.premiseId as string)).state.landlordAccountId;
    if (toAccountId === null) throw new RuleViolation('no-incoming-account', 'nobody moves in and the premise has no landlord account to revert to');
  }
  const toAccount = await assertOpenAccount(tx, toAccountId);
  const outgoing = state.agreements.find((a) => a.endDate === null && a.startDate <= date);
  // Both accounts' agreements change: their final-bill decisions take turns, in one order everywhere.
  for (const accountId of [...new Set([outgoing?.accountId, toAccountId].filter((a): a is string => a !== undefined))].sort())
    await lockAccountService(tx, accountId);
  const changed: AccountAgreement | undefined = outgoing && { agreementId: outgoing.agreementId, servicePointId, startDate: outgoing.startDate, endDate: date };
  const lastOne = outgoing && changed ? await leavesNoService(tx, outgoing.accountId, changed) : false;
  const incoming = { agreementId, accountId: toAccountId, tariffCode: input.tariffCode, customerClass: toAccount.details?.customerClass };
  // The incoming agreement starts on the tariff named, else on the outgoing one's: the decider says which.
  const codes = [input.tariffCode, outgoing && tariffOn(outgoing, date)].filter((c): c is string => typeof c === 'string');
  const catalog = await publishedTariffs(tx, codes);
  await tx.append(
    servicePointId,
    version,
    decideServicePoint(state, { type: 'transfer', date, incoming, outgoingFinalBillRequested: lastOne, catalog }, tx.now, policy),
  );
  // The decider refused the transfer without an outgoing agreement.
  const out = outgoing as NonNullable<typeof outgoing>;
  const transferReadWorkOrderId = await scheduleWorkOrder(tx, {
    workType: 'read-check',
    servicePointId,
    accountId: toAccountId,
    reason: 'transfer-read',
    requestedBy: { kind: 'process', ref: `transfer:${out.agreementId}` },
  });
  const finalBillRequested = await settleFinalBill(tx, out.accountId, changed as AccountAgreement, transferReadWorkOrderId);
  await settleFinalBill(tx, toAccountId, { agreementId, servicePointId, startDate: date, endDate: null });
  return {
    stoppedAgreementId: out.agreementId,
    agreementId,
    toAccountId,
    landlordReversion: input.toAccountId === null,
    transferReadWorkOrderId,
    finalBillRequested,
  };
}
