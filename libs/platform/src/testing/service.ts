import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'net';
import { readServiceConfig, type ServiceConfig } from '../config/service-config';
import { createServiceApp, type ModuleFactory } from '../service/bootstrap';
import { JsonLogger } from '../logging/json-logger';

/**
 * Configuration for an integration test: the real PostgreSQL and Kafka given by DATABASE_URL and
 * KAFKA_BROKERS (set by `npm test`), a separate `utilia_test_<service>` database, a free port.
 * `UTILIA_TEST_DB_PREFIX` replaces `utilia_test`, so two checkouts can run their tests side by side
 * (each with its own broker, `KAFKA_PORT`).
 */
export function testConfig(service: string, overrides: Record<string, string> = {}): ServiceConfig {
  return readServiceConfig(
    {
      DATABASE_URL: process.env.DATABASE_URL,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      DATABASE_NAME: `${process.env.UTILIA_TEST_DB_PREFIX ?? 'utilia_test'}_${service}`,
      PORT: '0',
      LOG_LEVEL: 'warn',
      ...overrides,
    },
    service,
    0,
  );
}

export interface RunningService {
  app: INestApplication;
  url: string;
  logs: string[];
  close(): Promise<void>;
}

/** Boots a service in-process on a free port; its JSON logs are kept in `logs` for assertions. */
export async function startTestService<C extends ServiceConfig>(config: C, buildModule: ModuleFactory<C>): Promise<RunningService> {
  const logs: string[] = [];
  const logger = new JsonLogger(config.service, config.logLevel, (line) => logs.push(line));
  const app = await createServiceApp(config, buildModule, logger);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, logs, close: () => app.close() };
}

/** Polls `check` until it returns true or the time is up; for eventually-consistent outcomes. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000, intervalMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * The boot test every service has: it starts against the real PostgreSQL and Kafka, reports ready
 * and serves its OpenAPI document.
 */
export function describeServiceBoot<C extends ServiceConfig>(service: string, makeConfig: () => C, buildModule: ModuleFactory<C>): void {
  describe(`the ${service} service`, () => {
    let running: RunningService;
    beforeAll(async () => {
      running = await startTestService(makeConfig(), buildModule);
    });
    afterAll(() => running?.close());

    it('is ready once its database and the Kafka broker answer', async () => {
      const res = await fetch(`${running.url}/health/ready`);
      expect(await res.json()).toMatchObject({ status: 'ready', service, checks: { database: { ok: true }, kafka: { ok: true } } });
      expect(res.status).toBe(200);
    });

    it('says it is alive and serves its OpenAPI document', async () => {
      expect(await (await fetch(`${running.url}/health`)).json()).toEqual({ status: 'ok', service });
      const res = await fetch(`${running.url}/docs/openapi.json`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { paths: object }).paths).toHaveProperty('/health/ready');
    });
  });
}
