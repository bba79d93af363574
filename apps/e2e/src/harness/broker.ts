import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { brokers, root } from './system';

/**
 * The test run's broker when this repository's tools/infra started it (what `npm test` does, or
 * `KAFKA_PORT=<port> tools/infra/infra.sh start kafka`): one address on this machine whose
 * `.infra/kafka-<port>/kafka.pid` names a live process. Undefined for a broker run by anyone else,
 * which a test must not restart.
 */
export function ownBroker(): { port: number } | undefined {
  const list = brokers().split(',');
  if (list.length !== 1) return undefined;
  const [host, port] = list[0].split(':');
  if (host !== '127.0.0.1' && host !== 'localhost') return undefined;
  const pidFile = path.join(root, '.infra', `kafka-${port}`, 'kafka.pid');
  if (!existsSync(pidFile)) return undefined;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 0);
  } catch {
    return undefined;
  }
  return { port: Number(port) };
}

/**
 * `tools/infra/infra.sh <command> kafka` for the broker on `port`: the same port, the same state
 * folder (its data is kept: `stop` ends the process, `start` runs it again on what it had).
 * `start` rewrites `.infra/env`, which `npm test` and `npm start` read for their own run: it is put back.
 */
async function infra(command: 'start' | 'stop', port: number): Promise<void> {
  const envFile = path.join(root, '.infra', 'env');
  const saved = existsSync(envFile) ? readFileSync(envFile) : undefined;
  try {
    await promisify(execFile)('bash', [path.join(root, 'tools', 'infra', 'infra.sh'), command, 'kafka'], {
      cwd: root,
      // Empty KAFKA_BROKERS: infra.sh starts the broker rather than pointing at one.
      env: { ...process.env, KAFKA_PORT: String(port), KAFKA_BROKERS: '' },
      timeout: 120_000,
    });
  } finally {
    if (saved) writeFileSync(envFile, saved);
  }
}

/** Stops the broker and starts it again on the same port with its data; it is started again even when stopping failed. */
export async function restartBroker(port: number): Promise<void> {
  try {
    await infra('stop', port);
  } finally {
    await infra('start', port);
  }
}

/** Starts the broker on `port` again if it is not running (a test that failed between stop and start). */
export async function ensureBroker(port: number): Promise<void> {
  if (!ownBroker()) await infra('start', port);
}
