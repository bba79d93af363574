import type { LocalDate, Uuid } from '@utilia/contracts';
import { notFound, RuleViolation, type CommandTx } from '@utilia/platform';
import { assertOpenAccount, requestFinalBill } from '../account/account.handler';
import { premiseAggregate } from '../premise/premise.decider';
import type { DatePolicy } from '../shared/policy';
import { scheduleWorkOrder } from '../work-order/work-order.handler';
import { decideServicePoint, servicePointAggregate } from './service-point.decider';

/** Decisions that depend on all of an account's agreements take turns per account (final bill, closing). */
const lockAccountService = (tx: CommandTx, accountId: Uuid) => tx.lock(`customer.account-service:${accountId}`);

/** Whether stopping `agreementId` on `endDate` leaves the account without service (then a final bill is due). */
async function isLastAgreement(tx: CommandTx, accountId: Uuid, agreementId: Uuid, endDate: LocalDate): Promise<boolean> {
  const [{ n }] = await tx.query<{ n: number }>(
    'select count(*)::int as n from rm_agreement where account_id = $1 and id <> $2 and (end_date is null or end_date > $3)',
    [accountId, agreementId, endDate],
  );
  return n === 0;
}

/** The service point and account an agreement belongs to (from the read model). */
async function agreementRef(tx: CommandTx, agreementId: Uuid): Promise<{ servicePointId: Uuid; accountId: Uuid }> {
  const [row] = await tx.query<{ service_point_id: string; account_id: string }>('select service_point_id, account_id from rm_agreement where id = $1', [
    agreementId,
  ]);
  if (!row) throw notFound('service-agreement', agreementId);
  return { servicePointId: row.service_point_id, accountId: row.account_id };
}

/** Move-in: an agreement of an open account on a service point; a point off supply gets a connect work order. */
export async function startService(
  tx: CommandTx,
  input: { agreementId: Uuid; accountId: Uuid; servicePointId: Uuid; tariffCode: string; startDate: LocalDate },
  policy: DatePolicy,
): Promise<{ agreementId: string; connectWorkOrderId: string | null }> {
  await assertOpenAccount(tx, input.accountId);
  const { state, version } = await tx.load(servicePointAggregate, input.servicePointId);
  if (!state.exists) throw notFound('service-point', input.servicePointId);
  await tx.append(input.servicePointId, version, decideServicePoint(state, { type: 'start', ...input }, tx.now, policy));
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

/** Move-out on the last day of service: a final read and, for the account's last agreement, the final bill. */
export async function stopService(
  tx: CommandTx,
  input: { agreementId: Uuid; endDate: LocalDate; reason: 'move-out' | 'other' },
  policy: DatePolicy,
): Promise<{ agreementId: string; finalReadWorkOrderId: string; finalBillRequested: boolean }> {
  const { agreementId, endDate } = input;
  const { servicePointId, accountId } = await agreementRef(tx, agreementId);
  await lockAccountService(tx, accountId);
  const finalBillRequested = await isLastAgreement(tx, accountId, agreementId, endDate);
  const { state, version } = await tx.load(servicePointAggregate, servicePointId);
  await tx.append(servicePointId, version, decideServicePoint(state, { type: 'stop', ...input, finalBillRequested }, tx.now, policy));
  const finalReadWorkOrderId = await scheduleWorkOrder(tx, {
    workType: 'read-check',
    servicePointId,
    accountId,
    reason: 'final-read',
    requestedBy: { kind: 'process', ref: `move-out:${agreementId}` },
  });
  if (finalBillRequested) await requestFinalBill(tx, { accountId, agreementId, servicePointId, finalDate: endDate, finalReadWorkOrderId });
  return { agreementId, finalReadWorkOrderId, finalBillRequested };
}

/** A tariff change of an agreement from a date. */
export async function changeTariff(
  tx: CommandTx,
  input: { agreementId: Uuid; tariffCode: string; effectiveFrom: LocalDate },
  policy: DatePolicy,
): Promise<void> {
  const { servicePointId } = await agreementRef(tx, input.agreementId);
  const { state, version } = await tx.load(servicePointAggregate, servicePointId);
  await tx.append(servicePointId, version, decideServicePoint(state, { type: 'change-tariff', ...input }, tx.now, policy));
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
  await assertOpenAccount(tx, toAccountId);
  const outgoing = state.agreements.find((a) => a.endDate === null && a.startDate <= date);
  let finalBillRequested = false;
  if (outgoing) {
    await lockAccountService(tx, outgoing.accountId);
    finalBillRequested = await isLastAgreement(tx, outgoing.accountId, outgoing.agreementId, date);
  }
  const incoming = { agreementId, accountId: toAccountId, tariffCode: input.tariffCode };
  await tx.append(
    servicePointId,
    version,
    decideServicePoint(state, { type: 'transfer', date, incoming, outgoingFinalBillRequested: finalBillRequested }, tx.now, policy),
  );
  const out = outgoing as NonNullable<typeof outgoing>; // the decider refused the transfer otherwise
  const transferReadWorkOrderId = await scheduleWorkOrder(tx, {
    workType: 'read-check',
    servicePointId,
    accountId: toAccountId,
    reason: 'transfer-read',
    requestedBy: { kind: 'process', ref: `transfer:${out.agreementId}` },
  });
  if (finalBillRequested)
    await requestFinalBill(tx, {
      accountId: out.accountId,
      agreementId: out.agreementId,
      servicePointId,
      finalDate: date,
      finalReadWorkOrderId: transferReadWorkOrderId,
    });
  return {
    stoppedAgreementId: out.agreementId,
    agreementId,
    toAccountId,
    landlordReversion: input.toAccountId === null,
    transferReadWorkOrderId,
    finalBillRequested,
  };
}
