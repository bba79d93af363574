// Shared steps of `npm start` and `npm test`: install dependencies, start (or find) Kafka and
// PostgreSQL through tools/infra/infra.sh, and create the Kafka topics.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function say(msg) {
  process.stderr.write(`utilia: ${msg}\n`);
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status ?? r.signal}`);
  }
  return r;
}

/** `npm ci` on a fresh clone (or when the lock file changed since the last install). */
export function installIfNeeded() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && existsSync(join(root, 'node_modules', '.bin', 'nx'))) return;
  say('installing dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (!existsSync(lock)) throw new Error('package-lock.json is missing');
}

/** Starts what is not running yet and returns the connection settings and what we started. */
export function startInfra() {
  run('bash', ['tools/infra/infra.sh', 'start'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const env = Object.fromEntries(
    readFileSync(join(root, '.infra', 'env'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return env;
}

export function stopInfra(started) {
  if (started.KAFKA_STARTED) run('bash', ['tools/infra/infra.sh', 'stop', 'kafka'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (started.POSTGRES_STARTED) run('bash', ['tools/infra/infra.sh', 'stop', 'postgres'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

export function nx(args, env) {
  return run(join(root, 'node_modules', '.bin', 'nx'), args, { env: { ...process.env, ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
}

/** Creates the platform's topics (node: the topic plan lives in libs/contracts, built by nx). */
export function createTopics(env) {
  run('node', [join(root, 'tools', 'run', 'topics.mjs')], { env: { ...process.env, ...env } });
}

export { spawn };
