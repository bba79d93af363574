import { PremiseLandlordChangedV1, PremiseRegisteredV1, type Address, type EventUnion, type PREMISE_TYPES, type Uuid } from '@utilia/contracts';
import { event, notFound, RuleViolation, unexpectedEvent, type Aggregate } from '@utilia/platform';

export interface PremiseState {
  exists: boolean;
  landlordAccountId: Uuid | null;
}

export type PremiseCommand =
  | { type: 'register'; premiseId: Uuid; address: Address; premiseType: (typeof PREMISE_TYPES)[number]; landlordAccountId: Uuid | null }
  | { type: 'change-landlord'; premiseId: Uuid; landlordAccountId: Uuid | null };

export const premiseEvents = [PremiseRegisteredV1, PremiseLandlordChangedV1] as const;
export type PremiseEvent = EventUnion<typeof premiseEvents>;

export const premiseAggregate: Aggregate<PremiseState, PremiseEvent> = {
  events: premiseEvents,
  initial: { exists: false, landlordAccountId: null },
  evolve(state, e) {
    switch (e.type) {
      case PremiseRegisteredV1.type:
        return { ...state, exists: true, landlordAccountId: e.data.landlordAccountId };
      case PremiseLandlordChangedV1.type:
        return { ...state, landlordAccountId: e.data.landlordAccountId };
      default:
        return unexpectedEvent(e);
    }
  },
};

/** Premise rules: registered once; the landlord changes only on a registered premise. (Its service points are their own streams.) */
export function decidePremise(state: PremiseState, command: PremiseCommand): PremiseEvent[] {
  switch (command.type) {
    case 'register': {
      if (state.exists) throw new RuleViolation('premise-already-registered', `premise ${command.premiseId} is already registered`, 'conflict');
      const { type: _t, ...data } = command;
      return [event(PremiseRegisteredV1, data)];
    }
    case 'change-landlord':
      if (!state.exists) throw notFound('premise', command.premiseId);
      if (state.landlordAccountId === command.landlordAccountId) return [];
      return [event(PremiseLandlordChangedV1, { premiseId: command.premiseId, landlordAccountId: command.landlordAccountId })];
  }
}
