import { eventually, freePort, PrivateBroker, startTestService, TcpRelay, testConfig, type RunningService } from '@utilia/platform/testing';
import { AppModule } from './app.module';

// The shared broker of the test run stays up; this test stops and starts a broker of its own.
const broker = new PrivateBroker(19092);

async function readiness(url: string): Promise<{ status: number; body: { checks: { kafka: { ok: boolean; error?: string } } } }> {
  const res = await fetch(`${url}/health/ready`);
  return { status: res.status, body: (await res.json()) as { checks: { kafka: { ok: boolean; error?: string } } } };
}

describe('a service whose dependencies come and go', () => {
  let service: RunningService | undefined;
  let relay: TcpRelay | undefined;

  beforeAll(() => broker.reset());
  afterAll(async () => {
    await service?.close();
    await relay?.close();
    await broker.stop();
  });

  it('waits for PostgreSQL, reports not ready without Kafka, and follows the broker going down and up', async () => {
    // PostgreSQL is reached through a relay that opens only after the service has started trying.
    const dbPort = await freePort();
    relay = new TcpRelay(dbPort, { host: '127.0.0.1', port: Number(new URL(process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432').port || 5432) });
    const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    url.hostname = '127.0.0.1';
    url.port = String(dbPort);
    const config = testConfig('customer', { DATABASE_URL: url.toString(), KAFKA_BROKERS: broker.address, LOG_LEVEL: 'info' });

    const starting = startTestService(config, AppModule.register);
    await new Promise((r) => setTimeout(r, 1500));
    await relay.open();
    const running = await starting;
    service = running;
    const postgresRetries = running.logs
      .map((l: string) => JSON.parse(l))
      .filter((l: { context?: string; level?: string }) => l.context === 'postgres' && l.level === 'warn');
    expect(postgresRetries.length).toBeGreaterThanOrEqual(1);
    expect(postgresRetries[0].msg).toMatch(/^postgres is not reachable: .*; retrying in \d+ ms$/);

    // No broker yet: alive, not ready, and the log says why.
    let r = await readiness(running.url);
    expect(r.status).toBe(503);
    expect(r.body.checks.kafka.ok).toBe(false);
    expect(await eventually(async () => running.logs.some((l) => /kafka is not reachable/.test(l)), 10_000)).toBe(true);

    await broker.start();
    expect(await eventually(async () => (await readiness(running.url)).status === 200, 30_000)).toBe(true);

    await broker.stop();
    r = await readiness(running.url);
    expect(r.status).toBe(503);
    expect(r.body.checks.kafka.error).toBeDefined();

    await broker.start();
    expect(await eventually(async () => (await readiness(running.url)).status === 200, 30_000)).toBe(true);
  }, 180_000);
});
