import { Inject, Injectable } from '@nestjs/common';
import { AccountClosedV1, AccountDetailsChangedV1, AccountOpenedV1, DisconnectionRefusedV1, Topics } from '@utilia/contracts';
import { CommandRunner, type ConsumedEvent, type HandlerContext, type MessageHandler, type ServiceConsumer } from '@utilia/platform';
import type { PaymentsConfig } from '../config';
import { depositClassChanged, depositFactsOpened, releaseDeposit } from '../deposits/deposits.handler';
import { PAYMENTS_CONFIG } from '../tokens';
import { holdCase } from './cases';

/**
 * customer's events that move collections and deposits, each in the consumer's transaction: a
 * refused disconnection puts its case on hold; an account opened or given a class is assessed for a
 * deposit; an account closed has its deposit applied and refunded. (The account copies payments
 * reads are kept by their own consumer; these events carry what is needed here.)
 */
@Injectable()
export class CollectionsHandler implements MessageHandler {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(PAYMENTS_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  async handle(e: ConsumedEvent, ctx: HandlerContext): Promise<void> {
    const manager = ctx.manager as NonNullable<HandlerContext['manager']>;
    await this.commands.runIn(manager, async (tx) => {
      if (e.type === DisconnectionRefusedV1.type) await holdCase(tx, e.data as DisconnectionRefusedV1);
      else if (e.type === AccountOpenedV1.type) {
        const d = e.data as AccountOpenedV1;
        await depositFactsOpened(tx, d.accountId, d.currency, this.config);
      } else if (e.type === AccountDetailsChangedV1.type) {
        const d = e.data as AccountDetailsChangedV1;
        await depositClassChanged(tx, d.accountId, d.customerClass, this.config);
      } else if (e.type === AccountClosedV1.type) {
        const d = e.data as AccountClosedV1;
        await releaseDeposit(tx, d.accountId, d.closedOn, this.config);
      }
    });
  }
}

/** Payments' consumer of customer's refusals and account changes for collections and deposits. */
export const collectionsConsumer: ServiceConsumer = { groupId: 'payments.collections', topics: [Topics.customerEvents], handler: CollectionsHandler };
