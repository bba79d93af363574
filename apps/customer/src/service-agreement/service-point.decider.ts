import {
  ServiceAgreementStartedV2,
  ServiceAgreementStopAmendedV1,
  ServiceAgreementStopCancelledV1,
  ServiceAgreementStoppedV1,
  ServiceAgreementTariffChangeCancelledV1,
  ServiceAgreementTariffChangedV1,
  ServicePointAddedV1,
  ServicePointConnectionChangedV1,
  ServicePointMeterChangedV1,
  type Commodity,
  type CustomerClass,
  type ConnectionStatus,
  type EventUnion,
  type LocalDate,
  type MeteringArrangement,
  type STOP_REASONS,
  type Uuid,
  type WorkOrderType,
} from '@utilia/contracts';
import { event, notFound, replay, RuleViolation, unexpectedEvent, type Aggregate } from '@utilia/platform';
import { assertNotTooFarAhead, assertNotTooFarInPast, todayOf, type DatePolicy } from '../shared/policy';
import { describeInForce, versionInForce, type PublishedTariff } from './tariff-in-force';

/** A service agreement as its service point knows it. */
export interface AgreementState {
  agreementId: Uuid;
  accountId: Uuid;
  startDate: LocalDate;
  /** The last day of service; null while open-ended. */
  endDate: LocalDate | null;
  /** Why it stops, once a stop is recorded. */
  stopReason: StopReason | null;
  /** Tariffs in force, oldest first; the first starts on `startDate`. */
  tariffs: TariffEntry[];
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

/** What customer's copy of rating's catalog knows of the tariff codes a command names (an unknown code is absent). */
type Catalog = readonly PublishedTariff[];

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
  | {
      type: 'start';
      agreementId: Uuid;
      accountId: Uuid;
      tariffCode: string;
      startDate: LocalDate;
      catalog: Catalog;
      customerClass?: CustomerClass;
      meteringArrangement?: MeteringArrangement;
    }
  | { type: 'stop'; agreementId: Uuid; endDate: LocalDate; reason: StopReason; finalBillRequested: boolean }
  | {
      type: 'transfer';
      date: LocalDate;
      incoming: { agreementId: Uuid; accountId: Uuid; tariffCode: string | null; customerClass?: CustomerClass };
      outgoingFinalBillRequested: boolean;
      /** The tariffs the incoming agreement may start on: the one named and the outgoing agreement's. */
      catalog: Catalog;
    }
  | { type: 'change-tariff'; agreementId: Uuid; tariffCode: string; effectiveFrom: LocalDate; catalog: Catalog; customerClass?: CustomerClass }
  | { type: 'cancel-tariff-change'; agreementId: Uuid; effectiveFrom: LocalDate }
  | { type: 'amend-stop'; agreementId: Uuid; endDate: LocalDate }
  | { type: 'cancel-stop'; agreementId: Uuid }
  | { type: 'record-field-work'; workOrderId: Uuid; workType: WorkOrderType; date: LocalDate; meterSerial: string | null };

/** The events of a service point's stream: the point itself and every agreement on it. */
export const servicePointEvents = [
  ServicePointAddedV1,
  ServiceAgreementStartedV2,
  ServiceAgreementStoppedV1,
  ServiceAgreementTariffChangedV1,
  ServiceAgreementTariffChangeCancelledV1,
  ServiceAgreementStopAmendedV1,
  ServiceAgreementStopCancelledV1,
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
          agreements: [...state.agreements, { agreementId, accountId, startDate, endDate: null, stopReason: null, tariffs: [{ tariffCode, from: startDate }] }],
        };
      }
      case ServiceAgreementStoppedV1.type:
        return withAgreement(state, e.data.agreementId, (a) => ({ ...a, endDate: e.data.endDate, stopReason: e.data.reason }));
      case ServiceAgreementStopAmendedV1.type:
        return withAgreement(state, e.data.agreementId, (a) => ({ ...a, endDate: e.data.endDate }));
      case ServiceAgreementStopCancelledV1.type:
        return withAgreement(state, e.data.agreementId, (a) => ({ ...a, endDate: null, stopReason: null }));
      case ServiceAgreementTariffChangedV1.type:
        return withAgreement(state, e.data.agreementId, (a) => ({ ...a, tariffs: withTariffChange(a.tariffs, e.data.tariffCode, e.data.effectiveFrom) }));
      case ServiceAgreementTariffChangeCancelledV1.type:
        return withAgreement(state, e.data.agreementId, (a) => ({ ...a, tariffs: a.tariffs.filter((t) => t.from !== e.data.effectiveFrom) }));
      case ServicePointConnectionChangedV1.type:
        return { ...state, connectionStatus: e.data.connectionStatus };
      case ServicePointMeterChangedV1.type:
        return { ...state, meterSerial: e.data.meterSerial };
      default:
        return unexpectedEvent(e);
    }
  },
};

function withAgreement(state: ServicePointState, agreementId: Uuid, change: (a: AgreementState) => AgreementState): ServicePointState {
  return { ...state, agreements: state.agreements.map((a) => (a.agreementId === agreementId ? change(a) : a)) };
}

/**
 * An agreement's tariffs with a change from `from`: it replaces a change of the same day and
 * leaves the others (earlier and later ones) as they are, in date order.
 */
export function withTariffChange(tariffs: readonly TariffEntry[], tariffCode: string, from: LocalDate): TariffEntry[] {
  return [...tariffs.filter((t) => t.from !== from), { tariffCode, from }].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** One tariff of an agreement and the day it takes effect. */
export type TariffEntry = { tariffCode: string; from: LocalDate };

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
 * Rule: an agreement is billed on a tariff rating published: the code is in the catalog, the tariff
 * is of the point's commodity, and a version of it is in force on `date` (the first day on it).
 * When the account says its class (residential, commercial, industrial), the tariff is for that class.
 * Returns that version.
 */
function assertTariffFits(catalog: Catalog, tariffCode: string, commodity: Commodity, date: LocalDate, customerClass?: CustomerClass): Uuid {
  const tariff = catalog.find((t) => t.code === tariffCode);
  if (!tariff) throw new RuleViolation('tariff-unknown', `tariff ${tariffCode} is not in the catalog: rating has published no version of it`);
  if (tariff.commodity !== commodity) {
    throw new RuleViolation('tariff-commodity-mismatch', `tariff ${tariffCode} is for ${tariff.commodity}; the service point delivers ${commodity}`);
  }
  if (customerClass && tariff.customerClass !== customerClass) {
    throw new RuleViolation('tariff-class-mismatch', `tariff ${tariffCode} is for ${tariff.customerClass} customers; the account is ${customerClass}`);
  }
  const version = versionInForce(tariff.versions, date);
  if (!version) {
    throw new RuleViolation(
      'tariff-not-in-force',
      `no version of tariff ${tariffCode} is in force on ${date}; it is in force ${describeInForce(tariff.versions)}`,
    );
  }
  return version.versionId;
}

/** Which agreement, of which account, at which point: the identity every agreement event carries. */
function refOf(a: AgreementState, servicePointId: Uuid): { agreementId: Uuid; accountId: Uuid; servicePointId: Uuid } {
  return { agreementId: a.agreementId, accountId: a.accountId, servicePointId };
}

/** Rule: an agreement does not stop before a tariff change of its own (cancel the change first). */
function assertNoTariffChangeAfter(a: AgreementState, endDate: LocalDate): void {
  const lastChange = a.tariffs[a.tariffs.length - 1];
  if (lastChange.from > endDate) {
    throw new RuleViolation(
      'tariff-change-after-stop',
      `agreement ${a.agreementId} changes tariff on ${lastChange.from}, after ${endDate}; cancel that change first`,
    );
  }
}

/**
 * Rule: a stop can be moved or called off only while it is ahead (its last day not passed yet), and
 * not the stop of a transfer (the incoming agreement starts that day: it is the transfer's).
 */
function requireScheduledStop(state: ServicePointState, agreementId: Uuid, now: Date, policy: DatePolicy): AgreementState {
  const a = requireAgreement(state, agreementId);
  if (a.endDate === null) throw new RuleViolation('agreement-not-stopped', `agreement ${a.agreementId} has no stop scheduled`, 'conflict');
  if (a.stopReason === 'transfer') {
    throw new RuleViolation(
      'stop-of-transfer',
      `agreement ${a.agreementId} stops on ${a.endDate} because the point was transferred; that stop goes with the transfer`,
      'conflict',
    );
  }
  if (a.endDate < todayOf(now, policy)) {
    throw new RuleViolation('stop-in-the-past', `agreement ${a.agreementId} stopped on ${a.endDate}, which has passed`, 'conflict');
  }
  return a;
}

/** Rule: moving a stop later (or calling it off) must not run into the agreement that follows on the point. */
function assertNoLaterAgreement(state: ServicePointState, a: AgreementState, newEndDate: LocalDate | null): void {
  const next = state.agreements.find((b) => b.agreementId !== a.agreementId && b.startDate >= a.startDate && (newEndDate === null || b.startDate < newEndDate));
  if (next) {
    throw new RuleViolation(
      'service-point-occupied',
      `agreement ${next.agreementId} starts on ${next.startDate} on service point ${state.servicePointId}; agreement ${a.agreementId} cannot run past it`,
      'conflict',
    );
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
      assertNotTooFarAhead('startDate', command.startDate, now, policy);
      if (state.agreements.some((a) => a.agreementId === command.agreementId)) {
        throw new RuleViolation('agreement-already-exists', `agreement ${command.agreementId} already exists`, 'conflict');
      }
      assertPointFree(state, command.startDate);
      const tariffVersionId = assertTariffFits(command.catalog, command.tariffCode, sp.commodity, command.startDate, command.customerClass);
      return [
        event(ServiceAgreementStartedV2, {
          agreementId: command.agreementId,
          accountId: command.accountId,
          servicePointId: sp.servicePointId,
          commodity: sp.commodity,
          tariffCode: command.tariffCode,
          startDate: command.startDate,
          tariffVersionId,
          // Only said when there is one: an agreement without generation reads as before.
          ...(command.meteringArrangement && command.meteringArrangement !== 'none' ? { meteringArrangement: command.meteringArrangement } : {}),
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
      assertNoTariffChangeAfter(a, command.endDate);
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
      assertNotTooFarAhead('date', command.date, now, policy);
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
          catalog: command.catalog,
          customerClass: command.incoming.customerClass,
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
      if (tariffOn(a, command.effectiveFrom) === command.tariffCode) {
        throw new RuleViolation('tariff-unchanged', `agreement ${a.agreementId} is already on ${command.tariffCode} on ${command.effectiveFrom}`, 'conflict');
      }
      assertTariffFits(command.catalog, command.tariffCode, sp.commodity, command.effectiveFrom, command.customerClass);
      // What the day before has (a change of that same day, if any, is replaced).
      const previous = tariffOn({ ...a, tariffs: a.tariffs.filter((t) => t.from !== command.effectiveFrom) }, command.effectiveFrom);
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
    case 'cancel-tariff-change': {
      const a = requireAgreement(state, command.agreementId);
      const change = a.tariffs.find((t) => t.from === command.effectiveFrom);
      if (!change || command.effectiveFrom === a.startDate) {
        throw new RuleViolation('tariff-change-not-found', `agreement ${a.agreementId} has no tariff change from ${command.effectiveFrom}`, 'not-found');
      }
      if (command.effectiveFrom <= todayOf(now, policy)) {
        throw new RuleViolation(
          'tariff-change-in-force',
          `the change to ${change.tariffCode} took effect on ${command.effectiveFrom}; change the tariff again instead`,
          'conflict',
        );
      }
      return [
        event(ServiceAgreementTariffChangeCancelledV1, { ...refOf(a, sp.servicePointId), tariffCode: change.tariffCode, effectiveFrom: command.effectiveFrom }),
      ];
    }
    case 'amend-stop': {
      const a = requireScheduledStop(state, command.agreementId, now, policy);
      const previousEndDate = a.endDate as LocalDate;
      if (command.endDate === previousEndDate)
        throw new RuleViolation('stop-unchanged', `agreement ${a.agreementId} already stops on ${previousEndDate}`, 'conflict');
      if (command.endDate < a.startDate) {
        throw new RuleViolation('stop-before-start', `agreement ${a.agreementId} started on ${a.startDate}; it cannot stop on ${command.endDate}`);
      }
      assertNotTooFarInPast('endDate', command.endDate, now, policy);
      assertNoTariffChangeAfter(a, command.endDate);
      assertNoLaterAgreement(state, a, command.endDate);
      return [event(ServiceAgreementStopAmendedV1, { ...refOf(a, sp.servicePointId), endDate: command.endDate, previousEndDate })];
    }
    case 'cancel-stop': {
      const a = requireScheduledStop(state, command.agreementId, now, policy);
      assertNoLaterAgreement(state, a, null);
      return [event(ServiceAgreementStopCancelledV1, { ...refOf(a, sp.servicePointId), previousEndDate: a.endDate as LocalDate })];
    }
    case 'record-field-work': {
      const accountId = agreementOn(state, command.date)?.accountId ?? null;
      const base = { servicePointId: sp.servicePointId, premiseId: sp.premiseId, accountId, workOrderId: command.workOrderId, changedOn: command.date };
      const connection: Partial<Record<WorkOrderType, ConnectionStatus>> = { connect: 'connected', reconnect: 'connected', disconnect: 'disconnected' };
      const events: ServicePointEvent[] = [];
      const status = connection[command.workType];
      if (status && status !== state.connectionStatus) events.push(event(ServicePointConnectionChangedV1, { ...base, connectionStatus: status }));
      // The meter the crew found or fitted: at a connection (a point connected with its meter), an install or an exchange.
      const fitsMeter =
        command.workType === 'connect' || command.workType === 'reconnect' || command.workType === 'meter-install' || command.workType === 'meter-exchange';
      const meterSerial = command.workType === 'meter-remove' ? null : fitsMeter && command.meterSerial !== null ? command.meterSerial : state.meterSerial;
      if (meterSerial !== state.meterSerial) events.push(event(ServicePointMeterChangedV1, { ...base, meterSerial, previousMeterSerial: state.meterSerial }));
      return events;
    }
  }
}
