#!/usr/bin/env node
// The rating service's quote benchmark: a year of hourly usage quoted on 5 tariffs through the HTTP API
// (the built service, apps/rating/dist/main.js, as a child process), paced at BENCH_RATE requests/s for
// the latency, then BENCH_CLIENTS clients back to back for the throughput at saturation; and, in the same
// run, the ceiling: the same quotes computed in this process with libs/rating, no HTTP, no database.
// Not run in CI. Build first: npx nx run-many -t build. See README.md.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const say = (msg) => process.stderr.write(`bench: ${msg}\n`);
const MAIN = path.join(root, 'apps/rating/dist/main.js');
for (const f of [MAIN, path.join(root, 'libs/rating/dist/index.js'), path.join(root, 'libs/platform/dist/index.js')]) {
  if (!fs.existsSync(f)) {
    say(`${path.relative(root, f)} missing: run \`npx nx run-many -t build\` first`);
    process.exit(1);
  }
}
const { Client } = require('pg');
const { signToken, readAuthConfig } = require('@utilia/platform');
const { rateCalendarMonths, profileValues } = require('@utilia/rating');

const num = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const RATE = num('BENCH_RATE', 20);
const PACED_SECONDS = num('BENCH_PACED_SECONDS', 30);
const CLIENTS = num('BENCH_CLIENTS', 4);
const SATURATION_SECONDS = num('BENCH_SATURATION_SECONDS', 20);
const PORT = 3913;
const DB = 'utilia_bench_rating';
const SERVER = 'postgres://postgres@127.0.0.1:5432';
const CODES = ['E-RES-FLAT', 'E-RES-TIER', 'E-RES-TOU-C', 'E-RES-TOU-PRIME', 'E-RES-EV-TOU'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

// A year of hourly usage from 2026-01-01 00:00 in Los Angeles: NREL SAM's test house (fixtures/loads).
const kw = profileValues(fs.readFileSync(path.join(root, 'fixtures/loads/ssc-residential-load-hourly.csv'), 'utf8'), 'load').map(Number);
const importWh = kw.map((v) => Math.round(v * 1000));
const start = '2026-01-01T08:00:00.000Z';
const body = JSON.stringify({ tariffCodes: CODES.slice(1), currentTariffCode: CODES[0], usage: { intervals: { start, intervalMinutes: 60, importWh } } });

async function main() {
  const admin = new Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`drop database if exists ${DB} with (force)`);
  await admin.query(`create database ${DB}`);
  await admin.end();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'utilia-bench-rating-'));
  const log = fs.openSync(path.join(tmp, 'rating.log'), 'w');
  const env = { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATABASE_URL: `${SERVER}/postgres`, DATABASE_NAME: DB, LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, [MAIN], { cwd: root, env, stdio: ['ignore', log, log] });
  const base = `http://127.0.0.1:${PORT}/api/v1`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${PORT}/health/ready`)).status === 200) break;
      } catch {
        // not up yet
      }
      if (i > 240) throw new Error(`the rating service did not start: ${path.join(tmp, 'rating.log')}`);
      await sleep(250);
    }
    const token = await signToken({ subject: 'bench', roles: ['admin'], accounts: [] }, readAuthConfig({}), { ttlSeconds: 3600 });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const seeded = await (await fetch(`${base}/catalog/seed`, { method: 'POST', headers, body: '{}' })).json();
    say(`seed catalog: ${seeded.created.length} tariffs published`);
    const quote = async () => {
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${base}/quotes`, { method: 'POST', headers, body });
      const answer = await res.json();
      if (res.status !== 200) throw new Error(`quote answered ${res.status}: ${JSON.stringify(answer)}`);
      return { ms: Number(process.hrtime.bigint() - t0) / 1e6, answer };
    };
    // Warm up (JIT, connections, compiled tariffs).
    let sample;
    for (let i = 0; i < 20; i++) sample = (await quote()).answer;
    const rss = () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : undefined;
    };

    // Paced: RATE requests/s, each on its own schedule (open loop), for PACED_SECONDS.
    const latencies = [];
    const total = RATE * PACED_SECONDS;
    const t0 = Date.now();
    const inFlight = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      inFlight.push(quote().then((r) => latencies.push(r.ms)));
    }
    await Promise.all(inFlight);
    latencies.sort((a, b) => a - b);
    const paced = {
      requests: latencies.length,
      rate: RATE,
      p50Ms: round(quantile(latencies, 0.5)),
      p99Ms: round(quantile(latencies, 0.99)),
      maxMs: round(latencies[latencies.length - 1]),
    };
    say(`paced ${RATE}/s for ${PACED_SECONDS} s: p50 ${paced.p50Ms} ms, p99 ${paced.p99Ms} ms, max ${paced.maxMs} ms`);

    // Saturation: CLIENTS clients back to back.
    let done = 0;
    const s0 = Date.now();
    const until = s0 + SATURATION_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() < until) {
          await quote();
          done++;
        }
      }),
    );
    const saturation = {
      clients: CLIENTS,
      requests: done,
      seconds: round((Date.now() - s0) / 1000, 2),
      requestsPerSecond: round(done / ((Date.now() - s0) / 1000)),
    };
    say(`saturation with ${CLIENTS} clients: ${saturation.requestsPerSecond} quotes/s`);

    // The ceiling: the same five quotes with libs/rating in this process, from the tariffs the service quoted.
    const { publishedTariffs } = require('./tariffs');
    const rated = await publishedTariffs(base, headers, CODES);
    const usage = { load: { start, intervalMinutes: 60, wh: importWh } };
    let n = 0;
    const c0 = Date.now();
    while (Date.now() - c0 < 5000) {
      for (const t of rated) rateCalendarMonths({ tariff: t, usage, account: { metering: 'none' }, from: '2026-01-01', to: '2027-01-01' });
      n++;
    }
    const ceiling = {
      quotesPerSecond: round(n / ((Date.now() - c0) / 1000)),
      method: 'rateCalendarMonths of the 5 tariffs in this process (no HTTP, no database, no JSON)',
    };
    say(`ceiling: ${ceiling.quotesPerSecond} quotes/s in process`);
    const same =
      sample.quotes.find((q) => q.tariffCode === CODES[0]).total ===
      rateCalendarMonths({ tariff: rated[0], usage, account: { metering: 'none' }, from: '2026-01-01', to: '2027-01-01' }).total;
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      request: { tariffs: CODES.length, intervals: importWh.length, bytes: body.length },
      paced,
      saturation,
      ceiling,
      saturationToCeiling: round(saturation.requestsPerSecond / ceiling.quotesPerSecond, 3),
      serviceRssMb: round(rss()),
      sameTotalsAsLibsRating: same,
      aim: { p99Ms: 50, met: paced.p99Ms < 50 },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((e) => {
  say(`failed: ${e.stack ?? e}`);
  process.exit(1);
});
