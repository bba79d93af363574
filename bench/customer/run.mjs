#!/usr/bin/env node
// Customer benchmark (not run in CI): the account 360 query with 100,000 accounts seeded.
//   1. builds contracts, platform and the customer app (tsc);
//   2. starts the customer service as a child process on its own database (utilia_bench_customer);
//   3. seeds the read models with ACCOUNTS accounts (one INSERT ... SELECT generate_series per table);
//   4. fires GET /api/v1/accounts/{id}/360 open-loop at RATE requests/s for SECONDS seconds
//      (random accounts, a csr token) and prints p50, p90, p99 and max latency.
// Usage: node bench/customer/run.mjs [--rate 200] [--seconds 30] [--accounts 100000] [--reseed]
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'package.json'));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RATE = opt('rate', 200);
const SECONDS = opt('seconds', 30);
const ACCOUNTS = opt('accounts', 100_000);
const RESEED = args.includes('--reseed');
const PORT = opt('port', 3901);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE_NAME = 'utilia_bench_customer';
const say = (msg) => process.stderr.write(`bench/customer: ${msg}\n`);

for (const project of ['libs/contracts/tsconfig.lib.json', 'libs/platform/tsconfig.lib.json', 'apps/customer/tsconfig.app.json']) {
  const r = spawnSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', project], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { Client } = require('pg');
const platform = require(path.join(root, 'libs/platform/dist/index.js'));

// --- the service, as a separate process so the load generator does not share its event loop
const service = spawn(process.execPath, [path.join(root, 'apps/customer/dist/main.js')], {
  cwd: root,
  env: { ...process.env, PORT: String(PORT), DATABASE_URL, DATABASE_NAME, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stopService = () => service.kill('SIGTERM');
process.on('exit', stopService);
const base = `http://127.0.0.1:${PORT}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/health`)).ok) break;
  } catch {
    // not up yet
  }
  if (i > 120) throw new Error('the customer service did not start');
  await new Promise((r) => setTimeout(r, 500));
}
say('service up (migrations applied)');

// --- seed
const db = new Client({ connectionString: platform.databaseUrlFor(DATABASE_URL, DATABASE_NAME) });
await db.connect();
const {
  rows: [{ n: existing }],
} = await db.query('select count(*)::int as n from rm_account');
if (RESEED || existing < ACCOUNTS) {
  const t0 = Date.now();
  say(`seeding ${ACCOUNTS} accounts`);
  await db.query('truncate rm_customer, rm_account, rm_premise, rm_service_point, rm_agreement, rm_work_order, rm_interaction, search_entry');
  // Ids are UUIDv7-shaped (version 7, variant 8): 12 hex digits of "time", a 3-digit table tag, the row number.
  const id = (tag, expr) => `(lpad(to_hex(1735689600000 + ${expr}), 12, '0') || '7${tag}' || '8' || lpad(to_hex(${expr}), 15, '0'))::uuid`;
  const tracked = `, '{}'::jsonb, 1, 'seed'`;
  const seed = [
    `insert into rm_customer (id, kind, display_name, details, protections, registered_at, stream_versions, revision, last_event_id)
     select ${id('001', 'i')}, 'person', 'Customer ' || i || ' ' || (array['Smith','Jones','Garcia','Nguyen','Okafor','Müller'])[1 + i % 6],
       jsonb_build_object('givenName', 'Customer ' || i, 'contactPoints', jsonb_build_array(jsonb_build_object('kind','email','value','c' || i || '@example.org','primary',true)),
         'preferences', jsonb_build_object('paperless', i % 2 = 0, 'language', 'en', 'channels', jsonb_build_array('email'))),
       case when i % 50 = 0 then jsonb_build_array(jsonb_build_object('kind','life-support','from','2024-01-01','to',null,'evidence','letter')) else '[]'::jsonb end,
       now()${tracked} from generate_series(1, $1) i`,
    `insert into rm_account (id, account_number, customer_id, status, currency, bill_cycle, billing_address, roles, opened_on, closed_on, stream_versions, revision, last_event_id)
     select ${id('002', 'i')}, lpad(i::text, 9, '0') || '0', ${id('001', 'i')}, 'open', 'USD', lpad((i % 20 + 1)::text, 2, '0'),
       jsonb_build_object('line1', i || ' Main St', 'city', 'Springfield', 'postalCode', '62701', 'country', 'US'),
       jsonb_build_array(jsonb_build_object('customerId', ${id('001', 'i')}::text, 'role', 'main')), date '2024-01-01', null${tracked}
     from generate_series(1, $1) i`,
    `insert into rm_premise (id, address, address_key, premise_type, landlord_account_id, stream_versions, revision, last_event_id)
     select ${id('003', 'i')}, jsonb_build_object('line1', i || ' Elm St', 'city', 'Springfield', 'postalCode', '62701', 'country', 'US'), i || ' elm st springfield 62701 us', 'house', null${tracked}
     from generate_series(1, $1) i`,
    // Every account has electricity; every third also water.
    `insert into rm_service_point (id, premise_id, commodity, market_id, connection_status, meter_serial, stream_versions, revision, last_event_id)
     select ${id('004', 'i')}, ${id('003', 'i')}, 'electricity', 'MP' || i, 'connected', 'EM' || lpad(i::text, 8, '0')${tracked} from generate_series(1, $1) i
     union all
     select ${id('005', 'i')}, ${id('003', 'i')}, 'water', 'WP' || i, 'connected', 'WM' || lpad(i::text, 8, '0')${tracked} from generate_series(3, $1, 3) i`,
    `insert into rm_agreement (id, account_id, service_point_id, commodity, tariffs, start_date, end_date, stop_reason, stream_versions, revision, last_event_id)
     select ${id('006', 'i')}, ${id('002', 'i')}, ${id('004', 'i')}, 'electricity', '[{"tariffCode":"E-1","from":"2024-01-01"},{"tariffCode":"E-TOU","from":"2025-01-01"}]'::jsonb, date '2024-01-01', null::date, null::text${tracked}
     from generate_series(1, $1) i
     union all
     select ${id('007', 'i')}, ${id('002', 'i')}, ${id('005', 'i')}, 'water', '[{"tariffCode":"W-1","from":"2024-01-01"}]'::jsonb, date '2024-01-01', null::date, null::text${tracked}
     from generate_series(3, $1, 3) i`,
    // One open and one completed work order per five accounts.
    `insert into rm_work_order (id, account_id, service_point_id, type, reason, status, appointment, requested_by, crew, notes, completion, cancel_reason, scheduled_at, stream_versions, revision, last_event_id)
     select ${id('008', 'i')}, ${id('002', 'i')}, ${id('004', 'i')}, 'read-check', 'customer-request', case when i % 10 = 0 then 'completed' else 'scheduled' end, null,
       '{"kind":"csr","ref":"seed"}', null, null, null, null, now() - (i % 100) * interval '1 day'${tracked}
     from generate_series(5, $1, 5) i`,
    // Five interactions per account (500,000 rows): the view shows the latest ten.
    `insert into rm_interaction (id, customer_id, account_id, channel, reason, notes, csr, links, occurred_at, stream_versions, revision, last_event_id)
     select ${id('009', 'i * 5 + k')}, ${id('001', 'i')}, ${id('002', 'i')}, (array['phone','email','chat'])[1 + k % 3], 'billing question', 'seeded interaction ' || k, 'csr-seed', '[]',
       now() - (k * 7) * interval '1 day'${tracked}
     from generate_series(1, $1) i, generate_series(0, 4) k`,
    `insert into search_entry (id, kind, term, label, customer_id, account_id, premise_id, service_point_id, stream_versions, revision, last_event_id)
     select 'name:' || ${id('001', 'i')}, 'name', lower(c.display_name), c.display_name, c.id, null::uuid, null::uuid, null::uuid${tracked}
     from generate_series(1, $1) i join rm_customer c on c.id = ${id('001', 'i')}
     union all
     select 'account-number:' || a.id, 'account-number', a.account_number, a.account_number, a.customer_id, a.id, null::uuid, null::uuid${tracked}
     from rm_account a`,
  ];
  // One transaction: an interrupted seed leaves nothing behind.
  await db.query('begin');
  for (const sql of seed) await db.query(sql, [ACCOUNTS]);
  await db.query('commit');
  await db.query('analyze');
  say(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
const { rows: ids } = await db.query('select id from rm_account');
await db.end();
say(`${ids.length} accounts in the read model`);

// --- load
const token = await platform.signToken({ subject: 'bench', roles: ['csr'] }, platform.readAuthConfig({}), { ttlSeconds: 3600 });
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function get(pathname) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port: PORT, path: pathname, agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (c) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
}
const pick = () => ids[Math.floor(Math.random() * ids.length)].id;

say('warming up (5 s at the target rate)');
async function drive(seconds) {
  const results = [];
  const pending = [];
  const interval = 1000 / RATE;
  const t0 = performance.now();
  for (let n = 0; n < RATE * seconds; n++) {
    // Open loop: each request is sent at its scheduled time whether or not earlier ones have answered.
    const due = t0 + n * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      get(`/api/v1/accounts/${pick()}/360`).then(
        (r) => results.push(r),
        (e) => results.push({ status: 0, ms: NaN, error: e.message }),
      ),
    );
  }
  await Promise.all(pending);
  return { results, seconds: (performance.now() - t0) / 1000 };
}
await drive(5);
say(`measuring: ${RATE} requests/s for ${SECONDS} s`);
const { results, seconds } = await drive(SECONDS);
const ok = results
  .filter((r) => r.status === 200)
  .map((r) => r.ms)
  .sort((a, b) => a - b);
const q = (p) => ok[Math.min(ok.length - 1, Math.ceil((p / 100) * ok.length) - 1)];
const bytes = results.reduce((s, r) => s + (r.bytes ?? 0), 0) / results.length;
console.log(
  JSON.stringify(
    {
      accounts: ids.length,
      targetRate: RATE,
      achievedRate: Number((results.length / seconds).toFixed(1)),
      requests: results.length,
      errors: results.length - ok.length,
      meanResponseBytes: Math.round(bytes),
      p50ms: Number(q(50).toFixed(2)),
      p90ms: Number(q(90).toFixed(2)),
      p99ms: Number(q(99).toFixed(2)),
      maxMs: Number(ok[ok.length - 1].toFixed(2)),
    },
    null,
    2,
  ),
);
stopService();
process.exit(0);
