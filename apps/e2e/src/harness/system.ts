import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { databaseUrlFor } from '@utilia/platform';
import { freePort } from '@utilia/platform/testing';
import { Client } from 'pg';
import { until } from './poll';

export const SERVICES = ['customer', 'metering', 'rating', 'invoicing', 'payments'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const root = path.resolve(__dirname, '../../../..');
export const brokers = (): string => process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const server = (): string => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The e2e services' databases: `utilia_e2e_<service>`, dropped at every start of a system. */
export const databaseOf = (name: ServiceName): string => `utilia_e2e_${name}`;

/** The last lines of a file ('' when there is none). */
function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** One built service (`apps/<name>/dist/main.js`) as a child process, its output appended to its log file. */
export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  /** Bumped at every start: SIGKILLed and restarted services are told apart in the log. */
  starts = 0;

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    readonly env: Record<string, string>,
    readonly log: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and waits until `/health/ready` answers 200 (its database and the broker answer). */
  async start(): Promise<void> {
    const main = path.join(root, 'apps', this.name, 'dist', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (npx nx run-many -t build)`);
    const out = openSync(this.log, 'a');
    const child = spawn(process.execPath, [main], { cwd: root, env: { ...process.env, ...this.env }, stdio: ['ignore', out, out] });
    closeSync(out);
    this.child = child;
    this.starts++;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await until(
      `${this.name} ready on port ${this.port}`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${this.name} exited while starting:\n${tail(this.log)}`);
        const res = await fetch(`${this.url}/health/ready`);
        return res.status === 200;
      },
      120_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${this.name}'s log (${this.log}):\n${tail(this.log)}`);
    });
  }

  /** SIGKILL: the process ends at once, whatever it was doing (nothing is flushed or committed). */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and wait (SIGKILL after 20 s). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** SIGKILL, then started again on the same port and database. */
  async killAndRestart(): Promise<void> {
    await this.kill();
    await this.start();
  }
}

export interface SystemOptions {
  /** Extra environment per service (the documented service settings). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

/**
 * The five services as a deployment runs them: each a process of its own on a free port, with its
 * own database (`utilia_e2e_<service>`, dropped first), LOG_LEVEL warn and its log in a file under
 * a temporary folder (`logDir`), on the test run's broker (KAFKA_BROKERS).
 *
 * The broker is shared with the rest of `npm test`: its topics hold events of earlier integration
 * tests, and the services' consumer groups have fixed names. Each system therefore gets consumer
 * groups of its own (KAFKA_GROUP_PREFIX, a run id) that start at the system's start instant
 * (KAFKA_NEW_GROUPS_FROM): the services read only events published after that, and a SIGKILLed
 * and restarted service continues from its group's committed offsets. See apps/e2e/README.md.
 */
export class System {
  private constructor(
    readonly logDir: string,
    readonly services: Record<ServiceName, ServiceProcess>,
  ) {}

  static async start(options: SystemOptions = {}): Promise<System> {
    const startedAt = new Date().toISOString();
    const runId = `e2e-${Date.now().toString(36)}-${process.pid}`;
    const logDir = mkdtempSync(path.join(tmpdir(), 'utilia-e2e-'));
    mkdirSync(path.join(logDir, 'print'), { recursive: true });
    const admin = new Client({ connectionString: server() });
    await admin.connect();
    try {
      for (const name of SERVICES) await admin.query(`drop database if exists ${databaseOf(name)} with (force)`);
    } finally {
      await admin.end();
    }
    const services = {} as Record<ServiceName, ServiceProcess>;
    for (const name of SERVICES) {
      const port = await freePort();
      services[name] = new ServiceProcess(
        name,
        port,
        {
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: server(),
          DATABASE_NAME: databaseOf(name),
          KAFKA_BROKERS: brokers(),
          LOG_LEVEL: 'warn',
          KAFKA_GROUP_PREFIX: `${runId}.`,
          KAFKA_NEW_GROUPS_FROM: startedAt,
          PRINT_DIR: path.join(logDir, 'print'),
          ...(options.env?.[name] ?? {}),
        },
        path.join(logDir, `${name}.log`),
      );
    }
    const system = new System(logDir, services);
    try {
      await Promise.all(SERVICES.map((name) => services[name].start()));
    } catch (e) {
      await system.stop();
      throw e;
    }
    return system;
  }

  service(name: ServiceName): ServiceProcess {
    return this.services[name];
  }

  /** Stops every service with SIGTERM, in parallel. */
  async stop(): Promise<void> {
    await Promise.all(SERVICES.map((name) => this.services[name].stop()));
  }

  /**
   * Runs a read-only query on a service's own database: only for what no API exposes (outbox rows
   * not yet published). The session is read-only, so a test can never change a service's state.
   */
  async queryDatabase<R extends Record<string, unknown>>(name: ServiceName, sql: string, params: unknown[] = []): Promise<R[]> {
    const client = new Client({ connectionString: databaseUrlFor(server(), databaseOf(name)) });
    await client.connect();
    try {
      await client.query('set session characteristics as transaction read only');
      return (await client.query<R>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  /** What a failing test prints: where every service's log is. */
  describeLogs(): string {
    return `service logs in ${this.logDir} (${SERVICES.map((n) => `${n}.log`).join(', ')})`;
  }
}
