import {
  ServiceAgreementStartedV2,
  ServiceAgreementStoppedV1,
  ServiceAgreementTariffChangedV1,
  ServicePointAddedV1,
  ServicePointConnectionChangedV1,
  ServicePointMeterChangedV1,
  type Commodity,
  type ConnectionStatus,
  type EventUnion,
  type LocalDate,
  type STOP_REASONS,
  type Uuid,
  type WorkOrderType,
} from '@utilia/contracts';
import { event, notFound, replay, RuleViolation, unexpectedEvent, type Aggregate } from '@utilia/platform';
import { assertNotTooFarInPast, type DatePolicy } from '../shared/policy';

/** A service agreement as its service point knows it. */
export interface AgreementState {
  agreementId: Uuid;
  accountId: Uuid;
  startDate: LocalDate;
  /** The last day of service; null while open-ended. */
  endDate: LocalDate | null;
  /** Tariffs in force, oldest first; the first starts on `startDate`. */
  tariffs: Array<{ tariffCode: string; from: LocalDate }>;
}

/**
 * A service point and every agreement ever made on it. The agreements live in the service point's
 * stream, so the rule "never two agreements in force at once" is checked against the whole history
 * and protected by the stream's expected version: two concurrent move-ins cannot both be appended.
 */
export interface ServicePointState {
  exists: boolean;
  servicePointId?: Uuid;
  premiseId?: Uuid;
  commodity?: Commodity;
  connectionStatus: ConnectionStatus;
  meterSerial: string | null;
  agreements: AgreementState[];
}

type StopReason = (typeof STOP_REASONS)[number];

export type ServicePointCommand =
  | {
      type: 'add';
      premiseId: Uuid;
      servicePointId: Uuid;
      commodity: Commodity;
      marketId: string;
      connectionStatus: ConnectionStatus;
      /** What the premise is: whether it exists, and its points (one per commodity). */
      premiseExists: boolean;
      pointsOfPremise: Array<{ servicePointId: Uuid; commodity: Commodity }>;
    }
  | { type: 'start'; agreementId: Uuid; accountId: Uuid; tariffCode: string; startDate: LocalDate }
  | { type: 'stop'; agreementId: Uuid; endDate: LocalDate; reason: StopReason; finalBillRequested: boolean }
  | { type: 'transfer'; date: LocalDate; incoming: { agreementId: Uuid; accountId: Uuid; tariffCode: string | null }; outgoingFinalBillRequested: boolean }
  | { type: 'change-tariff'; agreementId: Uuid; tariffCode: string; effectiveFrom: LocalDate }
  | { type: 'record-field-work'; workOrderId: Uuid; workType: WorkOrderType; date: LocalDate; meterSerial: string | null };

/** The events of a service point's stream: the point itself and every agreement on it. */
export const servicePointEvents = [
  ServicePointAddedV1,
  ServiceAgreementStartedV2,
  ServiceAgreementStoppedV1,
  ServiceAgreementTariffChangedV1,
  ServicePointConnectionChangedV1,
  ServicePointMeterChangedV1,
] as const;
export type ServicePointEvent = EventUnion<typeof servicePointEvents>;

export const servicePointAggregate: Aggregate<ServicePointState, ServicePointEvent> = {
  events: servicePointEvents,
  initial: { exists: false, connectionStatus: 'never-connected', meterSerial: null, agreements: [] },
  evolve(state, e) {
    switch (e.type) {
      case ServicePointAddedV1.type: {
        const { servicePointId, premiseId, commodity, connectionStatus } = e.data;
        return { ...state, exists: true, servicePointId, premiseId, commodity, connectionStatus };
      }
      case ServiceAgreementStartedV2.type: {
        const { agreementId, accountId, startDate, tariffCode } = e.data;
        return {
          ...state,
          agreements: [...state.agreements, { agreementId, accountId, startDate, endDate: null, tariffs: [{ tariffCode, from: startDate }] }],
        };
      }
      case ServiceAgreementStoppedV1.type:
        return { ...state, agreements: state.agreements.map((a) => (a.agreementId === e.data.agreementId ? { ...a, endDate: e.data.endDate } : a)) };
      case ServiceAgreementTariffChangedV1.type: {
        const { agreementId, tariffCode, effectiveFrom } = e.data;
        return {
          ...state,
          agreements: state.agreements.map((a) =>
            a.agreementId === agreementId ? { ...a, tariffs: [...a.tariffs.filter((t) => t.from < effectiveFrom), { tariffCode, from: effectiveFrom }] } : a,
          ),
        };
      }
      case ServicePointConnectionChangedV1.type:
        return { ...state, connectionStatus: e.data.connectionStatus };
      case ServicePointMeterChangedV1.type:
        return { ...state, meterSerial: e.data.meterSerial };
      default:
        return unexpectedEvent(e);
    }
  },
};

/** The agreement in force on `date` (the incoming one on a handover day), if any. */
export function agreementOn(state: ServicePointState, date: LocalDate): AgreementState | undefined {
  const inForce = state.agreements.filter((a) => a.startDate <= date && (a.endDate === null || a.endDate >= date));
  return inForce.sort((a, b) => (a.startDate < b.startDate ? 1 : -1))[0];
}

/** The tariff of an agreement on `date`. */
export function tariffOn(agreement: AgreementState, date: LocalDate): string {
  let code = agreement.tariffs[0].tariffCode;
  for (const t of agreement.tariffs) if (t.from <= date) code = t.tariffCode;
  return code;
}

function requireServicePoint(state: ServicePointState): Required<Pick<ServicePointState, 'servicePointId' | 'premiseId' | 'commodity'>> {
  if (!state.exists || !state.servicePointId || !state.premiseId || !state.commodity) throw notFound('service-point', state.servicePointId ?? '(unknown)');
  return { servicePointId: state.servicePointId, premiseId: state.premiseId, commodity: state.commodity };
}

function requireAgreement(state: ServicePointState, agreementId: Uuid): AgreementState {
  const a = state.agreements.find((x) => x.agreementId === agreementId);
  if (!a) throw notFound('service-agreement', agreementId);
  return a;
}

/**
 * Rule: never two agreements in force on one service point. Agreements are closed intervals of days
 * [startDate, endDate]; a new one may start on the day the previous one ends (the handover read
 * taken that day closes one and opens the other), never earlier, and never before a later agreement.
 */
function assertPointFree(state: ServicePointState, startDate: LocalDate): void {
  for (const a of state.agreements) {
    if (a.endDate === null || a.endDate > startDate) {
      throw new RuleViolation(
        'service-point-occupied',
        a.endDate === null
          ? `service point ${state.servicePointId} has agreement ${a.agreementId} in force from ${a.startDate} with no end; stop or transfer it first`
          : `service point ${state.servicePointId} has agreement ${a.agreementId} until ${a.endDate}; a new one can start on ${a.endDate} at the earliest`,
        'conflict',
      );
    }
  }
}

/**
 * Rule: a premise has at most one service point per commodity (a second electricity supply is a
 * second premise, e.g. a flat), and a point is added once, to a registered premise.
 */
function decideAdd(state: ServicePointState, command: Extract<ServicePointCommand, { type: 'add' }>): ServicePointEvent[] {
  if (state.exists) throw new RuleViolation('service-point-already-exists', `service point ${command.servicePointId} already exists`, 'conflict');
  if (!command.premiseExists) throw notFound('premise', command.premiseId);
  const same = command.pointsOfPremise.find((sp) => sp.commodity === command.commodity);
  if (same) {
    throw new RuleViolation(
      'commodity-already-served',
      `premise ${command.premiseId} already has ${command.commodity} service point ${same.servicePointId}`,
      'conflict',
    );
  }
  const { premiseId, servicePointId, commodity, marketId, connectionStatus } = command;
  return [event(ServicePointAddedV1, { servicePointId, premiseId, commodity, marketId, connectionStatus })];
}

/** Service agreement rules, decided on the service point that holds them. */
export function decideServicePoint(state: ServicePointState, command: ServicePointCommand, now: Date, policy: DatePolicy): ServicePointEvent[] {
  if (command.type === 'add') return decideAdd(state, command);
  const sp = requireServicePoint(state);
  switch (command.type) {
    case 'start': {
      assertNotTooFarInPast('startDate', command.startDate, now, policy);
      if (state.agreements.some((a) => a.agreementId === command.agreementId)) {
        throw new RuleViolation('agreement-already-exists', `agreement ${command.agreementId} already exists`, 'conflict');
      }
      assertPointFree(state, command.startDate);
      return [
        event(ServiceAgreementStartedV2, {
          agreementId: command.agreementId,
          accountId: command.accountId,
          servicePointId: sp.servicePointId,
          commodity: sp.commodity,
          tariffCode: command.tariffCode,
          startDate: command.startDate,
          tariffVersionId: null,
        }),
      ];
    }
    case 'stop': {
      const a = requireAgreement(state, command.agreementId);
      if (a.endDate !== null) throw new RuleViolation('agreement-already-stopped', `agreement ${a.agreementId} already stopped on ${a.endDate}`, 'conflict');
      if (command.endDate < a.startDate) {
        throw new RuleViolation('stop-before-start', `agreement ${a.agreementId} started on ${a.startDate}; it cannot stop on ${command.endDate}`);
      }
      assertNotTooFarInPast('endDate', command.endDate, now, policy);
      const lastChange = a.tariffs[a.tariffs.length - 1];
      if (lastChange.from > command.endDate) {
        throw new RuleViolation('tariff-change-after-stop', `agreement ${a.agreementId} changes tariff on ${lastChange.from}, after ${command.endDate}`);
      }
      return [
        event(ServiceAgreementStoppedV1, {
          agreementId: a.agreementId,
          accountId: a.accountId,
          servicePointId: sp.servicePointId,
          endDate: command.endDate,
          reason: command.reason,
          finalBillRequested: command.finalBillRequested,
        }),
      ];
    }
    case 'transfer': {
      const outgoing = state.agreements.find((a) => a.endDate === null && a.startDate <= command.date);
      if (!outgoing) throw new RuleViolation('nothing-to-transfer', `service point ${sp.servicePointId} has no open agreement on ${command.date}`, 'conflict');
      if (outgoing.accountId === command.incoming.accountId) {
        throw new RuleViolation('transfer-to-same-account', `account ${outgoing.accountId} already has service point ${sp.servicePointId}`);
      }
      const stopped = decideServicePoint(
        state,
        { type: 'stop', agreementId: outgoing.agreementId, endDate: command.date, reason: 'transfer', finalBillRequested: command.outgoingFinalBillRequested },
        now,
        policy,
      );
      const afterStop = replay(servicePointAggregate, stopped, state);
      const started = decideServicePoint(
        afterStop,
        {
          type: 'start',
          agreementId: command.incoming.agreementId,
          accountId: command.incoming.accountId,
          // Without a tariff named, the incoming account keeps the point's tariff (landlord reversion).
          tariffCode: command.incoming.tariffCode ?? tariffOn(outgoing, command.date),
          startDate: command.date,
        },
        now,
        policy,
      );
      return [...stopped, ...started];
    }
    case 'change-tariff': {
      const a = requireAgreement(state, command.agreementId);
      if (command.effectiveFrom < a.startDate) {
        throw new RuleViolation(
          'tariff-change-before-start',
          `agreement ${a.agreementId} starts on ${a.startDate}; its tariff cannot change from ${command.effectiveFrom}`,
        );
      }
      if (a.endDate !== null && command.effectiveFrom > a.endDate) {
        throw new RuleViolation('tariff-change-after-stop', `agreement ${a.agreementId} ended on ${a.endDate}`);
      }
      assertNotTooFarInPast('effectiveFrom', command.effectiveFrom, now, policy);
      const previous = tariffOn(a, command.effectiveFrom);
      if (previous === command.tariffCode && a.tariffs.every((t) => t.from <= command.effectiveFrom)) {
        throw new RuleViolation('tariff-unchanged', `agreement ${a.agreementId} is already on ${command.tariffCode} on ${command.effectiveFrom}`, 'conflict');
      }
      return [
        event(ServiceAgreementTariffChangedV1, {
          agreementId: a.agreementId,
          accountId: a.accountId,
          servicePointId: sp.servicePointId,
          tariffCode: command.tariffCode,
          previousTariffCode: previous,
          effectiveFrom: command.effectiveFrom,
        }),
      ];
    }
    case 'record-field-work': {
      const accountId = agreementOn(state, command.date)?.accountId ?? null;
      const base = { servicePointId: sp.servicePointId, premiseId: sp.premiseId, accountId, workOrderId: command.workOrderId, changedOn: command.date };
      const connection: Partial<Record<WorkOrderType, ConnectionStatus>> = { connect: 'connected', reconnect: 'connected', disconnect: 'disconnected' };
      const status = connection[command.workType];
      if (status) return status === state.connectionStatus ? [] : [event(ServicePointConnectionChangedV1, { ...base, connectionStatus: status })];
      if (command.workType === 'meter-install' || command.workType === 'meter-exchange' || command.workType === 'meter-remove') {
        const meterSerial = command.workType === 'meter-remove' ? null : command.meterSerial;
        if (meterSerial === state.meterSerial) return [];
        return [event(ServicePointMeterChangedV1, { ...base, meterSerial, previousMeterSerial: state.meterSerial })];
      }
      return [];
    }
  }
}
