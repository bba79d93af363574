import { Inject, Injectable } from '@nestjs/common';
import { DisconnectionRequestedV1, ReconnectionRequestedV1, Topics, type ConnectionStatus, type WorkOrderType } from '@utilia/contracts';
import {
  CommandRunner,
  localDateOf,
  PermanentError,
  RuleViolation,
  type CommandTx,
  type ConsumedEvent,
  type HandlerContext,
  type MessageHandler,
  type ServiceConsumer,
} from '@utilia/platform';
import { refuseDisconnection } from '../account/account.handler';
import type { CustomerConfig } from '../config';
import { CUSTOMER_CONFIG } from '../shared/tokens';
import { scheduleWorkOrder } from '../work-order/work-order.handler';
import { decideWorkOrder, workOrderAggregate } from '../work-order/work-order.decider';
import { planDisconnection, planReconnection, type FieldAction, type PointOnSupply, type Protection } from './collections-requests.plan';

/** The consumer group (and inbox name; dead letters go to `customer.collections-requests.dlq`). */
export const COLLECTIONS_GROUP = 'customer.collections-requests';

/** The points the account takes supply at on `day`, with their open work orders. */
async function pointsOnSupply(tx: CommandTx, accountId: string, day: string): Promise<PointOnSupply[]> {
  const rows = await tx.query<{ id: string; connection_status: ConnectionStatus; open: Array<{ workOrderId: string; type: WorkOrderType }> }>(
    `select sp.id, sp.connection_status,
            coalesce((select json_agg(json_build_object('workOrderId', w.id, 'type', w.type) order by w.scheduled_at)
                        from rm_work_order w where w.service_point_id = sp.id and w.status in ('scheduled', 'dispatched')), '[]') as open
       from rm_agreement a join rm_service_point sp on sp.id = a.service_point_id
      where a.account_id = $1 and a.start_date <= $2 and (a.end_date is null or a.end_date >= $2)
      order by sp.id`,
    [accountId, day],
  );
  return rows.map((r) => ({ servicePointId: r.id, connectionStatus: r.connection_status, openWorkOrders: r.open }));
}

/** The protections of the account's main customer. An account this service does not know can never be acted on. */
async function protectionsOf(tx: CommandTx, accountId: string): Promise<Protection[]> {
  const [row] = await tx.query<{ protections: Protection[] }>(
    'select c.protections from rm_account a join rm_customer c on c.id = a.customer_id where a.id = $1',
    [accountId],
  );
  if (!row) throw new PermanentError(`account ${accountId} does not exist in the customer service`);
  return row.protections;
}

async function carryOut(tx: CommandTx, actions: FieldAction[], accountId: string, cause: string): Promise<void> {
  for (const a of actions) {
    if (a.kind === 'schedule') {
      await scheduleWorkOrder(tx, {
        workType: a.workType,
        servicePointId: a.servicePointId,
        accountId,
        reason: 'collections',
        requestedBy: { kind: 'event', ref: cause },
      });
    } else {
      const { state, version } = await tx.load(workOrderAggregate, a.workOrderId);
      await tx.append(a.workOrderId, version, decideWorkOrder(state, { type: 'cancel', workOrderId: a.workOrderId, reason: a.reason }, tx.now));
    }
  }
}

/** A disconnection request: disconnect work orders, or `DisconnectionRefused` with the reason. */
export async function handleDisconnectionRequest(tx: CommandTx, request: DisconnectionRequestedV1, causeId: string, timeZone: string): Promise<void> {
  const today = localDateOf(tx.now, timeZone);
  const plan = planDisconnection(await pointsOnSupply(tx, request.accountId, today), await protectionsOf(tx, request.accountId), today);
  if (plan.kind === 'refuse') {
    await refuseDisconnection(tx, { requestId: request.requestId, accountId: request.accountId, ...plan.refusal, refusedOn: today });
  } else {
    await carryOut(tx, plan.actions, request.accountId, causeId);
  }
}

/**
 * payments' collections asks for disconnections and reconnections; the customer service turns them
 * into work orders (or calls off pending ones), in the transaction that records the message in the
 * inbox. A request the domain refuses (a protected customer, no service in force) is answered with
 * `DisconnectionRefused`; only a request that can never be processed (an unknown account) is
 * dead-lettered.
 */
@Injectable()
export class CollectionsRequestsHandler implements MessageHandler {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(CUSTOMER_CONFIG) private readonly config: CustomerConfig,
  ) {}

  async handle(event: ConsumedEvent, ctx: HandlerContext): Promise<void> {
    try {
      await this.commands.runIn(ctx.manager as NonNullable<HandlerContext['manager']>, async (tx) => {
        if (event.type === DisconnectionRequestedV1.type) {
          await handleDisconnectionRequest(tx, event.data as DisconnectionRequestedV1, event.id, this.config.timeZone);
        } else if (event.type === ReconnectionRequestedV1.type) {
          const { accountId, reason } = event.data as ReconnectionRequestedV1;
          await protectionsOf(tx, accountId); // the account must exist
          await carryOut(tx, planReconnection(await pointsOnSupply(tx, accountId, localDateOf(tx.now, this.config.timeZone)), reason), accountId, event.id);
        }
        // Other payments events are not the customer service's concern.
      });
    } catch (e) {
      // A rule the request breaks (a work order already closed) cannot pass on a retry either.
      if (e instanceof RuleViolation) throw new PermanentError(`${e.code}: ${e.message}`);
      throw e;
    }
  }
}

/** The customer service's consumer of payments' collections requests. */
export const collectionsRequestsConsumer: ServiceConsumer = {
  groupId: COLLECTIONS_GROUP,
  topics: [Topics.paymentsEvents],
  handler: CollectionsRequestsHandler,
};
