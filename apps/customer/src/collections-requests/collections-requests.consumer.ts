import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { defaultRegistry, DisconnectionRequestedV1, ReconnectionRequestedV1, Topics, type ConnectionStatus, type WorkOrderType } from '@utilia/contracts';
import { ConsumerRunner, KAFKA, PermanentError, SERVICE_LOGGER, type ConsumedEvent, type JsonLogger } from '@utilia/platform';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CommandRunner, type CommandTx } from '../shared/command-runner';
import { localDateOf } from '../shared/dates';
import { is } from '../shared/decider';
import { RuleViolation } from '../shared/rules';
import { scheduleWorkOrder } from '../work-order/schedule';
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
      await scheduleWorkOrder(tx, { workType: a.workType, servicePointId: a.servicePointId, accountId, reason: 'collections', requestedBy: { kind: 'event', ref: cause } });
    } else {
      const { state, version } = await tx.load(workOrderAggregate, a.workOrderId);
      await tx.append(a.workOrderId, version, decideWorkOrder(state, { type: 'cancel', workOrderId: a.workOrderId, reason: a.reason }, tx.now));
    }
  }
}

/**
 * payments' collections asks for disconnections and reconnections; the customer service turns them
 * into work orders (or calls off pending ones), in the transaction that records the message in the
 * inbox. A request the domain refuses (protected customer, unknown account) is dead-lettered with why.
 */
@Injectable()
export class CollectionsRequestsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly runner: ConsumerRunner;

  constructor(dataSource: DataSource, @Inject(KAFKA) kafka: Kafka, @Inject(SERVICE_LOGGER) logger: JsonLogger, private readonly commands: CommandRunner) {
    this.runner = new ConsumerRunner({
      kafka,
      db: dataSource,
      log: logger,
      registry: defaultRegistry,
      groupId: COLLECTIONS_GROUP,
      topics: [Topics.paymentsEvents],
      handle: (event, ctx) => this.handle(event, ctx.manager as NonNullable<typeof ctx.manager>),
    });
  }

  async handle(event: ConsumedEvent, manager: NonNullable<Parameters<CommandRunner['runIn']>[0]>): Promise<void> {
    try {
      await this.commands.runIn(manager, async (tx) => {
        const today = localDateOf(tx.now, this.commands.policy.timeZone);
        if (is(event, DisconnectionRequestedV1)) {
          const { accountId } = event.data;
          const protections = await protectionsOf(tx, accountId);
          await carryOut(tx, planDisconnection(await pointsOnSupply(tx, accountId, today), protections, today), accountId, event.id);
        } else if (is(event, ReconnectionRequestedV1)) {
          const { accountId, reason } = event.data;
          await protectionsOf(tx, accountId); // the account must exist
          await carryOut(tx, planReconnection(await pointsOnSupply(tx, accountId, today), reason), accountId, event.id);
        }
        // Other payments events are not the customer service's concern.
      });
    } catch (e) {
      if (e instanceof RuleViolation) throw new PermanentError(`${e.code}: ${e.message}`);
      throw e;
    }
  }

  onApplicationBootstrap(): void {
    // Joining the group waits for the broker (retrying, logged); readiness reports Kafka meanwhile.
    void this.runner.startWhenReady();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
