import {
  ServiceAgreementStartedV1,
  ServiceAgreementStartedV2,
  ServiceAgreementStoppedV1,
  ServiceAgreementTariffChangedV1,
  ServicePointAddedV1,
  ServicePointConnectionChangedV1,
  ServicePointMeterChangedV1,
  type Commodity,
  type ConnectionStatus,
  type LocalDate,
  type STOP_REASONS,
  type Uuid,
  type WorkOrderType,
} from '@utilia/contracts';
import { assertNotTooFarInPast, type DatePolicy } from '../shared/dates';
import { emit, is, replay, type Aggregate, type Emitted, type RecordedEvent } from '../shared/decider';
import { notFound, RuleViolation } from '../shared/rules';

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
  | { type: 'start'; agreementId: Uuid; accountId: Uuid; tariffCode: string; startDate: LocalDate }
  | { type: 'stop'; agreementId: Uuid; endDate: LocalDate; reason: StopReason; finalBillRequested: boolean }
  | { type: 'transfer'; date: LocalDate; incoming: { agreementId: Uuid; accountId: Uuid; tariffCode: string | null }; outgoingFinalBillRequested: boolean }
  | { type: 'change-tariff'; agreementId: Uuid; tariffCode: string; effectiveFrom: LocalDate }
  | { type: 'record-field-work'; workOrderId: Uuid; workType: WorkOrderType; date: LocalDate; meterSerial: string | null };

export const servicePointAggregate: Aggregate<ServicePointState> = {
  initial: { exists: false, connectionStatus: 'never-connected', meterSerial: null, agreements: [] },
  evolve(state, event: RecordedEvent) {
    if (is(event, ServicePointAddedV1)) {
      const { servicePointId, premiseId, commodity, connectionStatus } = event.data;
      return { ...state, exists: true, servicePointId, premiseId, commodity, connectionStatus };
    }
    if (is(event, ServiceAgreementStartedV2) || is(event, ServiceAgreementStartedV1)) {
      const { agreementId, accountId, startDate, tariffCode } = event.data;
      return { ...state, agreements: [...state.agreements, { agreementId, accountId, startDate, endDate: null, tariffs: [{ tariffCode, from: startDate }] }] };
    }
    if (is(event, ServiceAgreementStoppedV1)) {
      return { ...state, agreements: state.agreements.map((a) => (a.agreementId === event.data.agreementId ? { ...a, endDate: event.data.endDate } : a)) };
    }
    if (is(event, ServiceAgreementTariffChangedV1)) {
      const { agreementId, tariffCode, effectiveFrom } = event.data;
      return {
        ...state,
        agreements: state.agreements.map((a) =>
          a.agreementId === agreementId ? { ...a, tariffs: [...a.tariffs.filter((t) => t.from < effectiveFrom), { tariffCode, from: effectiveFrom }] } : a,
        ),
      };
    }
    if (is(event, ServicePointConnectionChangedV1)) return { ...state, connectionStatus: event.data.connectionStatus };
    if (is(event, ServicePointMeterChangedV1)) return { ...state, meterSerial: event.data.meterSerial };
    return state;
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

/** Service agreement rules, decided on the service point that holds them. */
export function decideServicePoint(state: ServicePointState, command: ServicePointCommand, now: Date, policy: DatePolicy): Emitted[] {
  const sp = requireServicePoint(state);
  switch (command.type) {
    case 'start': {
      assertNotTooFarInPast('startDate', command.startDate, now, policy);
      if (state.agreements.some((a) => a.agreementId === command.agreementId)) {
        throw new RuleViolation('agreement-already-exists', `agreement ${command.agreementId} already exists`, 'conflict');
      }
      assertPointFree(state, command.startDate);
      return [
        emit(ServiceAgreementStartedV2, {
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
        emit(ServiceAgreementStoppedV1, {
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
      const stopped = decideServicePoint(state, { type: 'stop', agreementId: outgoing.agreementId, endDate: command.date, reason: 'transfer', finalBillRequested: command.outgoingFinalBillRequested }, now, policy);
      const afterStop = replay({ ...servicePointAggregate, initial: state }, stopped.map((e) => ({ type: e.type.type, data: e.data })));
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
        throw new RuleViolation('tariff-change-before-start', `agreement ${a.agreementId} starts on ${a.startDate}; its tariff cannot change from ${command.effectiveFrom}`);
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
        emit(ServiceAgreementTariffChangedV1, {
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
      if (status) return status === state.connectionStatus ? [] : [emit(ServicePointConnectionChangedV1, { ...base, connectionStatus: status })];
      if (command.workType === 'meter-install' || command.workType === 'meter-exchange' || command.workType === 'meter-remove') {
        const meterSerial = command.workType === 'meter-remove' ? null : command.meterSerial;
        if (meterSerial === state.meterSerial) return [];
        return [emit(ServicePointMeterChangedV1, { ...base, meterSerial, previousMeterSerial: state.meterSerial })];
      }
      return [];
    }
  }
}
