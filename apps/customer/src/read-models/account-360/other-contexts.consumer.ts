import { Inject, Injectable } from '@nestjs/common';
import { Topics } from '@utilia/contracts';
import {
  feedProjections,
  fromConsumed,
  SERVICE_LOGGER,
  type ConsumedEvent,
  type HandlerContext,
  type JsonLogger,
  type MessageHandler,
  type ServiceConsumer,
} from '@utilia/platform';
import { otherContextViews, veeSkipReason } from './other-contexts.projections';

/** The consumer group, and the feed whose progress per stream the projections keep. */
export const ACCOUNT_360_GROUP = 'customer.account-360';

/**
 * Feeds the account 360 view's read models from invoicing, payments and metering events, each stream
 * in version order and each event once (`feedProjections`: a replay or a redelivery changes nothing).
 * Every event goes through the feed, also the ones no read model uses, so that each stream's versions
 * follow without a gap. An event that can never be shown on an account is logged with the reason.
 */
@Injectable()
export class Account360Feed implements MessageHandler {
  constructor(@Inject(SERVICE_LOGGER) private readonly log: JsonLogger) {}

  async handleBatch(events: ConsumedEvent[], ctx: HandlerContext): Promise<void> {
    const feed = events.map(fromConsumed);
    for (const e of feed) {
      const reason = veeSkipReason(e);
      if (reason) this.log.write('info', `account 360 view skips event ${e.id}: ${reason}`, { eventId: e.id, type: e.type }, 'account-360');
    }
    await feedProjections(ctx.sql, ACCOUNT_360_GROUP, otherContextViews, feed, this.log);
  }
}

/** The customer service's consumer of the other contexts' events for the account 360 view. */
export const account360Consumer: ServiceConsumer = {
  groupId: ACCOUNT_360_GROUP,
  topics: [Topics.invoicingEvents, Topics.paymentsEvents, Topics.meteringEvents],
  handler: Account360Feed,
};
