import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandRunner, SERVICE_LOGGER, type JsonLogger } from '@utilia/platform';
import { BILL_COLUMNS, type BillingContext, type BillRow } from './bill';
import { continueBillRun } from './bill-run.handler';
import { BILLING_CONTEXT } from './billing-context';
import { timeOutBill } from './usage.handler';

/** Bills timed out per transaction. */
const TIMEOUT_BATCH = 200;
/** A run still starting whose last chunk is older than this was cut off (a crash): the sweep continues it. */
const STALLED_RUN_SECONDS = 60;

/**
 * Every BILLING_SWEEP_SECONDS: continues bill runs whose start was cut off, and applies the usage
 * timeout policy to bills that waited too long for metering. Rows are taken with `skip locked`, so
 * several instances sweep side by side without doing anything twice.
 */
@Injectable()
export class BillingSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly commands: CommandRunner,
    @Inject(BILLING_CONTEXT) private readonly ctx: BillingContext,
    @Inject(SERVICE_LOGGER) private readonly log: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.sweep().finally(() => (this.running = undefined));
    }, this.ctx.settings.sweepSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep; errors are logged and tried again at the next one. */
  async sweep(): Promise<void> {
    try {
      await this.resumeStalledRuns();
      while ((await this.timeOutBatch()) === TIMEOUT_BATCH) {
        /* more overdue bills */
      }
    } catch (e) {
      this.log.write('warn', 'billing sweep failed; trying again at the next one', { error: (e as Error).message });
    }
  }

  private async resumeStalledRuns(): Promise<void> {
    const runs = await this.commands.read<{ id: string }>(
      `select id from bill_run where status = 'starting' and chunked_at < now() - make_interval(secs => $1) order by started_at`,
      [STALLED_RUN_SECONDS],
    );
    for (const r of runs) await continueBillRun(this.commands, r.id, this.ctx.settings.runChunk);
  }

  /** Applies the timeout policy to the oldest overdue bills; returns how many. */
  private async timeOutBatch(): Promise<number> {
    return this.commands.run(async (tx) => {
      const cutoff = new Date(tx.now.getTime() - this.ctx.settings.usageTimeoutSeconds * 1000);
      const bills = await tx.query<BillRow>(
        `select ${BILL_COLUMNS} from bill where status = 'awaiting-usage' and requested_at < $1 order by requested_at limit $2 for update skip locked`,
        [cutoff, TIMEOUT_BATCH],
      );
      for (const bill of bills) await timeOutBill(tx, bill, this.ctx);
      return bills.length;
    });
  }
}
