import type { DisconnectionRefusedV1, FinalBillRequestedV1, FinalBillWithdrawnV1, LocalDate, Uuid } from '@utilia/contracts';
import { localDateOf, notFound, RuleViolation, type CommandTx } from '@utilia/platform';
import { customerAggregate } from '../customer/customer.decider';
import { accountAggregate, decideAccount, type AccountDetails, type AccountState } from './account.decider';

/** Every role lists the main customer: added in front when the request did not name one. */
export function withMainCustomer(roles: AccountDetails['roles'] | undefined, mainCustomerId: Uuid): AccountDetails['roles'] {
  const list = [...(roles ?? [])];
  if (!list.some((r) => r.role === 'main')) list.unshift({ customerId: mainCustomerId, role: 'main' });
  return list;
}

/** Rule: everyone named in a role is a registered customer. */
async function assertCustomers(tx: CommandTx, details: AccountDetails): Promise<void> {
  for (const customerId of new Set(details.roles.map((r) => r.customerId))) {
    if (!(await tx.load(customerAggregate, customerId)).state.exists) throw notFound('customer', customerId);
  }
}

/** Rule: service is given (and a landlord named) only under an open account. */
export async function assertOpenAccount(tx: CommandTx, accountId: Uuid, role = 'account'): Promise<AccountState> {
  const { state } = await tx.load(accountAggregate, accountId);
  if (!state.exists) throw notFound('account', accountId);
  if (state.status === 'closed') throw new RuleViolation('account-closed', `${role} ${accountId} is closed`, 'conflict');
  return state;
}

/** Opens an account with the next account number; returns it. */
export async function openAccount(
  tx: CommandTx,
  input: { accountId: Uuid; customerId: Uuid; currency: string; openedOn?: LocalDate; details: AccountDetails },
  timeZone: string,
): Promise<{ accountId: string; accountNumber: string }> {
  await assertCustomers(tx, input.details);
  const [{ n }] = await tx.query<{ n: string }>(`select nextval('account_number_seq') as n`);
  const openedOn = input.openedOn ?? localDateOf(tx.now, timeZone);
  const events = decideAccount(accountAggregate.initial, { type: 'open', ...input, sequence: Number(n), openedOn });
  await tx.append(input.accountId, 'no-stream', events);
  return { accountId: input.accountId, accountNumber: (events[0].data as { accountNumber: string }).accountNumber };
}

/** Replaces an account's billing address, bill cycle and roles. */
export async function changeAccountDetails(
  tx: CommandTx,
  accountId: Uuid,
  details: Omit<AccountDetails, 'roles'> & { roles?: AccountDetails['roles'] },
): Promise<void> {
  const { state, version } = await tx.load(accountAggregate, accountId);
  const complete = { ...details, roles: state.customerId ? withMainCustomer(details.roles, state.customerId) : (details.roles ?? []) };
  await assertCustomers(tx, complete);
  await tx.append(accountId, version, decideAccount(state, { type: 'change-details', accountId, details: complete }));
}

/** Closes an account that has no agreement in force on or after `closedOn`. */
export async function closeAccount(tx: CommandTx, accountId: Uuid, closedOn: LocalDate): Promise<void> {
  await tx.lock(`customer.account-service:${accountId}`);
  const { state, version } = await tx.load(accountAggregate, accountId);
  const [{ n }] = await tx.query<{ n: number }>('select count(*)::int as n from rm_agreement where account_id = $1 and (end_date is null or end_date > $2)', [
    accountId,
    closedOn,
  ]);
  await tx.append(accountId, version, decideAccount(state, { type: 'close', accountId, closedOn, agreementsInForce: n }));
}

/** Records on the account that its final bill is due. */
export async function requestFinalBill(tx: CommandTx, request: FinalBillRequestedV1): Promise<void> {
  const { state, version } = await tx.load(accountAggregate, request.accountId);
  await tx.append(request.accountId, version, decideAccount(state, { type: 'request-final-bill', request }));
}

/** Records on the account that a disconnection collections asked for was refused, and why. */
export async function refuseDisconnection(tx: CommandTx, refusal: DisconnectionRefusedV1): Promise<void> {
  const { state, version } = await tx.load(accountAggregate, refusal.accountId);
  await tx.append(refusal.accountId, version, decideAccount(state, { type: 'refuse-disconnection', refusal }));
}

/** Records on the account that a final bill requested earlier is no longer due as requested. */
export async function withdrawFinalBill(tx: CommandTx, withdrawal: FinalBillWithdrawnV1): Promise<void> {
  const { state, version } = await tx.load(accountAggregate, withdrawal.accountId);
  await tx.append(withdrawal.accountId, version, decideAccount(state, { type: 'withdraw-final-bill', withdrawal }));
}
