import { MeterInstalledV1, MeterRemovedV1, type Commodity, type EventUnion, type Instant, type Uuid } from '@utilia/contracts';
import { event, notFound, RuleViolation, unexpectedEvent, type Aggregate } from '@utilia/platform';

/** A register read taken as a meter goes in or comes out. */
export interface InstallationRead {
  register: string;
  value: string;
  readAt: Instant;
}

/** A meter's time at a service point. */
export interface Installation {
  installationId: Uuid;
  meterId: Uuid;
  serial: string;
  installedAt: Instant;
  removedAt: Instant | null;
}

/** A service point's meters over time (its own stream: one meter at a time is checked against the whole history). */
export interface ServicePointMeters {
  installations: Installation[];
}

/** What an installation needs to know of the meter and the point, from outside this stream. */
export interface MeterFacts {
  meterId: Uuid;
  serial: string;
  commodity: Commodity;
  /** Where the meter is installed now, if anywhere (another point's open installation). */
  installedElsewhere: { servicePointId: Uuid; installedAt: Instant } | null;
}

export type InstallationCommand =
  | {
      type: 'install';
      installationId: Uuid;
      servicePointId: Uuid;
      /** The point's commodity, when metering knows the point. */
      pointCommodity: Commodity | null;
      meter: MeterFacts;
      installedAt: Instant;
      reads: InstallationRead[];
      workOrderId: Uuid | null;
    }
  | { type: 'remove'; servicePointId: Uuid; serial: string; removedAt: Instant; reads: InstallationRead[]; workOrderId: Uuid | null };

export const installationEvents = [MeterInstalledV1, MeterRemovedV1] as const;
export type InstallationEvent = EventUnion<typeof installationEvents>;

export const installationAggregate: Aggregate<ServicePointMeters, InstallationEvent> = {
  events: installationEvents,
  initial: { installations: [] },
  evolve(state, e) {
    switch (e.type) {
      case MeterInstalledV1.type: {
        const { installationId, meterId, serial, installedAt } = e.data;
        return { installations: [...state.installations, { installationId, meterId, serial, installedAt, removedAt: null }] };
      }
      case MeterRemovedV1.type:
        return { installations: state.installations.map((i) => (i.installationId === e.data.installationId ? { ...i, removedAt: e.data.removedAt } : i)) };
      default:
        return unexpectedEvent(e);
    }
  },
};

/** The installation open at a point (its meter has not come out). */
export function openInstallation(state: ServicePointMeters): Installation | undefined {
  return state.installations.find((i) => i.removedAt === null);
}

/**
 * Installation rules: a point has one meter at a time and a meter is at one point at a time; a
 * meter of another commodity does not go in; nothing is fitted or removed in the future; a meter
 * comes out after it went in.
 */
export function decideInstallation(state: ServicePointMeters, command: InstallationCommand, now: Date): InstallationEvent[] {
  switch (command.type) {
    case 'install': {
      const at = Date.parse(command.installedAt);
      if (at > now.getTime() + 60_000) throw new RuleViolation('installed-in-future', `a meter cannot be installed in the future (${command.installedAt})`);
      const { meter } = command;
      if (command.pointCommodity !== null && meter.commodity !== command.pointCommodity) {
        throw new RuleViolation(
          'commodity-mismatch',
          `meter ${meter.serial} measures ${meter.commodity}; service point ${command.servicePointId} delivers ${command.pointCommodity}`,
        );
      }
      const open = openInstallation(state);
      if (open) {
        throw new RuleViolation(
          'service-point-has-meter',
          `service point ${command.servicePointId} has meter ${open.serial} since ${open.installedAt}; remove it first (or exchange)`,
          'conflict',
        );
      }
      const last = state.installations.at(-1);
      if (last?.removedAt && at < Date.parse(last.removedAt)) {
        throw new RuleViolation('installed-before-removal', `meter ${last.serial} came out at ${last.removedAt}; the next one cannot go in before that`);
      }
      if (meter.installedElsewhere) {
        throw new RuleViolation(
          'meter-installed-elsewhere',
          `meter ${meter.serial} is installed at service point ${meter.installedElsewhere.servicePointId} since ${meter.installedElsewhere.installedAt}`,
          'conflict',
        );
      }
      return [
        event(MeterInstalledV1, {
          installationId: command.installationId,
          meterId: meter.meterId,
          serial: meter.serial,
          servicePointId: command.servicePointId,
          workOrderId: command.workOrderId,
          installedAt: command.installedAt,
          reads: command.reads,
        }),
      ];
    }
    case 'remove': {
      const open = openInstallation(state);
      if (!open || open.serial !== command.serial) throw notFound('installation', `of meter ${command.serial} at service point ${command.servicePointId}`);
      if (Date.parse(command.removedAt) > now.getTime() + 60_000)
        throw new RuleViolation('removed-in-future', `a meter cannot be removed in the future (${command.removedAt})`);
      if (Date.parse(command.removedAt) < Date.parse(open.installedAt)) {
        throw new RuleViolation('removed-before-installed', `meter ${open.serial} went in at ${open.installedAt}; it cannot come out at ${command.removedAt}`);
      }
      return [
        event(MeterRemovedV1, {
          installationId: open.installationId,
          meterId: open.meterId,
          serial: open.serial,
          servicePointId: command.servicePointId,
          workOrderId: command.workOrderId,
          removedAt: command.removedAt,
          reads: command.reads,
        }),
      ];
    }
  }
}
