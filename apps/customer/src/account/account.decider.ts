import {
  AccountClosedV1,
  AccountDetailsChangedV1,
  AccountOpenedV1,
  type AccountRole,
  type Address,
  type LocalDate,
  type Uuid,
} from '@utilia/contracts';
import { emit, is, type Aggregate, type Emitted, type RecordedEvent } from '../shared/decider';
import { notFound, RuleViolation } from '../shared/rules';
import { accountNumberOf } from './account-number';

export interface AccountDetails {
  billingAddress: Address;
  billCycle: string;
  roles: Array<{ customerId: Uuid; role: AccountRole }>;
}

export interface AccountState {
  exists: boolean;
  status: 'open' | 'closed';
  customerId?: Uuid;
  currency?: string;
  openedOn?: LocalDate;
  details?: AccountDetails;
}

export type AccountCommand =
  | { type: 'open'; accountId: Uuid; sequence: number; customerId: Uuid; currency: string; openedOn: LocalDate; details: AccountDetails }
  | { type: 'change-details'; accountId: Uuid; details: AccountDetails }
  | { type: 'close'; accountId: Uuid; closedOn: LocalDate; agreementsInForce: number };

export const accountAggregate: Aggregate<AccountState> = {
  initial: { exists: false, status: 'open' },
  evolve(state, event: RecordedEvent) {
    if (is(event, AccountOpenedV1)) {
      return { ...state, exists: true, status: 'open', customerId: event.data.customerId, currency: event.data.currency, openedOn: event.data.openedOn };
    }
    if (is(event, AccountDetailsChangedV1)) {
      const { accountId: _a, ...details } = event.data;
      return { ...state, details };
    }
    if (is(event, AccountClosedV1)) return { ...state, status: 'closed' };
    return state;
  },
};

/** Rule: exactly one main customer, who is the customer the account was opened for; no customer twice in one role. */
function assertRoles(details: AccountDetails, mainCustomerId: Uuid): void {
  const mains = details.roles.filter((r) => r.role === 'main');
  if (mains.length !== 1 || mains[0].customerId !== mainCustomerId) {
    throw new RuleViolation('account-needs-one-main-customer', `an account has exactly one main customer, ${mainCustomerId}`);
  }
  const seen = new Set(details.roles.map((r) => `${r.customerId}/${r.role}`));
  if (seen.size !== details.roles.length) throw new RuleViolation('duplicate-account-role', 'a customer holds each role of an account at most once');
}

/** Account rules: opened once with its main customer; closed only without agreements in force. */
export function decideAccount(state: AccountState, command: AccountCommand): Emitted[] {
  switch (command.type) {
    case 'open': {
      if (state.exists) throw new RuleViolation('account-already-open', `account ${command.accountId} already exists`, 'conflict');
      assertRoles(command.details, command.customerId);
      const { accountId, customerId, currency, openedOn, details } = command;
      return [
        emit(AccountOpenedV1, { accountId, accountNumber: accountNumberOf(command.sequence), customerId, currency, billCycle: details.billCycle, openedOn }),
        emit(AccountDetailsChangedV1, { accountId, ...details }),
      ];
    }
    case 'change-details':
      if (!state.exists) throw notFound('account', command.accountId);
      if (state.status === 'closed') throw new RuleViolation('account-closed', `account ${command.accountId} is closed`, 'conflict');
      assertRoles(command.details, state.customerId as Uuid);
      return [emit(AccountDetailsChangedV1, { accountId: command.accountId, ...command.details })];
    case 'close':
      if (!state.exists) throw notFound('account', command.accountId);
      if (state.status === 'closed') throw new RuleViolation('account-closed', `account ${command.accountId} is already closed`, 'conflict');
      if (command.agreementsInForce > 0) {
        throw new RuleViolation('account-has-service', `account ${command.accountId} still has ${command.agreementsInForce} active or pending service agreement(s)`, 'conflict');
      }
      if (state.openedOn && command.closedOn < state.openedOn) throw new RuleViolation('close-before-open', `an account cannot close before it opened (${state.openedOn})`);
      return [emit(AccountClosedV1, { accountId: command.accountId, closedOn: command.closedOn })];
  }
}
