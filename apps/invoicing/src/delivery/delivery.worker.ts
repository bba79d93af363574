import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandRunner, JsonLogger, SERVICE_LOGGER, sleep } from '@utilia/platform';
import { DOCUMENTS_CONFIG, type DocumentsConfig } from '../documents/documents.config';
import { runsReadyToPrint, sendNextDueEmail } from './delivery.handler';
import { Mailer } from './mailer';
import { buildPrintBatch } from './print-batch';

/** E-mails sent per pass at most, so a long queue does not keep the print batches waiting. */
const EMAILS_PER_PASS = 50;

/**
 * The delivery poller: every DELIVERY_INTERVAL it sends the due e-mails (each taken `for update
 * skip locked`, so several instances share the queue) and makes the print batch of each bill run
 * whose paper documents are all there. Logs say which document and what happened, never an address.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly stopping = new AbortController();
  private running?: Promise<void>;

  constructor(
    private readonly commands: CommandRunner,
    private readonly mailer: Mailer,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.loop();
  }

  /** Stops before the database closes, waiting for the pass under way (a batch being written commits or rolls back). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        await this.pass();
      } catch (e) {
        this.logger.write('error', `delivery pass failed: ${(e as Error).message}`, {}, 'delivery');
      }
      await sleep(this.config.delivery.pollIntervalMs, this.stopping.signal);
    }
  }

  /** One pass: the due e-mails, then the print batches of finished bill runs. */
  async pass(): Promise<void> {
    for (let i = 0; i < EMAILS_PER_PASS && !this.stopping.signal.aborted; i++) {
      const sent = await sendNextDueEmail(this.commands, this.mailer, this.config.delivery);
      if (!sent) break;
      const { error, ...fields } = sent;
      this.logger.write(
        sent.outcome === 'sent' ? 'info' : 'warn',
        `e-mail of ${sent.documentNumber}: ${sent.outcome}${error ? ` (${error})` : ''}`,
        fields,
        'delivery',
      );
    }
    for (const runId of await runsReadyToPrint(this.commands)) {
      if (this.stopping.signal.aborted) return;
      const batch = await buildPrintBatch(this.commands, this.config.printDir, { runId, by: 'bill-run' });
      if (batch) this.logger.write('info', `print batch ${batch.id} of bill run ${runId}`, { documents: batch.documents, pages: batch.pages }, 'delivery');
    }
  }
}
