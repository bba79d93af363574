import {
  PremiseLandlordChangedV1,
  PremiseRegisteredV1,
  ServicePointAddedV1,
  type Address,
  type Commodity,
  type ConnectionStatus,
  type PREMISE_TYPES,
  type Uuid,
} from '@utilia/contracts';
import { emit, is, type Aggregate, type Emitted, type RecordedEvent } from '../shared/decider';
import { notFound, RuleViolation } from '../shared/rules';

export interface PremiseState {
  exists: boolean;
  landlordAccountId: Uuid | null;
  /** The commodities it already has a service point for, with the point. */
  servicePoints: Array<{ servicePointId: Uuid; commodity: Commodity; marketId: string }>;
}

export type PremiseCommand =
  | { type: 'register'; premiseId: Uuid; address: Address; premiseType: (typeof PREMISE_TYPES)[number]; landlordAccountId: Uuid | null }
  | { type: 'change-landlord'; premiseId: Uuid; landlordAccountId: Uuid | null }
  | { type: 'add-service-point'; premiseId: Uuid; servicePointId: Uuid; commodity: Commodity; marketId: string; connectionStatus: ConnectionStatus };

export const premiseAggregate: Aggregate<PremiseState> = {
  initial: { exists: false, landlordAccountId: null, servicePoints: [] },
  evolve(state, event: RecordedEvent) {
    if (is(event, PremiseRegisteredV1)) return { ...state, exists: true, landlordAccountId: event.data.landlordAccountId };
    if (is(event, PremiseLandlordChangedV1)) return { ...state, landlordAccountId: event.data.landlordAccountId };
    if (is(event, ServicePointAddedV1)) {
      const { servicePointId, commodity, marketId } = event.data;
      return { ...state, servicePoints: [...state.servicePoints, { servicePointId, commodity, marketId }] };
    }
    return state;
  },
};

/**
 * Premise rules: registered once; a premise has at most one service point per commodity (a second
 * electricity supply is a second premise, e.g. a flat). ServicePointAdded is appended to the
 * premise stream, so two concurrent adds of one commodity cannot both pass.
 */
export function decidePremise(state: PremiseState, command: PremiseCommand): Emitted[] {
  switch (command.type) {
    case 'register': {
      if (state.exists) throw new RuleViolation('premise-already-registered', `premise ${command.premiseId} is already registered`, 'conflict');
      const { type: _t, ...data } = command;
      return [emit(PremiseRegisteredV1, data)];
    }
    case 'change-landlord':
      if (!state.exists) throw notFound('premise', command.premiseId);
      if (state.landlordAccountId === command.landlordAccountId) return [];
      return [emit(PremiseLandlordChangedV1, { premiseId: command.premiseId, landlordAccountId: command.landlordAccountId })];
    case 'add-service-point': {
      if (!state.exists) throw notFound('premise', command.premiseId);
      const same = state.servicePoints.find((sp) => sp.commodity === command.commodity);
      if (same) {
        throw new RuleViolation('commodity-already-served', `premise ${command.premiseId} already has ${command.commodity} service point ${same.servicePointId}`, 'conflict');
      }
      const { type: _t, ...data } = command;
      return [emit(ServicePointAddedV1, data)];
    }
  }
}
