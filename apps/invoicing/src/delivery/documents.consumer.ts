import { Inject, Injectable } from '@nestjs/common';
import { CreditNoteIssuedV1, InvoiceIssuedV1, Topics } from '@utilia/contracts';
import {
  CommandRunner,
  PermanentError,
  RuleViolation,
  type ConsumedEvent,
  type HandlerContext,
  type MessageHandler,
  type ServiceConsumer,
} from '@utilia/platform';
import { storedDocument, type DocumentKind } from '../documents/document.handler';
import { DOCUMENTS_CONFIG, type DocumentsConfig } from '../documents/documents.config';
import { recordDelivery } from './delivery.handler';
import { Mailer } from './mailer';

/**
 * Invoicing's own InvoiceIssued and CreditNoteIssued (from invoicing.events, after the issuing
 * transaction committed): the document is rendered and stored, and its delivery recorded by the
 * customer's preference, in the consumer's transaction (once per event: the inbox).
 */
@Injectable()
export class IssuedDocumentsHandler implements MessageHandler {
  constructor(
    private readonly commands: CommandRunner,
    private readonly mailer: Mailer,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
  ) {}

  async handle(e: ConsumedEvent, ctx: HandlerContext): Promise<void> {
    let target: { kind: DocumentKind; id: string; runId: string | null } | undefined;
    if (e.type === InvoiceIssuedV1.type) {
      const d = e.data as InvoiceIssuedV1;
      target = { kind: 'invoice', id: d.invoiceId, runId: d.runId };
    } else if (e.type === CreditNoteIssuedV1.type) target = { kind: 'credit-note', id: (e.data as CreditNoteIssuedV1).creditNoteId, runId: null };
    if (!target) return;
    const { kind, id, runId } = target;
    await this.commands.runIn(ctx.manager as NonNullable<HandlerContext['manager']>, async (tx) => {
      try {
        const doc = await storedDocument(tx, kind, id, this.config.utility);
        await recordDelivery(tx, doc, runId, this.mailer.configured);
      } catch (err) {
        // An event of this service about a document its database does not hold can never be rendered.
        if (err instanceof RuleViolation && err.kind === 'not-found') throw new PermanentError(err.message);
        throw err;
      }
    });
  }
}

/** Invoicing's consumer of its own issued invoices and credit notes. */
export const documentsConsumer: ServiceConsumer = {
  groupId: 'invoicing.documents',
  topics: [Topics.invoicingEvents],
  handler: IssuedDocumentsHandler,
  // Documents of one account stay in order (its partition); two partitions' documents are made side by side.
  partitionsConsumedConcurrently: 2,
};
