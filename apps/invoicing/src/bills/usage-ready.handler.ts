import { Injectable } from '@nestjs/common';
import { Topics, UsageProfileReadyV1 } from '@utilia/contracts';
import { CommandRunner, type ConsumedEvent, type HandlerContext, type MessageHandler, type ServiceConsumer } from '@utilia/platform';
import { billFromUsage } from './bill-run.handler';
import { DEFAULT_CHECKS } from './checks';

/** Metering's usage profiles from `metering.events`, each turned into an issued or held bill in the consumer's transaction. */
@Injectable()
export class UsageReadyHandler implements MessageHandler {
  constructor(private readonly commands: CommandRunner) {}

  async handle(e: ConsumedEvent, ctx: HandlerContext): Promise<void> {
    if (e.type !== UsageProfileReadyV1.type) return;
    await this.commands.runIn(ctx.manager as NonNullable<HandlerContext['manager']>, (tx) => billFromUsage(tx, e.data as UsageProfileReadyV1, DEFAULT_CHECKS));
  }
}

/** Invoicing's consumer of usage profiles. */
export const usageReadyConsumer: ServiceConsumer = { groupId: 'invoicing.usage-profiles', topics: [Topics.meteringEvents], handler: UsageReadyHandler };
