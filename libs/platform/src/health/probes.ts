import type { Kafka, Admin } from 'kafkajs';
import type { DataSource } from 'typeorm';

/** The outcome of one dependency check, as shown by `/health/ready`. */
export interface ProbeResult {
  ok: boolean;
  ms: number;
  error?: string;
}

/** Fails a promise that takes longer than `ms`; a dead dependency must not hang the probe. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function probe(check: () => Promise<unknown>, timeoutMs: number, what: string): Promise<ProbeResult> {
  const started = Date.now();
  try {
    await withTimeout(check(), timeoutMs, what);
    return { ok: true, ms: Date.now() - started };
  } catch (e) {
    return { ok: false, ms: Date.now() - started, error: (e as Error).message };
  }
}

export function databaseProbe(dataSource: DataSource, timeoutMs = 2000): Promise<ProbeResult> {
  return probe(() => dataSource.query('select 1'), timeoutMs, 'postgres');
}

/**
 * Checks the broker with a metadata request. A failed admin client is thrown away and a new one is
 * made next time, so readiness comes back by itself when the broker does.
 */
export class KafkaProbe {
  // One shared connection attempt: the start-up watch and HTTP probes may ask at the same time.
  private admin?: Promise<Admin>;

  constructor(
    private readonly kafka: Kafka,
    private readonly timeoutMs = 2500,
  ) {}

  async check(): Promise<ProbeResult> {
    const result = await probe(
      async () => {
        const admin = await this.connected();
        await admin.describeCluster();
      },
      this.timeoutMs,
      'kafka',
    );
    if (!result.ok) await this.discard();
    return result;
  }

  async close(): Promise<void> {
    await this.discard();
  }

  private connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin({ retry: { retries: 0 } });
      this.admin = admin.connect().then(() => admin);
      // A failed attempt is forgotten so the next check starts afresh.
      this.admin.catch(() => this.discard());
    }
    return this.admin;
  }

  private async discard(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }
}
