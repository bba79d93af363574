import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { AccountOpenedV1, ServiceAgreementStartedV2, Topics, UsageProfileRequestedV1, uuidv7 } from '@utilia/contracts';
import { databaseUrlFor, signToken } from '@utilia/platform';
import { eventually, freePort, testConfig, TopicRecorder } from '@utilia/platform/testing';
import { Client } from 'pg';
import { answer, flatTariff, publishTariff, startPublisher, waitFor, type Publisher } from '../testing';

// The service runs as a deployed one would: its build, in a process of its own, killed with SIGKILL.
const MAIN = path.resolve(__dirname, '../../dist/main.js');
const DB = 'utilia_test_invoicing_crash';
const ACCOUNTS = 400;
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('a bill run when the invoicing process is killed with SIGKILL and restarted', () => {
  const children: ChildProcess[] = [];
  const requests = new TopicRecorder();
  let publisher: Publisher;
  let db: Client;
  let port: number;
  let token: string;
  const groupPrefix = `crash-${Date.now().toString(36)}.`;
  const startedAt = new Date().toISOString();

  const startProcess = () => {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: server,
        DATABASE_NAME: DB,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
        LOG_LEVEL: 'warn',
        // Consumer groups of this test's own, started at its start: the shared broker's earlier
        // events (other tests' accounts) are not read, whatever ran before.
        KAFKA_GROUP_PREFIX: groupPrefix,
        KAFKA_NEW_GROUPS_FROM: startedAt,
        // Small chunks: the kill falls between chunks of the run's start.
        BILL_RUN_CHUNK: '5',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  };
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json() };
  };
  const ready = async () => waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status === 200, 'ready', 60_000);
  const kill = async (child: ChildProcess) => {
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
  };
  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npx nx run-many -t build)`);
    const admin = new Client({ connectionString: server });
    await admin.connect();
    await admin.query(`drop database if exists ${DB} with (force)`);
    await admin.end();
    port = await freePort();
    token = await signToken({ subject: 'crash-test', roles: ['billing-ops'], accounts: [] }, testConfig('invoicing').auth, { ttlSeconds: 3600 });
    publisher = await startPublisher();
    await requests.start(Topics.invoicingEvents);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    await requests.stop();
    await publisher?.close();
    await db?.end();
  });

  it('started twice at once and killed twice (while starting and while issuing): every agreement gets exactly one invoice, numbered without gaps', async () => {
    let service = startProcess();
    await ready();
    db = new Client({ connectionString: databaseUrlFor(server, DB) });
    await db.connect();

    const code = `T-CRASH-${Date.now().toString(36)}`.toUpperCase();
    await publishTariff(publisher, code, flatTariff('30', '0.2'));
    for (let i = 0; i < ACCOUNTS; i++) {
      const accountId = uuidv7();
      await publisher.publish(AccountOpenedV1, {
        accountId,
        accountNumber: String(1_000_000 + i),
        customerId: uuidv7(),
        currency: 'USD',
        billCycle: '18',
        openedOn: '2026-01-01',
      });
      await publisher.publish(ServiceAgreementStartedV2, {
        agreementId: uuidv7(),
        accountId,
        servicePointId: uuidv7(),
        commodity: 'electricity',
        tariffCode: code,
        startDate: '2026-01-01',
        tariffVersionId: null,
      });
    }
    await waitFor(async () => (await count('select count(*) as n from i_agreement')) === ACCOUNTS, 'the agreements copied', 60_000);
    await waitFor(async () => (await count('select count(*) as n from i_tariff_version')) === 1, 'the tariff copied');

    // Metering, played by the test: every usage request answered once, 1 kWh an hour, at most
    // 100 a second, and only the first half until the second kill, so that it falls mid-run:
    // the service bills a backlog of answers in one batch, faster than the test can poll.
    const answered = new Set<string>();
    let answering = ACCOUNTS / 2;
    const metering = setInterval(() => {
      const room = Math.max(0, Math.min(10, answering - answered.size));
      const waiting = requests.messages.filter((m) => m.type === UsageProfileRequestedV1.type && !answered.has(m.data.requestId)).slice(0, room);
      for (const m of waiting) {
        answered.add(m.data.requestId);
        void answer(publisher, m.data as UsageProfileRequestedV1, 1000);
      }
    }, 100);

    try {
      // Two billing-ops start the run at the same moment: one run.
      const starts = [call('POST', '/bill-runs', { cycle: '18', runDate: '2026-08-18' }), call('POST', '/bill-runs', { cycle: '18', runDate: '2026-08-18' })];
      // Killed while the run is still starting (its chunks of 10 agreements each commit on their own).
      expect(await eventually(async () => (await count('select count(*) as n from bill')) >= 50, 60_000, 5)).toBe(true);
      await kill(service);
      await Promise.allSettled(starts);
      expect(await count(`select count(*) as n from bill_run where status = 'starting'`)).toBe(1);
      expect(await count('select count(*) as n from bill')).toBeLessThan(ACCOUNTS);

      service = startProcess();
      await ready();
      const [a, b] = await Promise.all([
        call('POST', '/bill-runs', { cycle: '18', runDate: '2026-08-18' }),
        call('POST', '/bill-runs', { cycle: '18', runDate: '2026-08-18' }),
      ]);
      expect(a.body.runId).toBe(b.body.runId);
      expect(a.body).toMatchObject({ resumed: true, bills: ACCOUNTS });

      // Killed again while bills are being issued.
      await waitFor(async () => (await count('select count(*) as n from invoice')) >= 150, 'invoices being issued', 120_000);
      await kill(service);
      expect(await count('select count(*) as n from invoice')).toBeLessThan(ACCOUNTS);
      service = startProcess();
      await ready();
      answering = ACCOUNTS;
      await waitFor(async () => (await count(`select count(*) as n from bill where status = 'issued'`)) === ACCOUNTS, 'every bill issued', 180_000);
    } finally {
      clearInterval(metering);
    }

    // Exactly one invoice per agreement and period, the numbers 1..400 once each.
    expect(await count('select count(*) as n from invoice')).toBe(ACCOUNTS);
    expect(await count('select count(*) as n from (select agreement_id, period_from, period_to from invoice group by 1, 2, 3 having count(*) > 1) d')).toBe(0);
    const numbers = (await db.query(`select number from invoice order by number`)).rows.map((r) => r.number);
    expect(numbers).toEqual(Array.from({ length: ACCOUNTS }, (_, i) => `INV-${String(i + 1).padStart(9, '0')}`));
    expect(await count(`select count(*) as n from bill where status <> 'issued'`)).toBe(0);
    // The run's progress agrees.
    const runId = (await db.query('select id from bill_run')).rows[0].id;
    expect((await call('GET', `/bill-runs/${runId}`)).body).toMatchObject({ status: 'started', bills: ACCOUNTS, issued: ACCOUNTS, awaitingUsage: 0 });
  }, 400_000);
});
