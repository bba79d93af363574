import { Injectable } from '@nestjs/common';
import { TariffVersionPublishedV1, Topics } from '@utilia/contracts';
import { CommandRunner, type ConsumedEvent, type HandlerContext, type MessageHandler, type ServiceConsumer } from '@utilia/platform';
import { onTariffPublished } from './corrections.handler';

/** invoicing's copy of the version is fed by another consumer: until it is there, the message is tried again (re-rating needs it). */
export class VersionNotCopiedYet extends Error {}

/** rating's published versions from `rating.events`: bills already issued over their days are rated again. */
@Injectable()
export class TariffCorrectionsHandler implements MessageHandler {
  constructor(private readonly commands: CommandRunner) {}

  async handle(e: ConsumedEvent, ctx: HandlerContext): Promise<void> {
    if (e.type !== TariffVersionPublishedV1.type) return;
    const published = e.data as TariffVersionPublishedV1;
    await this.commands.runIn(ctx.manager as NonNullable<HandlerContext['manager']>, async (tx) => {
      const [copy] = await tx.query('select 1 from i_tariff_version where id = $1', [published.versionId]);
      if (!copy) throw new VersionNotCopiedYet(`tariff version ${published.versionId} is not in invoicing's copy yet`);
      await onTariffPublished(tx, published);
    });
  }
}

/** Invoicing's consumer of tariff versions for corrections. */
export const tariffCorrectionsConsumer: ServiceConsumer = {
  groupId: 'invoicing.tariff-corrections',
  topics: [Topics.ratingEvents],
  handler: TariffCorrectionsHandler,
};
