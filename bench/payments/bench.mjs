#!/usr/bin/env node
// Payments benchmark (not run in CI): payments posted through the API with Idempotency-Keys.
//   1. builds contracts, platform, rating and the payments app (tsc) and starts the payments service
//      as a child process on its own database (utilia_bench_payments), with the broker of KAFKA_BROKERS;
//   2. seeds ACCOUNTS accounts, each with two open invoices posted to the ledger (set-based SQL, the
//      rows the invoice consumer would write);
//   3. the ceiling: GET /health closed-loop with CONCURRENCY connections (the HTTP stack alone);
//   4. throughput at saturation: POST /payments closed-loop with CONCURRENCY connections for SECONDS;
//   5. latency at RATE payments/s open-loop for SECONDS: p50, p90, p99, max;
//   6. the ledger check: debits = credits, every account's balance = its receivable lines, one
//      payment per request answered 201, and a replay of a key answers the first answer.
// Usage: node bench/payments/bench.mjs [--accounts 10000] [--concurrency 32] [--seconds 20] [--rate 500]
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'package.json'));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ACCOUNTS = opt('accounts', 10_000);
const CONCURRENCY = opt('concurrency', 32);
const SECONDS = opt('seconds', 20);
const RATE = opt('rate', 500);
const PORT = opt('port', 3905);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const DATABASE_NAME = 'utilia_bench_payments';
const say = (msg) => process.stderr.write(`bench/payments: ${msg}\n`);

for (const project of [
  'libs/contracts/tsconfig.lib.json',
  'libs/platform/tsconfig.lib.json',
  'libs/rating/tsconfig.lib.json',
  'apps/payments/tsconfig.app.json',
]) {
  const r = spawnSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', project], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { Client } = require('pg');
const platform = require(path.join(root, 'libs/platform/dist/index.js'));

// A fresh database each run: the ledger check counts everything in it.
const admin = new Client({ connectionString: DATABASE_URL });
await admin.connect();
await admin.query(`drop database if exists ${DATABASE_NAME} with (force)`);
await admin.end();

// --profile DIR: the service writes a V8 CPU profile there when it stops (bench/metering-ingest/profile.js summarises it).
const profileDir = args.includes('--profile') ? args[args.indexOf('--profile') + 1] : undefined;
const service = spawn(process.execPath, [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), path.join(root, 'apps/payments/dist/main.js')], {
  cwd: root,
  env: { ...process.env, PORT: String(PORT), DATABASE_URL, DATABASE_NAME, KAFKA_BROKERS, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.on('exit', () => service.kill('SIGTERM'));
const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(CONCURRENCY, 256) });
const request = (method, p, body, headers = {}) =>
  new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port: PORT,
        method,
        path: p,
        agent,
        headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
for (let i = 0; ; i++) {
  const ready = await request('GET', '/health/ready').catch(() => undefined);
  if (ready?.status === 200) break;
  if (i > 240) throw new Error('the payments service did not become ready');
  await new Promise((r) => setTimeout(r, 500));
}
say('service ready (migrations applied)');

// --- seed: accounts, each with two invoices (100.00 and 50.00) on the ledger and open
const db = new Client({ connectionString: platform.databaseUrlFor(DATABASE_URL, DATABASE_NAME) });
await db.connect();
const t0 = Date.now();
const id = (tag, expr) => `(lpad(to_hex(1735689600000 + ${expr}), 12, '0') || '7${tag}' || '8' || lpad(to_hex(${expr}), 15, '0'))::uuid`;
await db.query('begin');
await db.query(
  `insert into p_account (id, account_number, customer_id, currency, customer_class, bill_cycle, opened_on, stream_versions, revision, last_event_id)
   select ${id('001', 'i')}, lpad(i::text, 10, '0'), ${id('002', 'i')}, 'USD', 'residential', '07', '2026-01-01', '{}', 1, 'seed' from generate_series(1, $1) i`,
  [ACCOUNTS],
);
for (const [k, amount, issued, due] of [
  [1, '100.00', '2026-02-07', '2026-02-28'],
  [2, '50.00', '2026-03-07', '2026-03-28'],
]) {
  const inv = `(i * 2 + ${k})`;
  await db.query(
    `insert into journal_entry (id, kind, source, account_id, reference, description, occurred_on, currency)
     select ${id('003', inv)}, 'invoice', 'invoice:' || ${id('004', inv)}, ${id('001', 'i')}, 'INV-' || lpad(${inv}::text, 9, '0'), 'seeded invoice', $2, 'USD'
       from generate_series(1, $1) i`,
    [ACCOUNTS, issued],
  );
  await db.query(
    `insert into journal_line (entry_id, ledger_code, account_id, component, debit, credit)
     select ${id('003', inv)}, '1100', ${id('001', 'i')}, null, $2::numeric, 0 from generate_series(1, $1) i
     union all select ${id('003', inv)}, '4100', null, 'energy', 0, $2::numeric from generate_series(1, $1) i`,
    [ACCOUNTS, amount],
  );
  await db.query(
    `insert into open_item (id, account_id, kind, source_id, number, description, issued_on, due_date, currency, amount, open_amount)
     select ${id('005', inv)}, ${id('001', 'i')}, 'invoice', ${id('004', inv)}, 'INV-' || lpad(${inv}::text, 9, '0'), 'seeded invoice', $2, $3, 'USD', $4::numeric, $4::numeric
       from generate_series(1, $1) i`,
    [ACCOUNTS, issued, due, amount],
  );
}
await db.query(`insert into account_balance (account_id, currency, balance) select ${id('001', 'i')}, 'USD', 150 from generate_series(1, $1) i`, [ACCOUNTS]);
await db.query('commit');
await db.query('analyze');
const accounts = (await db.query('select id from p_account order by id')).rows.map((r) => r.id);
say(`seeded ${ACCOUNTS} accounts with 2 invoices each in ${Date.now() - t0} ms`);

const authConfig = platform.readAuthConfig({});
const token = await platform.signToken({ subject: 'bench-payments', roles: ['billing-ops'], accounts: [] }, authConfig, { ttlSeconds: 3600 });
const auth = { authorization: `Bearer ${token}` };
let sequence = 0;
const paymentBody = () => ({
  accountId: accounts[Math.floor(Math.random() * accounts.length)],
  amount: { amount: '12.34', currency: 'USD' },
  channel: 'bank-transfer',
  reference: `BENCH-${++sequence}`,
});
const pay = (body, key = randomUUID()) => request('POST', '/api/v1/payments', body, { ...auth, 'idempotency-key': key });

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const cpuOf = (pid) => {
  try {
    const f = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
};

/** Closed loop: CONCURRENCY clients, each sending the next request when its answer came. */
async function saturate(label, send, seconds) {
  const end = Date.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  const cpu0 = cpuOf(service.pid);
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const r = await send();
        if (r.status < 300) ok++;
        else {
          failed++;
          if (failed <= 3) say(`${label}: ${r.status} ${r.body.slice(0, 200)}`);
        }
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const cpu = cpuOf(service.pid) - cpu0;
  return { perSecond: ok / elapsed, ok, failed, serviceCpu: cpu / elapsed };
}

/** Open loop: requests at a fixed rate whatever the answers, latency from the scheduled start. */
async function paced(rate, seconds) {
  const latencies = [];
  let failed = 0;
  const total = rate * seconds;
  const started = performance.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      pay(paymentBody()).then((r) => {
        if (r.status !== 201) failed++;
        latencies.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(inflight);
  return { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: Math.max(...latencies), failed, sent: total };
}

// Warm-up (JIT, prepared plans, pools).
const warm = await saturate('warm-up', () => pay(paymentBody()), 3);
const ceiling = await saturate('ceiling', () => request('GET', '/health'), Math.min(SECONDS, 10));
say(`ceiling GET /health: ${ceiling.perSecond.toFixed(0)}/s`);
const saturation = await saturate('payments', () => pay(paymentBody()), SECONDS);
say(`saturation: ${saturation.perSecond.toFixed(0)} payments/s (${saturation.failed} failed), service CPU ${(saturation.serviceCpu * 100).toFixed(0)} %`);
const latency = await paced(RATE, SECONDS);
say(`at ${RATE}/s: p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`);

// --- the ledger check
const replayBody = paymentBody();
const key = randomUUID();
const first = await pay(replayBody, key);
const replay = await pay(replayBody, key);
const q = async (sql) => (await db.query(sql)).rows[0];
const journal = await q('select sum(debit)::text as debit, sum(credit)::text as credit, count(distinct entry_id)::int as entries from journal_line');
const mismatched = await q(
  `select count(*)::int as n from account_balance b
    where b.balance <> coalesce((select sum(debit - credit) from journal_line l where l.ledger_code = '1100' and l.account_id = b.account_id), 0)`,
);
const payments = await q('select count(*)::int as n from payment');
const openCheck = await q(`select count(*)::int as n from open_item where open_amount < 0 or open_amount > amount`);
const report = {
  accounts: ACCOUNTS,
  concurrency: CONCURRENCY,
  ceilingHealthPerSecond: Math.round(ceiling.perSecond),
  paymentsPerSecond: Math.round(saturation.perSecond),
  ratioToCeiling: Number((saturation.perSecond / ceiling.perSecond).toFixed(3)),
  serviceCpuAtSaturation: Number(saturation.serviceCpu.toFixed(2)),
  paced: {
    rate: RATE,
    p50Ms: Number(latency.p50.toFixed(1)),
    p90Ms: Number(latency.p90.toFixed(1)),
    p99Ms: Number(latency.p99.toFixed(1)),
    maxMs: Number(latency.max.toFixed(1)),
    failed: latency.failed,
  },
  ledger: {
    debits: journal.debit,
    credits: journal.credit,
    balanced: journal.debit === journal.credit,
    entries: journal.entries,
    accountBalancesMatchingReceivable: mismatched.n === 0,
    openItemsWithinBounds: openCheck.n === 0,
    payments: payments.n,
    paymentsAnswered201: warm.ok + saturation.ok + (latency.sent - latency.failed) + 1,
  },
  replay: { sameAnswer: first.body === replay.body, replayedHeader: replay.headers['idempotent-replayed'] === 'true' },
};
console.log(JSON.stringify(report, null, 2));
await db.end();
service.kill('SIGTERM');
await new Promise((r) => service.once('exit', r));
process.exit(0);
