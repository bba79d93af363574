import type { ConnectionStatus, LocalDate, Uuid, WorkOrderType } from '@utilia/contracts';

/** A service point the account takes supply at today, with its open work orders. */
export interface PointOnSupply {
  servicePointId: Uuid;
  connectionStatus: ConnectionStatus;
  openWorkOrders: Array<{ workOrderId: Uuid; type: WorkOrderType }>;
}

/** A protection of the account's main customer (life support, medical, vulnerable). */
export interface Protection {
  kind: 'life-support' | 'medical' | 'vulnerable';
  from: LocalDate;
  to: LocalDate | null;
  endedOn: LocalDate | null;
}

/** What the customer service does for a collections request. */
export type FieldAction =
  { kind: 'schedule'; workType: 'disconnect' | 'reconnect'; servicePointId: Uuid } | { kind: 'cancel'; workOrderId: Uuid; reason: string };

/** Why a disconnection is refused: a fact collections is told (`DisconnectionRefused`), not an error. */
export interface DisconnectionRefusal {
  reason: 'customer-protected' | 'no-service-in-force';
  detail: string;
  /** The kinds of protection in force (empty unless the customer is protected). */
  protections: Array<'life-support' | 'medical' | 'vulnerable'>;
}

/** The answer to a disconnection request: field work to do, or a refusal. */
export type DisconnectionPlan = { kind: 'act'; actions: FieldAction[] } | { kind: 'refuse'; refusal: DisconnectionRefusal };

/** A protection applies on `day` when it has started and has neither run out nor been ended. */
export function protectionInForce(p: Protection, day: LocalDate): boolean {
  const last = [p.to, p.endedOn].filter((d): d is LocalDate => d !== null).sort()[0];
  return p.from <= day && (last === undefined || day <= last);
}

/**
 * A disconnection request becomes one disconnect work order per service point still connected that
 * has none open yet. Collections should never ask for a protected customer; if it does anyway the
 * request is refused here too, because a crew cutting off life-support equipment is not undoable.
 * A refusal is an answer collections acts on, not a failure.
 */
export function planDisconnection(points: readonly PointOnSupply[], protections: readonly Protection[], today: LocalDate): DisconnectionPlan {
  const protectedBy = [...new Set(protections.filter((p) => protectionInForce(p, today)).map((p) => p.kind))];
  if (protectedBy.length > 0) {
    return {
      kind: 'refuse',
      refusal: {
        reason: 'customer-protected',
        detail: `the account's customer is protected (${protectedBy.join(', ')}); disconnection refused`,
        protections: protectedBy,
      },
    };
  }
  if (points.length === 0)
    return { kind: 'refuse', refusal: { reason: 'no-service-in-force', detail: 'the account has no service in force to disconnect', protections: [] } };
  const actions = points
    .filter((p) => p.connectionStatus === 'connected' && !p.openWorkOrders.some((w) => w.type === 'disconnect'))
    .map((p): FieldAction => ({ kind: 'schedule', workType: 'disconnect', servicePointId: p.servicePointId }));
  return { kind: 'act', actions };
}

/**
 * A reconnection request calls off disconnect work orders still open (the crew has not gone yet)
 * and schedules a reconnect where the point was already disconnected and none is open.
 */
export function planReconnection(points: readonly PointOnSupply[], reason: string): FieldAction[] {
  return points.flatMap((p): FieldAction[] => {
    const pending = p.openWorkOrders.filter((w) => w.type === 'disconnect');
    if (pending.length > 0) return pending.map((w) => ({ kind: 'cancel', workOrderId: w.workOrderId, reason: `collections: ${reason}` }));
    if (p.connectionStatus === 'disconnected' && !p.openWorkOrders.some((w) => w.type === 'reconnect')) {
      return [{ kind: 'schedule', workType: 'reconnect', servicePointId: p.servicePointId }];
    }
    return [];
  });
}
