// `npm start`: the whole system on this machine. Installs what is missing, starts Kafka and
// PostgreSQL (or uses the configured ones), builds, creates topics, starts the five services
// (their migrations run at start), seeds the demo utility on the first start (tools/demo; not with
// `--no-seed`) and prints where each answers. Ctrl-C stops what it started.
// UTILIA_DB_PREFIX (default `utilia`) names the databases `<prefix>_<service>`. The services' JSON
// logs go to `.data/logs/<service>.log` (appended), so the terminal shows the seed's progress and
// the summary; `npm start -- --logs` shows them in the terminal instead.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTopics, installIfNeeded, nx, root, say, startInfra, stopInfra } from './common.mjs';

const services = [
  ['customer', 3001],
  ['metering', 3002],
  ['rating', 3003],
  ['invoicing', 3004],
  ['payments', 3005],
];

const seeding = !process.argv.includes('--no-seed');
const logsHere = process.argv.includes('--logs');
const logDir = join(root, '.data', 'logs');
const dbPrefix = process.env.UTILIA_DB_PREFIX ?? 'utilia';

installIfNeeded();
const infra = startInfra();
// `npm run infra -- reset` stops this process first (its services hold the databases it drops).
const pidFile = join(process.env.INFRA_DIR ?? join(root, '.infra'), 'start.pid');
mkdirSync(join(pidFile, '..'), { recursive: true });
writeFileSync(pidFile, `${process.pid}\n`);
nx(['run-many', '-t', 'build', '--output-style=static'], infra);
createTopics(infra);

const children = services.map(([name, port]) => {
  const env = { ...process.env, ...infra, PORT: String(process.env[`${name.toUpperCase()}_PORT`] ?? port), DATABASE_NAME: `${dbPrefix}_${name}` };
  // Rating loads its seed catalog (apps/rating/src/seed) at start unless `npm start -- --no-seed`.
  if (name === 'rating' && seeding) env.RATING_SEED_CATALOG = process.env.RATING_SEED_CATALOG ?? 'true';
  // The demo's customers moved in three months before their third bill: further back than the 60 days a CSR may backdate.
  if (name === 'customer' && seeding) env.BACKDATE_LIMIT_DAYS = process.env.BACKDATE_LIMIT_DAYS ?? '120';
  // The 360 view links invoice PDFs to wherever invoicing listens here.
  if (name === 'customer') env.INVOICING_BASE_URL = process.env.INVOICING_BASE_URL ?? `http://127.0.0.1:${process.env.INVOICING_PORT ?? 3004}`;
  mkdirSync(logDir, { recursive: true });
  const log = logsHere ? 'inherit' : openSync(join(logDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, [join(root, 'apps', name, 'dist', 'main.js')], { cwd: root, env, stdio: ['ignore', log, log] });
  child.on('exit', (code, signal) => {
    if (!stopping) say(`${name} exited (${code ?? signal})${logsHere ? '' : `: see ${join('.data', 'logs', `${name}.log`)}`}`);
  });
  return { name, port: env.PORT, child };
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  say('stopping services');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  stopInfra(infra);
  rmSync(pidFile, { force: true });
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// Print the addresses once every service says it is ready.
const deadline = Date.now() + 120_000;
const pending = new Set(children.map((c) => c.name));
while (pending.size && Date.now() < deadline && !stopping) {
  for (const c of children) {
    if (!pending.has(c.name)) continue;
    const ok = await fetch(`http://127.0.0.1:${c.port}/health/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) pending.delete(c.name);
  }
  await new Promise((r) => setTimeout(r, 500));
}
// The demo utility, once: the seed looks for its own marker through the customer API first.
if (seeding && pending.size === 0 && !stopping) {
  const { seedDemo, summaryText } = await import('../demo/seed.mjs');
  const urls = Object.fromEntries(children.map((c) => [c.name, `http://127.0.0.1:${c.port}`]));
  try {
    const summary = await seedDemo({ urls, brokers: infra.KAFKA_BROKERS, customers: Number(process.env.DEMO_CUSTOMERS ?? 1000) });
    say(summaryText(summary, urls));
  } catch (e) {
    say(`the demo seed failed: ${e.message}`);
  }
}
const lines = children.map(
  (c) => `  ${c.name.padEnd(10)} http://127.0.0.1:${c.port}/api/v1  docs http://127.0.0.1:${c.port}/docs  (${pending.has(c.name) ? 'NOT READY' : 'ready'})`,
);
const logs = logsHere ? '' : `\n  logs       ${join('.data', 'logs')}/<service>.log (JSON lines; \`npm start -- --logs\` shows them here)`;
say(`Utilia is up:\n${lines.join('\n')}\n  kafka      ${infra.KAFKA_BROKERS}${logs}\nPress Ctrl-C to stop.`);
