import { execFile } from 'child_process';
import { createServer, connect, type Server, type Socket } from 'net';
import { join, resolve } from 'path';
import { promisify } from 'util';

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '..', '..', '..', '..');

/**
 * A second, private Kafka broker for tests that stop and start one (the shared broker of the test
 * run must stay up for everyone else). Started with the same script as the main one.
 */
export class PrivateBroker {
  readonly address: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(readonly port: number) {
    this.address = `127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, KAFKA_PORT: String(port), INFRA_DIR: join(repoRoot, '.infra', 'test-brokers') };
    delete env.KAFKA_BROKERS;
    this.env = env;
  }

  start(): Promise<unknown> {
    return run('bash', [join(repoRoot, 'tools/infra/infra.sh'), 'start', 'kafka'], { env: this.env });
  }

  stop(): Promise<unknown> {
    return run('bash', [join(repoRoot, 'tools/infra/infra.sh'), 'stop', 'kafka'], { env: this.env });
  }

  reset(): Promise<unknown> {
    return run('bash', [join(repoRoot, 'tools/infra/infra.sh'), 'reset', 'kafka'], { env: this.env });
  }
}

/**
 * A TCP relay to a real server that can be opened late and closed, to show what a service does
 * while its database cannot be reached.
 */
export class TcpRelay {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    return new Promise((r) => server.listen(this.port, '127.0.0.1', () => r()));
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    return new Promise((r) => (server ? server.close(() => r()) : r()));
  }
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolvePort(port));
    });
  });
}
