import {
  CustomerDetailsChangedV1,
  CustomerProtectionAddedV1,
  CustomerProtectionEndedV1,
  CustomerRegisteredV1,
  type EventUnion,
  type LocalDate,
  type PROTECTION_KINDS,
  type Uuid,
} from '@utilia/contracts';
import { event, notFound, RuleViolation, unexpectedEvent, type Aggregate } from '@utilia/platform';

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

export const customerEvents = [CustomerRegisteredV1, CustomerDetailsChangedV1, CustomerProtectionAddedV1, CustomerProtectionEndedV1] as const;
export type CustomerEvent = EventUnion<typeof customerEvents>;

export const customerAggregate: Aggregate<CustomerState, CustomerEvent> = {
  events: customerEvents,
  initial: { exists: false, protections: {} },
  evolve(state, e) {
    switch (e.type) {
      case CustomerRegisteredV1.type:
        return { ...state, exists: true, kind: e.data.kind };
      case CustomerDetailsChangedV1.type:
        return state;
      case CustomerProtectionAddedV1.type: {
        const { protectionId, kind, from, to } = e.data;
        return { ...state, protections: { ...state.protections, [protectionId]: { kind, from, to, ended: false } } };
      }
      case CustomerProtectionEndedV1.type: {
        const p = state.protections[e.data.protectionId];
        return p ? { ...state, protections: { ...state.protections, [e.data.protectionId]: { ...p, to: e.data.endedOn, ended: true } } } : state;
      }
      default:
        return unexpectedEvent(e);
    }
  },
};

/** Customer rules: a customer registers once; a protection's dates are in order and it ends once. */
export function decideCustomer(state: CustomerState, command: CustomerCommand, now: Date): CustomerEvent[] {
  switch (command.type) {
    case 'register':
      if (state.exists) throw new RuleViolation('customer-already-registered', `customer ${command.customerId} is already registered`, 'conflict');
      return [
        event(CustomerRegisteredV1, {
          customerId: command.customerId,
          kind: command.details.kind,
          displayName: command.details.displayName,
          registeredAt: now.toISOString(),
        }),
        event(CustomerDetailsChangedV1, { customerId: command.customerId, ...command.details }),
      ];
    case 'change-details':
      if (!state.exists) throw notFound('customer', command.customerId);
      if (command.details.kind !== state.kind) {
        throw new RuleViolation('customer-kind-immutable', `a ${state.kind} cannot become a ${command.details.kind}; register a new customer`, 'unprocessable');
      }
      return [event(CustomerDetailsChangedV1, { customerId: command.customerId, ...command.details })];
    case 'add-protection': {
      if (!state.exists) throw notFound('customer', command.customerId);
      if (command.to !== null && command.to < command.from) {
        throw new RuleViolation('protection-ends-before-it-starts', `a protection cannot end (${command.to}) before it starts (${command.from})`);
      }
      const { type: _t, ...data } = command;
      return [event(CustomerProtectionAddedV1, data)];
    }
    case 'end-protection': {
      if (!state.exists) throw notFound('customer', command.customerId);
      const p = state.protections[command.protectionId];
      if (!p) throw notFound('protection', command.protectionId);
      if (p.ended) throw new RuleViolation('protection-already-ended', `protection ${command.protectionId} has already ended`, 'conflict');
      if (command.endedOn < p.from)
        throw new RuleViolation('protection-ends-before-it-starts', `a protection cannot end (${command.endedOn}) before it starts (${p.from})`);
      return [
        event(CustomerProtectionEndedV1, {
          customerId: command.customerId,
          protectionId: command.protectionId,
          kind: p.kind,
          endedOn: command.endedOn,
          reason: command.reason,
        }),
      ];
    }
  }
}
