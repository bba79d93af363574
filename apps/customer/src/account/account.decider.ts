import {
  AccountClosedV1,
  AccountDetailsChangedV1,
  AccountOpenedV1,
  DisconnectionRefusedV1,
  FinalBillRequestedV1,
  FinalBillWithdrawnV1,
  type AccountRole,
  type Address,
  type CustomerClass,
  type EventUnion,
  type LocalDate,
  type Uuid,
} from '@utilia/contracts';
import { event, notFound, RuleViolation, unexpectedEvent, type Aggregate } from '@utilia/platform';
import { accountNumberOf } from './account-number';

export interface AccountDetails {
  billingAddress: Address;
  billCycle: string;
  /** Which tariffs the account may be on (absent on accounts opened before classes: not checked). */
  customerClass?: CustomerClass;
  roles: Array<{ customerId: Uuid; role: AccountRole }>;
}

export interface AccountState {
  exists: boolean;
  status: 'open' | 'closed';
  customerId?: Uuid;
  currency?: string;
  openedOn?: LocalDate;
  details?: AccountDetails;
  /** The final bills requested and not withdrawn, oldest first. */
  finalBills: Array<{ agreementId: Uuid; finalDate: LocalDate }>;
}

export type AccountCommand =
  | { type: 'open'; accountId: Uuid; sequence: number; customerId: Uuid; currency: string; openedOn: LocalDate; details: AccountDetails }
  | { type: 'change-details'; accountId: Uuid; details: AccountDetails }
  | { type: 'close'; accountId: Uuid; closedOn: LocalDate; agreementsInForce: number }
  | { type: 'request-final-bill'; request: FinalBillRequestedV1 }
  | { type: 'withdraw-final-bill'; withdrawal: FinalBillWithdrawnV1 }
  | { type: 'refuse-disconnection'; refusal: DisconnectionRefusedV1 };

/** The events of an account's stream: its life, and the process steps recorded on it. */
export const accountEvents = [
  AccountOpenedV1,
  AccountDetailsChangedV1,
  AccountClosedV1,
  FinalBillRequestedV1,
  FinalBillWithdrawnV1,
  DisconnectionRefusedV1,
] as const;
export type AccountEvent = EventUnion<typeof accountEvents>;

export const accountAggregate: Aggregate<AccountState, AccountEvent> = {
  events: accountEvents,
  initial: { exists: false, status: 'open', finalBills: [] },
  evolve(state, e) {
    switch (e.type) {
      case AccountOpenedV1.type:
        return { ...state, exists: true, status: 'open', customerId: e.data.customerId, currency: e.data.currency, openedOn: e.data.openedOn };
      case AccountDetailsChangedV1.type: {
        const { accountId: _a, ...details } = e.data;
        return { ...state, details };
      }
      case AccountClosedV1.type:
        return { ...state, status: 'closed' };
      case FinalBillRequestedV1.type:
        return { ...state, finalBills: [...state.finalBills, { agreementId: e.data.agreementId, finalDate: e.data.finalDate }] };
      case FinalBillWithdrawnV1.type:
        return { ...state, finalBills: state.finalBills.filter((b) => !(b.agreementId === e.data.agreementId && b.finalDate === e.data.finalDate)) };
      case DisconnectionRefusedV1.type:
        return state;
      default:
        return unexpectedEvent(e);
    }
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

function requireAccount(state: AccountState, accountId: Uuid): void {
  if (!state.exists) throw notFound('account', accountId);
}

/** Account rules: opened once with its main customer; closed only without agreements in force. */
export function decideAccount(state: AccountState, command: AccountCommand): AccountEvent[] {
  switch (command.type) {
    case 'open': {
      if (state.exists) throw new RuleViolation('account-already-open', `account ${command.accountId} already exists`, 'conflict');
      assertRoles(command.details, command.customerId);
      const { accountId, customerId, currency, openedOn, details } = command;
      return [
        event(AccountOpenedV1, { accountId, accountNumber: accountNumberOf(command.sequence), customerId, currency, billCycle: details.billCycle, openedOn }),
        event(AccountDetailsChangedV1, { accountId, ...details }),
      ];
    }
    case 'change-details':
      requireAccount(state, command.accountId);
      if (state.status === 'closed') throw new RuleViolation('account-closed', `account ${command.accountId} is closed`, 'conflict');
      assertRoles(command.details, state.customerId as Uuid);
      return [
        event(AccountDetailsChangedV1, {
          accountId: command.accountId,
          ...command.details,
          // A change that does not say the class keeps the one the account has.
          ...((command.details.customerClass ?? state.details?.customerClass)
            ? { customerClass: command.details.customerClass ?? state.details?.customerClass }
            : {}),
        }),
      ];
    case 'close':
      requireAccount(state, command.accountId);
      if (state.status === 'closed') throw new RuleViolation('account-closed', `account ${command.accountId} is already closed`, 'conflict');
      if (command.agreementsInForce > 0) {
        throw new RuleViolation(
          'account-has-service',
          `account ${command.accountId} still has ${command.agreementsInForce} active or pending service agreement(s)`,
          'conflict',
        );
      }
      if (state.openedOn && command.closedOn < state.openedOn)
        throw new RuleViolation('close-before-open', `an account cannot close before it opened (${state.openedOn})`);
      return [event(AccountClosedV1, { accountId: command.accountId, closedOn: command.closedOn })];
    case 'request-final-bill': {
      requireAccount(state, command.request.accountId);
      const { agreementId, finalDate } = command.request;
      if (state.finalBills.some((b) => b.agreementId === agreementId && b.finalDate === finalDate)) {
        throw new RuleViolation(
          'final-bill-already-requested',
          `the final bill of account ${command.request.accountId} for ${finalDate} is requested already`,
          'conflict',
        );
      }
      return [event(FinalBillRequestedV1, command.request)];
    }
    case 'withdraw-final-bill': {
      requireAccount(state, command.withdrawal.accountId);
      const { agreementId, finalDate } = command.withdrawal;
      if (!state.finalBills.some((b) => b.agreementId === agreementId && b.finalDate === finalDate)) {
        throw new RuleViolation(
          'final-bill-not-requested',
          `account ${command.withdrawal.accountId} has no final bill requested for ${finalDate}`,
          'not-found',
        );
      }
      return [event(FinalBillWithdrawnV1, command.withdrawal)];
    }
    case 'refuse-disconnection':
      requireAccount(state, command.refusal.accountId);
      return [event(DisconnectionRefusedV1, command.refusal)];
  }
}
