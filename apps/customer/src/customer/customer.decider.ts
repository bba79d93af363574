import {
  CustomerDetailsChangedV1,
  CustomerProtectionAddedV1,
  CustomerProtectionEndedV1,
  CustomerRegisteredV1,
  type LocalDate,
  type PROTECTION_KINDS,
  type Uuid,
} from '@utilia/contracts';
import { emit, is, type Aggregate, type Emitted, type RecordedEvent } from '../shared/decider';
import { notFound, RuleViolation } from '../shared/rules';

/** The customer's details, as a command carries them (the event data minus the id). */
export type CustomerDetails = Omit<CustomerDetailsChangedV1, 'customerId'>;

type ProtectionKind = (typeof PROTECTION_KINDS)[number];

export interface CustomerState {
  exists: boolean;
  kind?: 'person' | 'organisation';
  protections: Record<Uuid, { kind: ProtectionKind; from: LocalDate; to: LocalDate | null; ended: boolean }>;
}

export type CustomerCommand =
  | { type: 'register'; customerId: Uuid; details: CustomerDetails }
  | { type: 'change-details'; customerId: Uuid; details: CustomerDetails }
  | { type: 'add-protection'; customerId: Uuid; protectionId: Uuid; kind: ProtectionKind; from: LocalDate; to: LocalDate | null; evidence: string }
  | { type: 'end-protection'; customerId: Uuid; protectionId: Uuid; endedOn: LocalDate; reason: string };

export const customerAggregate: Aggregate<CustomerState> = {
  initial: { exists: false, protections: {} },
  evolve(state: CustomerState, event: RecordedEvent): CustomerState {
    if (is(event, CustomerRegisteredV1)) return { ...state, exists: true, kind: event.data.kind };
    if (is(event, CustomerProtectionAddedV1)) {
      const { protectionId, kind, from, to } = event.data;
      return { ...state, protections: { ...state.protections, [protectionId]: { kind, from, to, ended: false } } };
    }
    if (is(event, CustomerProtectionEndedV1)) {
      const p = state.protections[event.data.protectionId];
      return p ? { ...state, protections: { ...state.protections, [event.data.protectionId]: { ...p, to: event.data.endedOn, ended: true } } } : state;
    }
    return state;
  },
};

/** Customer rules: a customer registers once; a protection's dates are in order and it ends once. */
export function decideCustomer(state: CustomerState, command: CustomerCommand, now: Date): Emitted[] {
  switch (command.type) {
    case 'register':
      if (state.exists) throw new RuleViolation('customer-already-registered', `customer ${command.customerId} is already registered`, 'conflict');
      return [
        emit(CustomerRegisteredV1, { customerId: command.customerId, kind: command.details.kind, displayName: command.details.displayName, registeredAt: now.toISOString() }),
        emit(CustomerDetailsChangedV1, { customerId: command.customerId, ...command.details }),
      ];
    case 'change-details':
      if (!state.exists) throw notFound('customer', command.customerId);
      if (command.details.kind !== state.kind) {
        throw new RuleViolation('customer-kind-immutable', `a ${state.kind} cannot become a ${command.details.kind}; register a new customer`, 'unprocessable');
      }
      return [emit(CustomerDetailsChangedV1, { customerId: command.customerId, ...command.details })];
    case 'add-protection': {
      if (!state.exists) throw notFound('customer', command.customerId);
      if (command.to !== null && command.to < command.from) {
        throw new RuleViolation('protection-ends-before-it-starts', `a protection cannot end (${command.to}) before it starts (${command.from})`);
      }
      const { type: _t, ...data } = command;
      return [emit(CustomerProtectionAddedV1, data)];
    }
    case 'end-protection': {
      if (!state.exists) throw notFound('customer', command.customerId);
      const p = state.protections[command.protectionId];
      if (!p) throw notFound('protection', command.protectionId);
      if (p.ended) throw new RuleViolation('protection-already-ended', `protection ${command.protectionId} has already ended`, 'conflict');
      if (command.endedOn < p.from) throw new RuleViolation('protection-ends-before-it-starts', `a protection cannot end (${command.endedOn}) before it starts (${p.from})`);
      return [emit(CustomerProtectionEndedV1, { customerId: command.customerId, protectionId: command.protectionId, kind: p.kind, endedOn: command.endedOn, reason: command.reason })];
    }
  }
}
